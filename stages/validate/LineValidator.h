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
