// validate's shortcut for the lines that make up nearly all of an export: a `post` or
// `direct_post` line written the plain way, {"type":"post","post":{...}} compact, keys in lower
// case and each once, names without escapes, integers of up to 18 digits, no nulls, empty
// attachment and thread follower lists.
//
// It reads such a line in one pass without building a DOM (string content is skipped 64 bytes at a
// time with the structure scanner's kernels), checks the JSON syntax of every byte (UTF-8,
// escapes, control bytes, numbers, literals, nesting) and every post rule of PostRules.cpp, and
// only when the line is valid JSON with no finding makes its references through the Context, in
// the order validate_post / validate_direct_post make them. Anything else (a syntax error, a
// finding, an escape in a name, a float, a null, an unknown key, a lone surrogate escape, ...)
// returns false with nothing recorded, and the line goes to the full validator: the shortcut never
// changes a verdict, it skips the DOM for lines that have none. The unit tests compare the two
// readers line by line.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "jsonl/Lines.h"
#include "jsonl/LineType.h"
#include "jsonl/StructuralScanner.h"
#include "stages/validate/Context.h"

namespace mm::validate {

// What a plain post line holds that its rules and references need; reused from line to line.
struct PlainPost {
  struct Range {
    uint32_t begin = 0, end = 0;
  };
  struct Reaction {
    std::string_view user;
    int64_t create_at = 0;
  };
  // The fields a post and each of its replies have alike.
  struct Message {
    std::string_view user;
    int64_t create_at = 0;
    bool has_user = false, has_message = false, has_create_at = false;
    Range reactions, flagged_by;
    // user, message and a create_at other than 0: what the rules require of both.
    bool complete() const { return has_user && has_message && has_create_at && create_at != 0; }
  };
  Message post;
  std::string_view team, channel;
  bool has_team = false, has_channel = false, has_members = false;
  Range replies, members;
  std::vector<std::string_view> names;  // flagged_by and channel_members entries, by Range
  std::vector<Reaction> all_reactions;  // the post's and its replies', by Range
  std::vector<Message> all_replies;

  void clear();
};

class PlainPostReader {
 public:
  // `kernel` skips string content; kNone: read() always returns false.
  PlainPostReader(const ValidateOptions& options, ScannerKernel kernel) : options_(options), kernel_(kernel) {}
  bool enabled() const { return kernel_ != ScannerKernel::kNone; }

  // Reads `line` (not line 1 of the file); `utf8_checked`: the caller knows it is valid UTF-8
  // (its whole chunk is: one check a chunk costs less than one a line). True when it is a plain
  // post or direct_post line with no finding: `type` is set and its references are made through
  // `ctx` (begun here). False: nothing was recorded.
  bool read(const Line& line, bool utf8_checked, Context& ctx, PlainPost& post, LineType& type) const;

 private:
  const ValidateOptions& options_;
  ScannerKernel kernel_;
};

}  // namespace mm::validate
