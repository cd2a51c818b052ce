#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "stages/StructuralScanner.h"
#include "tests/unit/TestUtil.h"

namespace mm {
namespace {

struct Event {
  size_t at;
  bool in_string;
  bool operator==(const Event&) const = default;
};

std::vector<Event> scan(const std::string& text) {
  Chunk chunk;
  test::fill_chunk(chunk, text);
  std::vector<Event> events;
  scan_structurals(chunk.data, chunk.data + chunk.size, [&](const char* p, bool in_string) {
    events.push_back({static_cast<size_t>(p - chunk.data), in_string});
  });
  return events;
}

// The same, one byte at a time.
std::vector<Event> scan_bytewise(const std::string& text) {
  std::vector<Event> events;
  bool in_string = false, escaped = false;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '\n') {
      events.push_back({i, in_string});
      in_string = escaped = false;
      continue;
    }
    bool is_escaped = escaped;  // a backslash escapes the next byte; only a quote cares
    escaped = c == '\\' && !is_escaped;
    if (c == '"' && !is_escaped) in_string = !in_string;
    else if (!in_string && (c == '{' || c == '}' || c == '[' || c == ']')) events.push_back({i, false});
  }
  return events;
}

TEST(StructuralScanner, BracketsOutsideStringsAndNewlines) {
  if (!structural_scanner_available()) GTEST_SKIP() << "no AVX2";
  std::string text = R"({"a":"{[x]}","b":[1,{"c":"\"}"}]})" "\n" R"({"k\\":"]"})";
  std::vector<Event> expected = {{0, false}, {17, false}, {20, false}, {30, false}, {31, false}, {32, false},
                                 {33, false}, {34, false}, {44, false}};
  EXPECT_EQ(scan(text), expected);
  EXPECT_EQ(scan(text), scan_bytewise(text));
}

TEST(StructuralScanner, UnterminatedStringEndsAtItsLine) {
  if (!structural_scanner_available()) GTEST_SKIP() << "no AVX2";
  std::string text = "{\"a\":\"open\n{\"b\":1}\n";
  std::vector<Event> expected = {{0, false}, {10, true}, {11, false}, {17, false}, {18, false}};
  EXPECT_EQ(scan(text), expected);
}

TEST(StructuralScanner, MatchesBytewiseScanOnRandomInput) {
  if (!structural_scanner_available()) GTEST_SKIP() << "no AVX2";
  // Runs of backslashes and quotes across 64-byte block boundaries are what this exercises.
  const std::string alphabet = "\"\\\\\\{}[]\nab:,";
  std::mt19937 rng(7);
  for (int round = 0; round < 2000; ++round) {
    std::string text(round < 1950 ? rng() % 300 : 4000 + rng() % 6000, ' ');  // a few span batches
    for (char& c : text) c = alphabet[rng() % alphabet.size()];
    ASSERT_EQ(scan(text), scan_bytewise(text)) << "input: " << text;
  }
}

}  // namespace
}  // namespace mm
