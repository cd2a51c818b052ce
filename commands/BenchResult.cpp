#include "commands/BenchResult.h"

#include <algorithm>

namespace mm {

double BenchStep::best() const { return seconds.empty() ? 0.0 : *std::min_element(seconds.begin(), seconds.end()); }

double BenchStep::median() const {
  if (seconds.empty()) return 0.0;
  std::vector<double> sorted = seconds;
  std::sort(sorted.begin(), sorted.end());
  return sorted[sorted.size() / 2];
}

double BenchResult::ratio(const BenchStep& step) const {
  double own = step.best();
  if (own <= 0 || step.floor >= steps.size()) return 0.0;
  return steps[step.floor].best() / own;
}

}  // namespace mm
