// Checks each line of a chunk against the importer's rules (docs/bulk-format.md §1, §2): parses the whole line
// (simdjson DOM, so malformed JSON anywhere is found), decodes it as Go's encoding/json would
// (GoJson.h), runs the rules of its type (Rules.h), and resolves the names it refers to against
// the names known so far (the rest are left to ReferenceTracker, in line order). A plain post or
// direct_post line is decoded by PlainPostReader instead, without the DOM, into the same PostData
// and checked by the same validate_post / validate_direct_post; any other line, or one that
// reader declines, is parsed in full.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include <simdjson.h>

#include "jsonl/Chunk.h"
#include "jsonl/Lines.h"
#include "jsonl/LineType.h"
#include "stages/validate/Context.h"
#include "stages/validate/PlainPostReader.h"

namespace mm::validate {

class LineValidator {
 public:
  struct Result {
    LineOutput out;
    std::array<uint64_t, kLineTypeCount> counts{};
    Workspace ws;
    std::vector<char> utf8;  // a line with invalid UTF-8 replaced, as Go reads it
    PostData post;            // a plain post line, as PlainPostReader decodes it
    PostElements elements;    // its lists' elements
  };

  // `names` may be null (no references resolved here: all are left to the tracker). `kernel`
  // is PlainPostReader's (kNone: every line gets the full check).
  LineValidator(const ValidateOptions& options, const InstanceNames* names, ScannerKernel kernel = best_scanner_kernel())
      : options_(options), names_(names), plain_(options, kernel) {}

  // Checks every line of the chunk (the plain post lines decoded by PlainPostReader); returns the number of lines.
  uint32_t process(const Chunk& chunk, simdjson::dom::parser& parser, Result& result) const;

  // The lines of one chunk checked as a caller hands them over, for a caller that walks the chunk
  // itself: apply checks each line it writes in the pass that rewrites it, and hands over a post
  // line it read with a PlainPostReader of the same options already decoded. process() is a loop
  // over line(). Line indexes are the caller's (apply's: among the lines it writes).
  class ChunkCheck {
   public:
    // `first_chunk`: the chunk holds line 1 of the file (index 0), which must be the version line.
    ChunkCheck(const LineValidator& validator, bool first_chunk, Result& result);
    // Checks `line`; utf8_checked: it is known to be valid UTF-8. A line 1 whose text starts with a
    // byte order mark (apply's output keeps one that followed the input's own) is reported so.
    void line(simdjson::dom::parser& parser, const Line& line, bool utf8_checked);
    // The same for a post or direct_post line that PlainPostReader (the validator's options)
    // decoded into `post`: not read again.
    void plain_post(simdjson::dom::parser& parser, const Line& line, LineType type, const PostData& post);
    // Line 1 of the file starts with a byte order mark.
    void byte_order_mark();

   private:
    bool first(const Line& line) const { return first_chunk_ && line.index == 0; }
    const LineValidator& validator_;
    bool first_chunk_;
    Result& result_;
    Context ctx_;
  };
  const ValidateOptions& options() const { return options_; }

  // One pass over an instance for its name index (model/InstanceNames.h): every line of the
  // chunk but the post and direct_post lines (told by peek_type; they define no name) checked in
  // full, their definitions in `result.out.defs`. Returns the number of lines.
  uint32_t definitions(const Chunk& chunk, simdjson::dom::parser& parser, Result& result) const;

  // Checks one line in full; `first` says it is line 1 of the file. Returns its type.
  LineType validate_line(simdjson::dom::parser& parser, const Line& line, bool first, Result& result) const;

 private:
  LineType check_line(simdjson::dom::parser& parser, const Line& line, bool first, Context& ctx,
                      std::vector<char>& utf8) const;

  const ValidateOptions& options_;
  const InstanceNames* names_;
  PlainPostReader plain_;
};

// LineValidator::definitions as a stage (pipeline/StageJob.h): the pass over a target export
// that `validate --target` and `apply` read its names from.
struct DefinitionsStage {
  const LineValidator* validator;
  uint32_t process(const Chunk& chunk, simdjson::dom::parser& parser, LineValidator::Result& result) const {
    return validator->definitions(chunk, parser, result);
  }
};

}  // namespace mm::validate
