// Runs a program as a child process and measures it: wall time from spawn to exit and peak
// resident size (wait4's ru_maxrss), the child's alone, so that each step of `mattermerge bench`
// is measured as the admin would see it run by hand. The child's stdout and stderr go to files.
#pragma once

#include <atomic>
#include <cstdint>
#include <string>
#include <vector>

namespace mm {

struct ChildResult {
  int exit_code = -1;  // -1 when ended by a signal
  int signal = 0;
  double seconds = 0;
  uint64_t peak_rss_bytes = 0;
};

// argv[0] is the program's path (e.g. "/proc/self/exe"). Throws mm::Error when the program cannot
// be started or an output file cannot be opened. When `stop` becomes true (set by a signal
// handler) while the child runs, the child is sent SIGTERM and waited for.
ChildResult run_child(const std::vector<std::string>& argv, const std::string& stdout_path,
                      const std::string& stderr_path, const std::atomic<bool>* stop = nullptr);

}  // namespace mm
