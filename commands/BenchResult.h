// What `mattermerge bench` measured: each step's wall time in every round, its peak resident size,
// and the floor it is compared with. Rates and ratios are derived here, once, for the table, the
// JSON document and the estimate alike.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace mm {

struct BenchStep {
  std::string name;              // "stats", "apply .zip", "read", ...
  bool is_floor = false;
  size_t floor = 0;              // index in BenchResult::steps of the floor its ratio is to
  std::vector<double> seconds;   // one per round, in round order
  uint64_t peak_rss_bytes = 0;   // the largest over the rounds; 0: not measured (in-process floors)

  double best() const;           // the shortest
  double median() const;         // the middle one of the sorted times (the upper of two)
};

struct BenchResult {
  uint64_t bytes = 0;  // of the source export every rate is counted in
  uint64_t lines = 0;
  std::vector<BenchStep> steps;

  double mb_per_second(double seconds) const { return seconds > 0 ? double(bytes) / seconds / 1e6 : 0.0; }
  double lines_per_second(double seconds) const { return seconds > 0 ? double(lines) / seconds : 0.0; }
  // The floor's best time over the step's best: 1 is as fast as the floor, 0.25 four times slower.
  double ratio(const BenchStep& step) const;
};

}  // namespace mm
