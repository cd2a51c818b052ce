#include "cli/Progress.h"

#include <cstdio>
#include <unistd.h>

namespace mm::cli {

namespace {
void human(char* out, size_t n, double bytes) {
  const char* units[] = {"B", "KiB", "MiB", "GiB", "TiB"};
  int u = 0;
  while (bytes >= 1024 && u < 4) {
    bytes /= 1024;
    ++u;
  }
  std::snprintf(out, n, "%.1f %s", bytes, units[u]);
}
}  // namespace

Progress::Progress() : start_(std::chrono::steady_clock::now()), last_(start_) {}
Progress::~Progress() { finish(); }

bool Progress::enabled_for_stderr() { return ::isatty(STDERR_FILENO) == 1; }

void Progress::update(uint64_t done, uint64_t total) {
  auto now = std::chrono::steady_clock::now();
  if (now - last_ < std::chrono::milliseconds(100)) return;
  last_ = now;
  double secs = std::chrono::duration<double>(now - start_).count();
  double rate = secs > 0 ? done / secs : 0;
  char d[32], t[32];
  human(d, sizeof d, static_cast<double>(done));
  if (total) {
    human(t, sizeof t, static_cast<double>(total));
    double eta = rate > 0 && total > done ? (total - done) / rate : 0;
    std::fprintf(stderr, "\r%s of %s  %.0f MB/s  ETA %d:%02d   ", d, t, rate / 1e6,
                 static_cast<int>(eta) / 60, static_cast<int>(eta) % 60);
  } else {
    std::fprintf(stderr, "\r%s  %.0f MB/s   ", d, rate / 1e6);
  }
  drawn_ = true;
}

void Progress::note(const char* text) {
  std::fprintf(stderr, "\r%s\033[K", text);
  drawn_ = true;
}

void Progress::finish() {
  if (drawn_) std::fprintf(stderr, "\r\033[K");
  drawn_ = false;
}

}  // namespace mm::cli
