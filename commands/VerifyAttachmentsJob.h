// `verify-attachments`: checks every file an export refers to (post, reply and direct-post
// attachments, emoji images) under an import directory, on the ordered pipeline:
//
//   read chunk -> AttachmentRefs (parallel) -> AttachmentVerifier over the chunk's files
//   (parallel, a tbb::parallel_for per chunk, concurrent with the parsing of later chunks)
//   -> in-order report (and, with a fix-out directory, the corrected export)
//
// then walks DIR/data for files no line refers to (orphans) and, with hashing, groups identical
// files by XXH3-128 and size.
//
// Fix-out: OUTDIR/import.jsonl is the export with its attachment paths pointing at files under
// OUTDIR/data/ — hard links (copies across file systems) of the referenced files, renamed to the
// extension of their real type where it disagrees — and references to missing or unreadable
// files dropped (emoji lines whose image cannot be imported dropped whole). Untouched lines are
// written byte for byte. DIR is never modified; an existing non-empty OUTDIR is refused.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "io/Xxh3.h"

#include "model/FindingsSink.h"
#include "pipeline/RunOptions.h"
#include "stages/AttachmentVerifier.h"
#include "model/Finding.h"

namespace mm {

struct VerifyAttachmentsOptions {
  std::string import_dir;  // DIR, the directory that holds data/
  bool hash = false;
  std::string fix_out;     // OUTDIR, empty: no corrected export
  size_t max_listed_orphans = 1000;
};

// One reference with a problem, or a change made by --fix-out.
struct AttachmentIssue {
  uint64_t line = 0;  // global, 1-based
  std::string path;   // as written in the line
  std::string field;  // "post.replies[0].attachments[1].path"
  FileProblem problem = FileProblem::kNone;
  Severity severity = Severity::kWarning;
  std::string detected, extension, expected, detail;
  std::string fix;    // with --fix-out: what was done ("renamed to a/b.jpg", "dropped", "")
};

struct DuplicateGroup {
  XXH128_hash_t hash{0, 0};
  uint64_t size = 0;
  std::vector<std::string> paths;  // resolved paths ("data/…"), in order of first reference
};

struct VerifyAttachmentsReport {
  std::string input;
  uint64_t lines = 0;
  uint64_t references = 0;    // attachment references + emoji images
  uint64_t emoji_images = 0;
  uint64_t profile_images = 0;
  uint64_t ok = 0;
  uint64_t errors = 0;
  uint64_t warnings = 0;
  std::array<uint64_t, kFileProblemCount> by_problem{};
  uint64_t bytes_read = 0;    // from attachment files (heads, or everything with hashing)
  // The first kMaxListedIssues problems (and --fix-out changes), in line order: memory stays
  // bounded however many there are; by_problem counts them all.
  static constexpr size_t kMaxListedIssues = kMaxKeptFindings;
  std::vector<AttachmentIssue> issues;
  uint64_t issue_count = 0;             // all of them
  static constexpr size_t kMaxMalformed = 1000;
  std::vector<Finding> malformed;       // global line numbers (the first kMaxMalformed)
  uint64_t malformed_count = 0;
  uint64_t orphan_count = 0;
  uint64_t orphan_bytes = 0;
  std::vector<std::string> orphan_paths;  // the first max_listed_orphans, sorted
  std::vector<DuplicateGroup> duplicates;  // with hashing: groups of 2+ distinct files
  // --fix-out
  uint64_t fix_linked = 0;   // files hard-linked (or copied) unchanged
  uint64_t fix_renamed = 0;  // files placed under a corrected name
  uint64_t fix_dropped = 0;  // references dropped
  uint64_t fix_dropped_lines = 0;
  uint64_t fix_copied = 0;   // of linked+renamed, how many had to be copied
  double seconds = 0;
};

VerifyAttachmentsReport run_verify_attachments(const std::string& input, const VerifyAttachmentsOptions& options,
                                               const RunOptions& run);

}  // namespace mm
