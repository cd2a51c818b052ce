// The per-line validator on arbitrary bytes (one chunk of lines): no crash, no read past the
// padding, every line counted once, and the same findings, references, definitions and counts
// with PlainPostReader decoding the plain post lines as with the DOM decoder alone: both fill the
// same PostData for the one validate_post, so the two decoders must agree on every line either
// takes, findings included (the shortcut never changes a verdict).
#include <cstdlib>

#include "stages/validate/LineValidator.h"
#include "tests/fuzz/FuzzInput.h"

namespace {

using mm::validate::LineValidator;

bool same(const LineValidator::Result& a, const LineValidator::Result& b) {
  if (a.counts != b.counts || a.out.findings.size() != b.out.findings.size() ||
      a.out.findings.total() != b.out.findings.total() || a.out.refs.size() != b.out.refs.size() ||
      a.out.defs.size() != b.out.defs.size())
    return false;
  for (size_t i = 0; i < a.out.findings.size(); ++i) {
    const mm::Finding &x = a.out.findings[i], &y = b.out.findings[i];
    if (x.line != y.line || x.type != y.type || x.field != y.field || x.rule != y.rule || x.message != y.message ||
        x.severity != y.severity)
      return false;
  }
  for (size_t i = 0; i < a.out.refs.size(); ++i) {
    const mm::validate::PendingRef &x = a.out.refs[i], &y = b.out.refs[i];
    if (x.line != y.line || x.kind != y.kind || x.rule != y.rule || x.key != y.key || x.name != y.name ||
        x.field != y.field || x.type != y.type)
      return false;
  }
  for (size_t i = 0; i < a.out.defs.size(); ++i)
    if (a.out.defs[i].line != b.out.defs[i].line || a.out.defs[i].key != b.out.defs[i].key) return false;
  return true;
}

}  // namespace

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
  if (shortcut.process(chunk, parser, got) != lines || !same(got, expected)) std::abort();
  return 0;
}
