// The expected time of each bench step for another export, from the times measured on the bench's
// own: scaled by bytes (the commands' cost is mostly per byte) and by lines (per line: a file of
// short lines costs more per byte). With only a size (--estimate 40GB), the export is taken to
// have the bench export's bytes per line and both agree; with a sample (--estimate-from), they
// bracket the expected time.
#pragma once

#include <cstdint>

namespace mm {

struct EstimateTarget {
  uint64_t bytes = 0;
  double lines = 0;  // 0: unknown, taken at the measured export's bytes per line
};

struct StepEstimate {
  double by_bytes = 0;
  double by_lines = 0;
  double low() const { return by_bytes < by_lines ? by_bytes : by_lines; }
  double high() const { return by_bytes < by_lines ? by_lines : by_bytes; }
};

// `seconds` measured on an export of `measured_bytes` and `measured_lines` (both > 0).
StepEstimate estimate_step(double seconds, uint64_t measured_bytes, uint64_t measured_lines,
                           const EstimateTarget& target);

}  // namespace mm
