// `--timings`: each pass of a command's run, its wall time and the CPU time the process spent in
// it (user and system, all threads), on stderr as the passes end. For finding which pass a run's
// time goes to on a given host (docs/performance.md); nothing else reads it.
#pragma once

#include <chrono>
#include <string_view>

namespace mm {

class PassTimer {
 public:
  explicit PassTimer(bool on);
  // Ends the pass that began at the last mark (or at construction) and names it.
  void mark(std::string_view pass);

 private:
  bool on_;
  std::chrono::steady_clock::time_point last_;
  double user_ = 0, system_ = 0;
};

}  // namespace mm
