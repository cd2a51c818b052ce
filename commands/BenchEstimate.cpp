#include "commands/BenchEstimate.h"

namespace mm {

StepEstimate estimate_step(double seconds, uint64_t measured_bytes, uint64_t measured_lines,
                           const EstimateTarget& target) {
  StepEstimate e;
  if (measured_bytes == 0 || measured_lines == 0) return e;
  double bytes = static_cast<double>(target.bytes);
  double lines = target.lines > 0 ? target.lines : bytes * static_cast<double>(measured_lines) / static_cast<double>(measured_bytes);
  e.by_bytes = seconds * bytes / static_cast<double>(measured_bytes);
  e.by_lines = seconds * lines / static_cast<double>(measured_lines);
  return e;
}

}  // namespace mm
