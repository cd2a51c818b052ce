#include "io/TempFileRegistry.h"

#include <atomic>
#include <climits>
#include <csignal>
#include <cstring>
#include <unistd.h>

namespace mm {
namespace {

constexpr int kSlots = 64;
struct Slot {
  std::atomic<int> state{0};  // 0 free, 1 being written, 2 live
  char path[PATH_MAX];
};
Slot g_slots[kSlots];

void unlink_all() {
  for (auto& slot : g_slots) {
    if (slot.state.load(std::memory_order_acquire) == 2) ::unlink(slot.path);
  }
}

extern "C" void on_stop_signal(int sig) {
  unlink_all();
  ::_exit(128 + sig);
}

// A mapped input that shrinks while it is read (another process truncated or rewrote it) faults
// with SIGBUS on the missing pages: an I/O error, reported as one.
extern "C" void on_bus_error(int) {
  static const char kMessage[] =
      "mattermerge: a memory-mapped input file shrank while it was being read (changed during the "
      "run?); temporary outputs removed. Run again, or with --input read.\n";
  unlink_all();
  ssize_t ignored = ::write(STDERR_FILENO, kMessage, sizeof kMessage - 1);
  (void)ignored;
  ::_exit(2);
}

}  // namespace

void install_signal_cleanup() {
  struct sigaction sa {};
  sa.sa_handler = on_stop_signal;
  sigemptyset(&sa.sa_mask);
  ::sigaction(SIGINT, &sa, nullptr);
  ::sigaction(SIGTERM, &sa, nullptr);
  sa.sa_handler = on_bus_error;
  ::sigaction(SIGBUS, &sa, nullptr);
  // Past RLIMIT_FSIZE, write() then fails with EFBIG and the run ends cleanly instead of being
  // killed with its temporary file left behind.
  ::signal(SIGXFSZ, SIG_IGN);
}

int register_temp_file(const char* path) {
  size_t len = std::strlen(path);
  if (len >= PATH_MAX) return -1;
  for (int i = 0; i < kSlots; ++i) {
    int expected = 0;
    if (g_slots[i].state.compare_exchange_strong(expected, 1)) {
      std::memcpy(g_slots[i].path, path, len + 1);
      g_slots[i].state.store(2, std::memory_order_release);
      return i;
    }
  }
  return -1;
}

void unregister_temp_file(int slot) {
  if (slot >= 0 && slot < kSlots) g_slots[slot].state.store(0, std::memory_order_release);
}

}  // namespace mm
