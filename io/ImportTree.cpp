#include "io/ImportTree.h"

#include <atomic>
#include <climits>
#include <vector>

#include <linux/openat2.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "io/Error.h"

namespace mm {

namespace {

constexpr int kMaxLinks = 40;  // as the kernel's path walk (ELOOP beyond)

// Pushes the components of `path` onto `todo` so that the first one is at the back.
void push_components(std::string_view path, std::vector<std::string>& todo) {
  size_t end = path.size();
  while (end > 0) {
    size_t slash = path.rfind('/', end - 1);
    size_t begin = slash == std::string_view::npos ? 0 : slash + 1;
    if (end > begin) todo.emplace_back(path.substr(begin, end - begin));
    if (slash == std::string_view::npos) break;
    end = slash;
  }
}

}  // namespace

UniqueFd::~UniqueFd() {
  if (fd_ >= 0) ::close(fd_);
}

UniqueFd& UniqueFd::operator=(UniqueFd&& o) noexcept {
  if (this != &o) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = o.release();
  }
  return *this;
}

int open_beneath_portable(int dir_fd, std::string_view relative, int flags) {
  flags |= O_CLOEXEC;
  if (relative.empty()) {
    errno = ENOENT;
    return -1;
  }
  if (relative.front() == '/') {
    errno = EXDEV;
    return -1;
  }
  std::vector<std::string> todo;
  push_components(relative, todo);
  std::vector<UniqueFd> stack;  // the directories walked into below dir_fd
  auto current = [&] { return stack.empty() ? dir_fd : stack.back().get(); };
  int links = 0;
  while (!todo.empty()) {
    std::string part = std::move(todo.back());
    todo.pop_back();
    if (part == ".") continue;
    if (part == "..") {
      if (stack.empty()) {
        errno = EXDEV;
        return -1;
      }
      stack.pop_back();  // lexical, as RESOLVE_BENEATH: the directory fds are the real parents
      continue;
    }
    const bool last = todo.empty();
    // The last component with O_NOFOLLOW is the link itself (as open(2) would give it).
    if (last && (flags & O_NOFOLLOW)) return ::openat(current(), part.c_str(), flags);
    UniqueFd at(::openat(current(), part.c_str(), O_PATH | O_NOFOLLOW | O_CLOEXEC));
    if (!at) return -1;
    struct stat st;
    if (::fstat(at.get(), &st) != 0) return -1;
    if (S_ISLNK(st.st_mode)) {
      if (++links > kMaxLinks) {
        errno = ELOOP;
        return -1;
      }
      char target[PATH_MAX];
      ssize_t n = ::readlinkat(at.get(), "", target, sizeof target);
      if (n < 0) return -1;
      if (static_cast<size_t>(n) >= sizeof target) {
        errno = ENAMETOOLONG;
        return -1;
      }
      if (n == 0) {
        errno = ENOENT;
        return -1;
      }
      if (target[0] == '/') {  // RESOLVE_BENEATH refuses absolute links, wherever they point
        errno = EXDEV;
        return -1;
      }
      push_components(std::string_view(target, static_cast<size_t>(n)), todo);
      continue;
    }
    // O_NOFOLLOW: were the file swapped for a link since, this fails (ELOOP) instead of following it.
    if (last) return ::openat(current(), part.c_str(), flags | O_NOFOLLOW);
    if (!S_ISDIR(st.st_mode)) {
      errno = ENOTDIR;
      return -1;
    }
    stack.push_back(std::move(at));
  }
  return ::openat(current(), ".", flags);  // the path names a directory ("data/..", "a/.")
}

int open_beneath(int dir_fd, std::string_view relative, int flags) {
  flags |= O_CLOEXEC;
#ifdef SYS_openat2
  static std::atomic<bool> have_openat2{true};
  if (have_openat2.load(std::memory_order_relaxed)) {
    char path[PATH_MAX];  // NUL-terminated for the kernel, without an allocation per file
    if (relative.size() >= sizeof path) {
      errno = ENAMETOOLONG;
      return -1;
    }
    if (relative.find('\0') != std::string_view::npos) {
      errno = ENOENT;
      return -1;
    }
    relative.copy(path, relative.size());
    path[relative.size()] = '\0';
    open_how how{};
    how.flags = static_cast<uint64_t>(flags);
    how.resolve = RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS;
    long fd = ::syscall(SYS_openat2, dir_fd, path, &how, sizeof how);
    if (fd >= 0) return static_cast<int>(fd);
    if (errno == ENOSYS) have_openat2.store(false, std::memory_order_relaxed);
    // EPERM: a sandbox that filters the call; the portable walk gives the same answer.
    else if (errno != EPERM) return -1;
  }
#endif
  if (relative.find('\0') != std::string_view::npos) {
    errno = ENOENT;
    return -1;
  }
  return open_beneath_portable(dir_fd, relative, flags);
}

ImportTree::ImportTree(const std::string& dir) : dir_(dir) {
  fd_ = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd_ < 0) throw_io_error(dir, "cannot open the import directory", errno);
}

ImportTree::~ImportTree() {
  if (fd_ >= 0) ::close(fd_);
}

int ImportTree::stat(std::string_view relative, struct stat& st) const {
  UniqueFd fd(open(relative, O_PATH));
  if (!fd) return -1;
  return ::fstat(fd.get(), &st);
}

}  // namespace mm
