// peek_type skips a nested value (a post's payload) with a structural kernel
// (jsonl/kernels/generic/SkipNested.h): each kernel finds the same closing bracket as a byte-by-byte
// walk, on values across 64-byte blocks, with brackets, quotes and backslash runs inside strings,
// and on values that do not close.
#include <gtest/gtest.h>

#include <random>
#include <string>

#include "jsonl/StructuralScanner.h"
#include "tests/unit/TestUtil.h"

namespace mm {
namespace {

// The reference: one byte at a time. A quote after an odd run of backslashes is escaped wherever
// it is (inside a string as JSON reads it; outside one the line is not JSON and any answer would
// do, but every walker reads it so); a bracket counts outside strings.
const char* skip_nested_bytewise(const char* p, const char* end) {
  size_t depth = 0;
  bool in_string = false, escaped = false;
  for (const char* q = p; q < end; ++q) {
    bool is_escaped = escaped;
    escaped = *q == '\\' && !is_escaped;
    if (*q == '"' && !is_escaped) in_string = !in_string;
    else if (in_string) continue;
    else if (*q == '{' || *q == '[') ++depth;
    else if ((*q == '}' || *q == ']') && --depth == 0) return q + 1;
  }
  return nullptr;
}

const char* skip_with(ScannerKernel kernel, const char* p, const char* end, const char* readable_end) {
#ifdef MATTERMERGE_HAS_STRUCTURAL_SCANNER
  if (kernel == ScannerKernel::kAvx512) return scanner_avx512::skip_nested(p, end, readable_end);
  if (kernel == ScannerKernel::kAvx2) return scanner_avx2::skip_nested(p, end, readable_end);
#endif
  (void)readable_end;
  (void)kernel;
  return skip_nested_bytewise(p, end);
}

// Each kernel, with the last block copied (nothing readable past the end) and read in place over
// 64 bytes of brackets, quotes and backslashes after the end, which must change nothing.
void expect_same(const std::string& text) {
  std::string padded = text + std::string(64, '}') + "\\\"]]";
  const char* p = padded.data();
  const char* end = p + text.size();
  const char* want = skip_nested_bytewise(p, end);
  for (ScannerKernel kernel : test::scanner_kernels()) {
    EXPECT_EQ(skip_with(kernel, p, end, end), want) << scanner_kernel_name(kernel) << ": " << text;
    EXPECT_EQ(skip_with(kernel, p, end, p + padded.size()), want) << scanner_kernel_name(kernel) << " in place: " << text;
  }
}

TEST(SkipNested, KnownShapes) {
  expect_same(R"({})");
  expect_same(R"({"a":1},"type":"user"})");
  expect_same(R"({"m":"a } ] { [ \" }"}, "x")");
  expect_same(R"({"m":"ends in a backslash \\"},"type":"user"})");
  expect_same(R"({"m":"\\\"}"},"t")");
  expect_same(R"([[[],[{}]],{"a":[1,2,{"b":"]"}]}])");
  expect_same(R"({"never":"closes")");
  expect_same(R"({"open":"string})");
  expect_same(R"({"a":{"b":{"c":1}})");
  // Across 64-byte blocks: a string, a backslash run and a bracket at each offset of a boundary.
  for (size_t pad = 0; pad < 140; ++pad) {
    std::string filler(pad, 'x');
    expect_same("{\"m\":\"" + filler + "\\\\\"}, \"after\"}");
    expect_same("{\"m\":\"" + filler + "\\\"}\"}, \"after\"}");
    expect_same("{\"m\":[" + std::string(pad, '[') + std::string(pad, ']') + "]}tail");
    expect_same("{\"" + filler + "\":{}}");
  }
}

TEST(SkipNested, RandomBytesOfJsonClasses) {
  std::mt19937 rng(7);
  const char classes[] = {'{', '}', '[', ']', '"', '\\', 'a', ' ', ':', ','};
  for (int round = 0; round < 5000; ++round) {
    std::string text = "{";
    size_t size = rng() % 300;
    for (size_t i = 0; i < size; ++i) text += classes[rng() % sizeof classes];
    expect_same(text);
  }
}

}  // namespace
}  // namespace mm
