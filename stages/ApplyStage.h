// `apply`'s per-chunk work: every line of a chunk rewritten by the plan into the slot's output
// buffer, in order. A line the plan does not touch is copied byte for byte (runs of untouched
// lines in one copy); a touched line is spliced (jsonl/LineSplicer.h); a dropped line (role,
// scheme, emoji, a user kept out of the import) is left out with its line ending. Malformed lines
// are copied as they are (validation reports them). A line with invalid UTF-8 is read as the
// importer reads it (U+FFFD for each bad byte); if the plan touches it, that reading is written.
// A byte order mark at the start of the input is not copied (the importer rejects it).
//
// A post line of the plain shape is read by validate's plain post reader and renamed from its
// decoding (PostRewriter::rewrite_plain); any other line, and what rewrite_plain leaves, through
// simdjson On Demand. With a validator, each line written is checked in the same pass, as it is
// written (Result::checked, line indexes among the chunk's output lines): a plain post line left
// as it was from the decoding it was read into, without reading it again.
#pragma once

#include <limits>
#include <optional>
#include <string>
#include <vector>

#include <simdjson.h>

#include "jsonl/Chunk.h"
#include "jsonl/Lines.h"
#include "stages/AttachmentRefs.h"
#include "stages/DefinitionRewriter.h"
#include "stages/PostRewriter.h"
#include "stages/RewriteContext.h"
#include "stages/UserRewriter.h"
#include "stages/validate/LineValidator.h"
#include "stages/validate/PlainPostReader.h"

namespace mm {

enum class LineChange : uint8_t { kUntouched, kRewritten, kDropped };

class ApplyStage {
 public:
  // collect_files: record in Result::files every file the output references (for a zip).
  // validator: checks every line written (null: none). kernel: the plain post reader's (kNone:
  // every line through On Demand, as the tests compare).
  explicit ApplyStage(const RewriteMaps& maps, bool collect_files = false,
                      const validate::LineValidator* validator = nullptr, ScannerKernel kernel = best_scanner_kernel())
      : maps_(maps),
        collect_files_(collect_files),
        validator_(validator),
        plain_(validator ? validator->options() : plain_options(), kernel) {}

  // Per-slot state, reused from chunk to chunk.
  struct Scratch {
    LineSplicer splice;
    PostRewriter posts;
    UserRewriter users;
    std::string message;
    std::vector<char> utf8;  // a line with invalid UTF-8 replaced, as Go reads it
    validate::PostElements elements;  // a plain post line's decoding
    validate::PostData post;
    LineType plain_type = LineType::kUnknown;  // the line just rewritten was decoded so (else kUnknown)
    simdjson::dom::parser dom;                 // the validator's
  };
  struct Result {
    std::string out;                       // the chunk's output bytes, unless whole_chunk
    bool whole_chunk = false;              // the chunk is untouched: its bytes are the output
    ChangeCounts counts;
    std::vector<Membership> memberships;   // of users left out, in input order
    std::vector<std::string> files;        // with collect_files: paths as written, in order
    // files[i]'s line (within the chunk) and what it is there (zip: how its content is checked).
    struct FileRef {
      uint32_t line = 0;
      AttachmentRefKind kind = AttachmentRefKind::kAttachment;
    };
    std::vector<FileRef> file_refs;
    validate::LineValidator::Result checked;  // with a validator: its findings, refs, definitions
    uint32_t lines_out = 0;                   // lines written
    void clear() {
      files.clear();
      file_refs.clear();
      out.clear();
      whole_chunk = false;
      counts = {};
      memberships.clear();
      lines_out = 0;
    }
  };

  // Rewrites one line; when kRewritten the new bytes are scratch.splice.write()'s.
  // utf8_checked: the line is known to be valid UTF-8 (its chunk is).
  LineChange rewrite_line(simdjson::ondemand::parser& parser, const Line& line, Scratch& scratch,
                          Result& result, bool utf8_checked = false) const;

  // Rewrites a chunk into result (cleared first). Returns the number of lines.
  uint32_t process(const Chunk& chunk, simdjson::ondemand::parser& parser, Scratch& scratch, Result& result) const;

 private:
  // rewrite_line on `line` as given; nullopt when it is not JSON as simdjson reads it.
  std::optional<LineChange> rewrite_text(simdjson::ondemand::parser& parser, const Line& line, Scratch& scratch,
                                         Result& result) const;

  // A plain post line; nullopt when it is not one or rewrite_plain leaves it.
  std::optional<LineChange> rewrite_plain(const Line& line, Scratch& scratch, Result& result,
                                          bool utf8_checked) const;
  // Without a validator the plain reader reads messages of any length.
  static const validate::ValidateOptions& plain_options() {
    static const validate::ValidateOptions options{std::numeric_limits<size_t>::max(), nullptr};
    return options;
  }

  const RewriteMaps& maps_;
  bool collect_files_;
  const validate::LineValidator* validator_;
  validate::PlainPostReader plain_;  // with a validator, of its options
  LineClassifier classifier_;
  DefinitionRewriter definitions_;
};

}  // namespace mm
