// The output of `mattermerge bench`: a table (text) or one JSON document (--json) of the steps
// measured, and the estimate for a given export size when asked. Both print the same figures
// (commands/BenchResult.h derives them).
#pragma once

#include <optional>
#include <string>

#include "commands/BenchEstimate.h"
#include "commands/BenchResult.h"
#include "commands/ExportSample.h"

namespace mm::cli {

struct BenchSetup {
  uint64_t posts = 0;
  std::string shape;       // go | spaced
  unsigned rounds = 0;
  unsigned threads = 0;
  std::string directory;
  uint64_t target_bytes = 0, target_lines = 0;
  double generate_seconds = 0;
};

struct BenchEstimateRequest {
  EstimateTarget target;
  std::optional<ExportSample> sample;  // with --estimate-from
};

std::string format_bench_table(const BenchSetup& setup, const BenchResult& result,
                               const std::optional<BenchEstimateRequest>& estimate);
std::string format_bench_json(const BenchSetup& setup, const BenchResult& result,
                              const std::optional<BenchEstimateRequest>& estimate);

// A path as a terminal should show it: quoted and escaped when it holds control characters.
std::string printable(const std::string& path);

// "0.8 s", "12.3 s", "4m 05s", "1h 02m" (for expected times).
std::string format_duration(double seconds);

}  // namespace mm::cli
