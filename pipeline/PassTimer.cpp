#include "pipeline/PassTimer.h"

#include <cstdio>

#include <sys/resource.h>

#include <fmt/format.h>

namespace mm {

namespace {

void cpu_seconds(double& user, double& system) {
  rusage ru{};
  ::getrusage(RUSAGE_SELF, &ru);
  user = static_cast<double>(ru.ru_utime.tv_sec) + static_cast<double>(ru.ru_utime.tv_usec) / 1e6;
  system = static_cast<double>(ru.ru_stime.tv_sec) + static_cast<double>(ru.ru_stime.tv_usec) / 1e6;
}

}  // namespace

PassTimer::PassTimer(bool on) : on_(on), last_(std::chrono::steady_clock::now()) {
  if (on_) cpu_seconds(user_, system_);
}

void PassTimer::mark(std::string_view pass) {
  if (!on_) return;
  auto now = std::chrono::steady_clock::now();
  double user = 0, system = 0;
  cpu_seconds(user, system);
  std::fputs(fmt::format("timings: {:<16} {:7.3f} s wall {:7.3f} s user {:7.3f} s system\n", pass,
                         std::chrono::duration<double>(now - last_).count(), user - user_, system - system_)
                 .c_str(),
             stderr);
  last_ = now;
  user_ = user;
  system_ = system;
}

}  // namespace mm
