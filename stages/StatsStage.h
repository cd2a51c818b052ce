// `mattermerge stats`: counts lines by type, and the replies, reactions and attachments inside
// posts and direct posts (reactions and attachments of replies included), bytes and the largest
// line. Malformed lines are counted and reported as findings.
//
// Two ways to the same counts. The scanned path (the default, on CPUs with AVX2 or AVX-512) finds each
// line's structure with StructuralScanner and reads "type" and the nested arrays from the bytes;
// a line it does not recognise as the plain shape an export has (compact, keys without escapes,
// array elements that are objects, nothing after the object, ...) goes to the parsed path, which
// reads it with simdjson On Demand (LineClassifier). Both give the same types and counts; the
// scanned path checks only the structure it reads (brackets, strings, keys of the levels it
// counts), so a syntax error elsewhere in a line (a missing comma inside "props", say) may pass
// it: `validate` is the command that checks every byte. Likewise a counted member (reactions,
// attachments, replies) given twice in one object, the second time as null or "[]": the scanned
// path counts the first array, the parsed path (as Go) none; no exporter writes a key twice. Invalid UTF-8 does not make a line
// malformed: the importer reads it with U+FFFD in place of the bad bytes (jsonl/GoUtf8.h).
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include <simdjson.h>

#include "jsonl/Chunk.h"
#include "model/FindingsSink.h"
#include "model/Finding.h"
#include "jsonl/LineClassifier.h"
#include "jsonl/LineType.h"
#include "jsonl/PostView.h"
#include "jsonl/StructuralScanner.h"

namespace mm {

struct StatsCounts {
  std::array<uint64_t, kLineTypeCount> lines_by_type{};
  uint64_t lines = 0;
  uint64_t replies = 0;
  uint64_t reactions = 0;
  uint64_t attachments = 0;
  uint64_t bytes = 0;
  uint64_t largest_line_bytes = 0;
  uint64_t largest_line = 0;  // line number (chunk-local index while in a stage result)

  uint64_t count(LineType t) const { return lines_by_type[static_cast<size_t>(t)]; }
  // Counts one line of `size` bytes (chunk-local index `index`), before its type is known.
  void add_line(uint64_t size, uint64_t index) {
    lines++;
    if (size > largest_line_bytes) {
      largest_line_bytes = size;
      largest_line = index;
    }
  }
  // Adds `other`, whose largest_line is a chunk-local index, with its chunk's first line number.
  void merge(const StatsCounts& other, uint64_t first_line);
};

class StatsStage {
 public:
  // Scans with `kernel` (kNone parses every line); it must be supported by this CPU.
  explicit StatsStage(ScannerKernel kernel = best_scanner_kernel());

  struct Result {
    StatsCounts counts;
    FindingList findings;  // malformed lines, chunk-local
    std::vector<char> utf8;         // a line with invalid UTF-8 replaced, as Go reads it
    PostView posts[2];              // the parsed path's "post" and "direct_post" payloads
  };
  // Returns the number of lines in the chunk.
  uint32_t process(const Chunk& chunk, simdjson::ondemand::parser& parser, Result& result) const;

 private:
  void count_parsed(simdjson::ondemand::parser& parser, const Line& line, Result& result) const;
  uint32_t process_scanned(const Chunk& chunk, simdjson::ondemand::parser& parser, Result& result) const;

  LineClassifier classifier_;
  ScannerKernel kernel_;
};

}  // namespace mm
