// Writes one export file: the object lines from the model, then the post and direct post
// sections generated block by block in parallel (tbb::parallel_pipeline, in order, a bounded
// number of blocks in flight), counting what it writes as `mattermerge stats` counts it.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "io/OutputFile.h"
#include "jsonl/LineType.h"
#include "tools/gen-synthetic/PostGenerator.h"

namespace mm::gen {

struct ExportCounts {
  std::array<uint64_t, kLineTypeCount> lines_by_type{};
  uint64_t lines = 0;
  uint64_t replies = 0;
  uint64_t reactions = 0;
  uint64_t attachments = 0;
  uint64_t bytes = 0;  // uncompressed
};

struct ExportResult {
  ExportCounts counts;
  MentionTally tally;
  std::vector<AttachmentProblem> problems;
  uint64_t files = 0;
  uint64_t file_bytes = 0;
};

struct ExportTarget {
  std::string path;        // the .jsonl (or .jsonl.zst) file
  OutputOptions output;    // compression
  std::string data_root;   // where attachment files go ("" = none)
  const MentionTargets* mentions = nullptr;
  Stream posts_stream;
  Stream direct_stream;
};

ExportResult write_export(const Export& e, const GenOptions& options, const ExportTarget& target);

}  // namespace mm::gen
