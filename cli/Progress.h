// A one-line progress display on stderr ("412.0 MiB of 1.0 GiB  2.31 GB/s  ETA 0:01"), drawn
// at most ten times a second, only when stderr is a terminal.
#pragma once

#include <chrono>
#include <cstdint>

namespace mm::cli {

class Progress {
 public:
  Progress();
  ~Progress();
  void update(uint64_t done, uint64_t total);
  // Draws `text` as the line instead (e.g. which step of which round runs), at once.
  void note(const char* text);
  void finish();
  static bool enabled_for_stderr();

 private:
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_;
  bool drawn_ = false;
};

}  // namespace mm::cli
