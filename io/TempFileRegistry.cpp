#include "io/TempFileRegistry.h"

#include <atomic>
#include <cerrno>
#include <climits>
#include <csignal>
#include <cstdint>
#include <cstring>
#include <fcntl.h>
#include <sys/syscall.h>
#include <unistd.h>

namespace mm {
namespace {

constexpr int kSlots = 64;
// A staging directory holds data/ trees a few levels deep (data/teams/T/channels/C/users/U/…);
// anything deeper than this is left (and found by the next run's stale-temporary sweep).
constexpr int kMaxDepth = 32;

struct Slot {
  std::atomic<int> state{0};  // 0 free, 1 being written, 2 live
  bool directory = false;
  char path[PATH_MAX] = {};  // initialised so that g_slots is constant-initialised (.bss): no page touched at start
};
Slot g_slots[kSlots];

std::atomic<int> g_held{0};     // StopSignalsHeld objects alive
std::atomic<int> g_pending{0};  // a stop signal that came while held

struct LinuxDirent64 {
  uint64_t d_ino;
  int64_t d_off;
  unsigned short d_reclen;
  unsigned char d_type;
  char d_name[];
};

bool is_dot(const char* name) { return name[0] == '.' && (name[1] == 0 || (name[1] == '.' && name[2] == 0)); }

// Empties the directory open at `fd`. Listing again from the start until a pass removes nothing
// keeps entries from being missed while the directory changes under getdents64.
bool remove_contents(int fd, int depth) {
  bool ok = true;
  for (bool removed = true; removed;) {
    removed = false;
    if (::lseek(fd, 0, SEEK_SET) != 0) return false;
    alignas(8) char buffer[1024];
    for (;;) {
      long n = ::syscall(SYS_getdents64, fd, buffer, sizeof buffer);
      if (n <= 0) {
        if (n < 0) ok = false;
        break;
      }
      for (long offset = 0; offset < n;) {
        const auto* entry = reinterpret_cast<const LinuxDirent64*>(buffer + offset);
        offset += entry->d_reclen;
        const char* name = entry->d_name;
        if (is_dot(name)) continue;
        if (::unlinkat(fd, name, 0) == 0) {
          removed = true;
          continue;
        }
        if (errno != EISDIR && errno != EPERM) {
          ok = false;
          continue;
        }
        if (depth >= kMaxDepth) {
          ok = false;
          continue;
        }
        int sub = ::openat(fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        if (sub < 0) {
          ok = false;
          continue;
        }
        ok = remove_contents(sub, depth + 1) && ok;
        ::close(sub);
        if (::unlinkat(fd, name, AT_REMOVEDIR) == 0) removed = true;
        else ok = false;
      }
    }
    if (!ok) break;
  }
  return ok;
}

void unlink_all() {
  for (auto& slot : g_slots) {
    if (slot.state.load(std::memory_order_acquire) != 2) continue;
    if (slot.directory) remove_tree_signal_safe(slot.path);
    else ::unlink(slot.path);
  }
}

extern "C" void on_stop_signal(int sig) {
  if (g_held.load(std::memory_order_acquire) > 0) {
    g_pending.store(sig, std::memory_order_release);
    return;
  }
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

int register_path(const char* path, bool directory) {
  size_t len = std::strlen(path);
  if (len >= PATH_MAX) return -1;
  for (int i = 0; i < kSlots; ++i) {
    int expected = 0;
    if (g_slots[i].state.compare_exchange_strong(expected, 1)) {
      std::memcpy(g_slots[i].path, path, len + 1);
      g_slots[i].directory = directory;
      g_slots[i].state.store(2, std::memory_order_release);
      return i;
    }
  }
  return -1;
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

int register_temp_file(const char* path) { return register_path(path, false); }
int register_temp_dir(const char* path) { return register_path(path, true); }

void unregister_temp_file(int slot) {
  if (slot >= 0 && slot < kSlots) g_slots[slot].state.store(0, std::memory_order_release);
}

bool remove_tree_signal_safe(const char* path) noexcept {
  int fd = ::open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0) return errno == ENOENT;
  bool ok = remove_contents(fd, 0);
  ::close(fd);
  return ::rmdir(path) == 0 && ok;
}

StopSignalsHeld::StopSignalsHeld() noexcept { g_held.fetch_add(1, std::memory_order_acq_rel); }

StopSignalsHeld::~StopSignalsHeld() {
  if (g_held.fetch_sub(1, std::memory_order_acq_rel) != 1) return;
  int sig = g_pending.exchange(0, std::memory_order_acq_rel);
  if (sig == 0) return;
  unlink_all();
  ::_exit(128 + sig);
}

}  // namespace mm
