// The per-line validator on arbitrary bytes (one chunk of lines): no crash, no read past the
// padding, every line counted once, and the same findings, references, definitions and counts
// with PlainPostReader decoding the plain post lines as with the DOM decoder alone: both fill the
// same PostData for the one validate_post, so the two decoders must agree on every line either
// takes, findings included (the shortcut never changes a verdict).
#include <cstdlib>

#include "stages/validate/LineValidator.h"
#include "tests/fuzz/FuzzInput.h"
#include "tests/fuzz/SameValidation.h"

using mm::validate::LineValidator;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static simdjson::dom::parser parser;
  static mm::validate::ValidateOptions options;
  mm::Chunk chunk;
  mm::fuzz::fill_chunk(chunk, data, size);
  LineValidator full(options, nullptr, mm::ScannerKernel::kNone);
  LineValidator::Result expected;
  uint32_t lines = full.process(chunk, parser, expected);
  uint64_t counted = 0;
  for (uint64_t n : expected.counts) counted += n;
  if (counted != lines) std::abort();
  LineValidator shortcut(options, nullptr);
  LineValidator::Result got;
  if (shortcut.process(chunk, parser, got) != lines || !mm::fuzz::same_validation(got, expected)) std::abort();
  return 0;
}
