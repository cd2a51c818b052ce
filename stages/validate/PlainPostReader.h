// validate's second decoder of post lines, for the lines that make up nearly all of an export: a
// `post` or `direct_post` line written the plain way, {"type":"post","post":{...}} (whitespace
// allowed between tokens), keys in lower case and each once, names without escapes, integers of
// up to 18 digits, no nulls, empty attachment and thread follower lists.
//
// It reads such a line in one pass without building a DOM (string content is skipped 64 bytes at a
// time with the structure scanner's kernels), checks the JSON syntax of every byte (UTF-8,
// escapes, control bytes, numbers, literals, nesting) and fills the same PostData the DOM decoder
// fills (PostData.h), on which LineValidator runs the one validate_post / validate_direct_post.
// It only decodes: the rules, findings and references are theirs. Anything it cannot decode
// exactly as Go does (a syntax error, an escape in a name, a float, a null, an unknown or
// repeated key, a lone surrogate escape, a message or emoji_name longer than its limit as written,
// props that may be too large, ...) is declined, and the line goes to the DOM decoder: the
// shortcut never changes a verdict, it skips the DOM. The unit tests and the validate fuzz target
// compare the two paths line by line.
#pragma once

#include <string_view>

#include "jsonl/Lines.h"
#include "jsonl/LineType.h"
#include "jsonl/StructuralScanner.h"
#include "stages/validate/Context.h"
#include "stages/validate/PostData.h"

namespace mm::validate {

class PlainPostReader {
 public:
  // `kernel` skips string content; kNone: read() always returns false.
  PlainPostReader(const ValidateOptions& options, ScannerKernel kernel) : options_(options), kernel_(kernel) {}
  bool enabled() const { return kernel_ != ScannerKernel::kNone; }

  // Decodes `line` (not line 1 of the file); `utf8_checked`: the caller knows it is valid UTF-8
  // (its whole chunk is: one check a chunk costs less than one a line). True when it is a plain
  // post or direct_post line: `type` is set, `post` holds its payload, its lists' elements in
  // `elements` (both reused from line to line). False: declined, for the DOM decoder.
  bool read(const Line& line, bool utf8_checked, PostElements& elements, PostData& post, LineType& type) const;

 private:
  const ValidateOptions& options_;
  ScannerKernel kernel_;
};

}  // namespace mm::validate
