// Helpers for the validate tests (header-only): run the per-line and file-level rules over a text, and list
// the findings of one line compactly ("rule field" strings, in order).
#pragma once

#include <string>
#include <vector>

#include "model/Finding.h"
#include "stages/validate/Context.h"

#include <simdjson.h>

#include "TestUtil.h"
#include "jsonl/Chunk.h"
#include "stages/validate/LineValidator.h"
#include "stages/validate/ReferenceTracker.h"

namespace mm::test {

// The definitions every rule test starts from: version, team "tm", channel "tm/c", users "u", "v".
inline constexpr uint64_t kPreambleLines = 5;
inline const char* const kPreamble =
    R"({"type":"version","version":1})"
    "\n"
    R"({"type":"team","team":{"name":"tm","display_name":"T","type":"O"}})"
    "\n"
    R"({"type":"channel","channel":{"team":"tm","name":"c","display_name":"C","type":"O"}})"
    "\n"
    R"({"type":"user","user":{"username":"u","email":"u@example.com"}})"
    "\n"
    R"({"type":"user","user":{"username":"v","email":"v@example.com"}})"
    "\n";

// Findings of a whole file (global line numbers, sorted by line). Every line is one chunk when
// `chunk_per_line`, so references go through the tracker's serial path and the parallel one.
// `kernel` is the plain post reader's (kNone: every line through the full check).
inline std::vector<Finding> validate_text(const std::string& text, const validate::ValidateOptions& options = {},
                                          bool chunk_per_line = false, ScannerKernel kernel = best_scanner_kernel()) {
  InstanceNames names;
  validate::ReferenceTracker tracker(names, false);
  validate::LineValidator validator(options, &names, kernel);
  simdjson::dom::parser parser;
  validate::LineValidator::Result result;
  std::vector<Finding> all;
  std::vector<std::string> pieces;
  if (chunk_per_line) {
    size_t start = 0;
    while (start < text.size()) {
      size_t nl = text.find('\n', start);
      size_t end = nl == std::string::npos ? text.size() : nl + 1;
      pieces.push_back(text.substr(start, end - start));
      start = end;
    }
  } else {
    pieces.push_back(text);
  }
  uint64_t line = 1, offset = 0;
  for (const std::string& piece : pieces) {
    Chunk chunk;
    fill_chunk(chunk, piece, offset);
    chunk.first_line = line;
    uint32_t lines = validator.process(chunk, parser, result);
    tracker.consume(result.out, line);
    for (Finding f : result.out.findings) {
      f.line += line;
      all.push_back(std::move(f));
    }
    line += lines;
    offset += piece.size();
  }
  return all;
}

// "rule field" for each finding of `line`, validated after the preamble ("line N: " in front
// when on another line). The "app.import." prefix is dropped; warnings are marked "warning:".
inline std::vector<std::string> findings_of(const std::string& line, const validate::ValidateOptions& options = {}) {
  std::vector<std::string> out;
  for (const Finding& f : validate_text(std::string(kPreamble) + line + "\n", options)) {
    std::string rule = f.rule;
    if (rule.rfind("app.import.", 0) == 0) rule = rule.substr(11);
    std::string s = (f.severity == Severity::kWarning ? "warning:" : "") + rule;
    if (!f.field.empty()) s += " " + f.field;
    if (f.line != kPreambleLines + 1) s = "line " + std::to_string(f.line) + ": " + s;
    out.push_back(s);
  }
  return out;
}

// `s` repeated n times.
inline std::string rep(const std::string& s, size_t n) {
  std::string out;
  for (size_t i = 0; i < n; ++i) out += s;
  return out;
}

}  // namespace mm::test
