#include "io/TempPath.h"

#include <atomic>
#include <cerrno>
#include <csignal>
#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>
#include <vector>

#include "io/TempFileRegistry.h"

namespace mm {

namespace {

bool all_digits(const std::string& s, size_t from, size_t to) {
  if (from >= to || to - from > 18) return false;
  for (size_t i = from; i < to; ++i)
    if (s[i] < '0' || s[i] > '9') return false;
  return true;
}

}  // namespace

std::string temp_path_for(const std::string& path) {
  static std::atomic<unsigned> counter{0};
  auto slash = path.rfind('/');
  std::string dir = slash == std::string::npos ? "" : path.substr(0, slash + 1);
  std::string base = slash == std::string::npos ? path : path.substr(slash + 1);
  return dir + "." + base + ".tmp-" + std::to_string(::getpid()) + "-" + std::to_string(counter++);
}

bool parse_temp_name(const std::string& entry, const std::string& name, long& pid) {
  // "." NAME ".tmp-" PID "-" N, nothing before or after.
  const std::string prefix = "." + name + ".tmp-";
  if (name.empty() || entry.size() <= prefix.size() || entry.compare(0, prefix.size(), prefix) != 0) return false;
  size_t dash = entry.find('-', prefix.size());
  if (dash == std::string::npos || !all_digits(entry, prefix.size(), dash) || !all_digits(entry, dash + 1, entry.size()))
    return false;
  pid = std::stol(entry.substr(prefix.size(), dash - prefix.size()));
  return pid > 0;
}

void remove_stale_temporaries(const std::string& path) noexcept {
  try {
    auto slash = path.rfind('/');
    std::string dir = slash == std::string::npos ? "." : (slash == 0 ? "/" : path.substr(0, slash));
    std::string name = slash == std::string::npos ? path : path.substr(slash + 1);
    if (name.empty() || name == "." || name == "..") return;
    std::vector<std::string> stale;
    DIR* d = ::opendir(dir.c_str());
    if (!d) return;
    while (const dirent* e = ::readdir(d)) {
      std::string entry = e->d_name;
      long pid = 0;
      if (!parse_temp_name(entry, name, pid) || pid == ::getpid()) continue;
      if (::kill(static_cast<pid_t>(pid), 0) == 0 || errno != ESRCH) continue;  // alive, or not ours to know
      stale.push_back(dir + "/" + entry);
    }
    ::closedir(d);
    for (const std::string& p : stale) {
      struct stat st;
      if (::lstat(p.c_str(), &st) != 0) continue;
      if (S_ISDIR(st.st_mode)) remove_tree_signal_safe(p.c_str());
      else ::unlink(p.c_str());
    }
  } catch (...) {
  }
}

}  // namespace mm
