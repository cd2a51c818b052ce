// The shape of an export, from its size and a sample of its first megabytes, for `mattermerge
// bench --estimate-from`: bytes per line, the share of post lines (post and direct_post, where
// the commands spend their time) and of lines written with spaces between tokens (which the fast
// readers hand to the full parser, docs/architecture.md). Reads nothing past the sample.
#pragma once

#include <cstdint>
#include <string>

#include "io/ByteSource.h"

namespace mm {

inline constexpr size_t kDefaultSampleBytes = size_t{8} << 20;

struct ExportSample {
  std::string path;
  InputFormat format = InputFormat::kJsonl;
  uint64_t file_bytes = 0;       // on disk
  uint64_t bytes = 0;            // decoded: plain JSONL its size, .zip its entry's, .zst by the sample's ratio
  bool bytes_estimated = false;  // true for a .jsonl.zst larger than the sample
  uint64_t sample_bytes = 0;     // whole lines read
  uint64_t sample_lines = 0;
  uint64_t post_lines = 0;       // post + direct_post
  uint64_t spaced_lines = 0;     // a space after a ':' or ',' between tokens

  double bytes_per_line() const { return sample_lines ? double(sample_bytes) / double(sample_lines) : 0.0; }
  double post_share() const { return sample_lines ? double(post_lines) / double(sample_lines) : 0.0; }
  double spaced_share() const { return sample_lines ? double(spaced_lines) / double(sample_lines) : 0.0; }
};

// Throws mm::Error naming the file when it cannot be read or holds no line.
ExportSample sample_export(const std::string& path, size_t sample_bytes = kDefaultSampleBytes);

}  // namespace mm
