// Runs StatsStage over a whole export on the ordered pipeline.
#pragma once

#include <string>
#include <vector>

#include "io/OutputFile.h"
#include "pipeline/RunOptions.h"
#include "model/Finding.h"
#include "stages/ExportInfo.h"
#include "stages/StatsStage.h"

namespace mm {

struct StatsReport {
  std::string input;
  StatsCounts counts;
  static constexpr size_t kMaxFindings = 1000;
  std::vector<Finding> findings;  // the first kMaxFindings malformed lines, global line numbers, in order
  uint64_t malformed = 0;
  ExportInfo info;  // from the version line
  double seconds = 0;
};

StatsReport run_stats(const std::string& path, const RunOptions& options);

// Copies an export through the full pipeline (read, chunk, parallel stage, in-order write) to
// `out`: byte-identical to the decoded input. Used to test and measure the pipeline itself.
uint64_t run_copy(const std::string& path, const std::string& out, const OutputOptions& out_options,
                  const RunOptions& options);

}  // namespace mm
