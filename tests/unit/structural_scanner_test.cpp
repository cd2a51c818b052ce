#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "jsonl/StructuralScanner.h"
#include "tests/unit/TestUtil.h"

namespace mm {
namespace {

struct Event {
  size_t at;
  bool in_string;
  bool operator==(const Event&) const = default;
};

std::vector<Event> scan(const std::string& text, ScannerKernel kernel) {
  Chunk chunk;
  test::fill_chunk(chunk, text);
  std::vector<Event> events;
  scan_structurals(kernel, chunk.data, chunk.data + chunk.size, [&](const char* p, bool in_string) {
    events.push_back({static_cast<size_t>(p - chunk.data), in_string});
  });
  return events;
}

// The same, one byte at a time.
std::vector<Event> scan_bytewise(const std::string& text) {
  std::vector<Event> events;
  bool in_string = false, escaped = false;
  size_t block_start = 0;  // the scanner starts its 64-byte blocks anew after a broken line
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '\n') {
      events.push_back({i, in_string});
      if (in_string) block_start = i + 1;
      in_string = escaped = false;
      continue;
    }
    bool is_escaped = escaped;  // a backslash escapes the next byte; only a quote cares
    escaped = c == '\\' && !is_escaped;
    if (c == '"' && !is_escaped) {
      in_string = !in_string;
    } else if (!in_string && (c == '{' || c == '}' || c == '[' || c == ']')) {
      bool empty_array = c == '[' && i + 1 < text.size() && text[i + 1] == ']' && (i - block_start) % 64 != 63;
      if (empty_array) ++i;  // "[]" within a block is left out
      else events.push_back({i, false});
    }
  }
  return events;
}

TEST(StructuralScanner, BracketsOutsideStringsAndNewlines) {
  if (!structural_scanner_available()) GTEST_SKIP() << "no AVX2";
  for (ScannerKernel kernel : test::scanner_kernels()) {
  SCOPED_TRACE(scanner_kernel_name(kernel));
  std::string text = R"({"a":"{[x]}","b":[1,{"c":"\"}"}]})" "\n" R"({"k\\":"]"})";
  std::vector<Event> expected = {{0, false}, {17, false}, {20, false}, {30, false}, {31, false}, {32, false},
                                 {33, false}, {34, false}, {44, false}};
  EXPECT_EQ(scan(text, kernel), expected);
  EXPECT_EQ(scan(text, kernel), scan_bytewise(text));
  }
}

TEST(StructuralScanner, EmptyArraysWithinABlockAreLeftOut) {
  if (!structural_scanner_available()) GTEST_SKIP() << "no AVX2";
  std::string straddling = std::string(63, ' ') + "[]";  // '[' ends a block, ']' starts the next
  for (ScannerKernel kernel : test::scanner_kernels()) {
    EXPECT_EQ(scan(R"({"a":[],"b":[[]]})", kernel), (std::vector<Event>{{0, false}, {12, false}, {15, false}, {16, false}}));
    EXPECT_EQ(scan(straddling, kernel), (std::vector<Event>{{63, false}, {64, false}}));
    Chunk chunk;  // "[" with "]" past its end, as a reused buffer may hold
    test::fill_chunk(chunk, "[]");
    std::vector<size_t> at;
    scan_structurals(kernel, chunk.data, chunk.data + 1, [&](const char* p, bool) { at.push_back(p - chunk.data); });
    EXPECT_EQ(at, std::vector<size_t>{0});
  }
}

TEST(StructuralScanner, UnterminatedStringEndsAtItsLine) {
  if (!structural_scanner_available()) GTEST_SKIP() << "no AVX2";
  std::string text = "{\"a\":\"open\n{\"b\":1}\n";
  std::vector<Event> expected = {{0, false}, {10, true}, {11, false}, {17, false}, {18, false}};
  for (ScannerKernel kernel : test::scanner_kernels()) EXPECT_EQ(scan(text, kernel), expected);
}

TEST(StructuralScanner, MatchesBytewiseScanOnRandomInput) {
  if (!structural_scanner_available()) GTEST_SKIP() << "no AVX2";
  // Runs of backslashes and quotes across 64-byte block boundaries are what this exercises.
  const std::string alphabet = "\"\\\\\\{}[]\nab:,";
  std::mt19937 rng(7);
  for (int round = 0; round < 2000; ++round) {
    std::string text(round < 1950 ? rng() % 300 : 4000 + rng() % 6000, ' ');  // a few span batches
    for (char& c : text) c = alphabet[rng() % alphabet.size()];
    for (ScannerKernel kernel : test::scanner_kernels())
      ASSERT_EQ(scan(text, kernel), scan_bytewise(text)) << scanner_kernel_name(kernel) << " input: " << text;
  }
}

}  // namespace
}  // namespace mm
