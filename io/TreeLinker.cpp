#include "io/TreeLinker.h"

#include <cerrno>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>

#include "io/Error.h"
#include "io/ImportTree.h"

namespace mm {

TreeLinker::TreeLinker(int source_dir_fd, const std::string& out_dir) : source_fd_(source_dir_fd), out_dir_(out_dir) {
  out_fd_ = ::open(out_dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (out_fd_ < 0) throw_io_error(out_dir, "cannot open the output directory", errno);
}

TreeLinker::~TreeLinker() {
  if (out_fd_ >= 0) ::close(out_fd_);
}

bool TreeLinker::exists_in_source(const std::string& relative) const {
  UniqueFd fd(open_beneath(source_fd_, relative, O_PATH | O_NOFOLLOW));
  return fd || errno != ENOENT;
}

int TreeLinker::open_out_parent(const std::string& to, std::string& base) const {
  UniqueFd dir;
  size_t begin = 0;
  for (size_t slash = to.find('/'); slash != std::string::npos; begin = slash + 1, slash = to.find('/', begin)) {
    std::string part = to.substr(begin, slash - begin);
    if (part.empty() || part == "." || part == "..")
      throw Error(fmt::format("{}/{}: not a plain path inside the output directory", out_dir_, to));
    int at = dir ? dir.get() : out_fd_;
    const int flags = O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC;
    int next = ::openat(at, part.c_str(), flags);
    if (next < 0 && errno == ENOENT) {
      if (::mkdirat(at, part.c_str(), 0755) != 0 && errno != EEXIST)
        throw_io_error(out_dir_ + "/" + to.substr(0, slash), "cannot create directory", errno);
      next = ::openat(at, part.c_str(), flags);
    }
    if (next < 0) throw_io_error(out_dir_ + "/" + to.substr(0, slash), "cannot open directory", errno);
    dir = UniqueFd(next);
  }
  base = to.substr(begin);
  if (base.empty() || base == "." || base == "..")
    throw Error(fmt::format("{}/{}: not a plain path inside the output directory", out_dir_, to));
  if (!dir) dir = UniqueFd(::fcntl(out_fd_, F_DUPFD_CLOEXEC, 0));
  if (!dir) throw_io_error(out_dir_, "cannot open directory", errno);
  return dir.release();
}

TreeLinker::Placed TreeLinker::place(const std::string& from, const std::string& to) const {
  // The source file itself, beneath the tree: a symlink inside the tree (one that stays inside)
  // is placed as the file it names, not as a link that might dangle in the new tree.
  UniqueFd source(open_beneath(source_fd_, from, O_PATH));
  if (!source) throw_io_error(from, "cannot open beneath the import directory", errno);
  struct stat st;
  if (::fstat(source.get(), &st) != 0) throw_io_error(from, "cannot stat", errno);
  if (!S_ISREG(st.st_mode)) throw Error(from + ": not a regular file");
  std::string base;
  UniqueFd parent(open_out_parent(to, base));
  // AT_EMPTY_PATH links the open file (it needs CAP_DAC_READ_SEARCH); /proc/self/fd/N the same
  // file without it. Neither looks the source path up again.
  int err = 0;
  if (::linkat(source.get(), "", parent.get(), base.c_str(), AT_EMPTY_PATH) == 0) return Placed::kLinked;
  err = errno;
  if (err == ENOENT || err == EPERM || err == EINVAL) {
    std::string proc = fmt::format("/proc/self/fd/{}", source.get());
    if (::linkat(AT_FDCWD, proc.c_str(), parent.get(), base.c_str(), AT_SYMLINK_FOLLOW) == 0) return Placed::kLinked;
    err = errno;
    if (err == ENOENT) err = EPERM;  // no /proc: copy
  }
  if (err == EEXIST) return Placed::kExisted;
  if (err == EXDEV || err == EPERM || err == EMLINK || err == EACCES) return copy(from, parent.get(), base, to);
  throw_io_error(out_dir_ + "/" + to, "cannot link " + from, err);
}

TreeLinker::Placed TreeLinker::copy(const std::string& from, int out_parent, const std::string& base,
                                    const std::string& to) const {
  UniqueFd in(open_beneath(source_fd_, from));
  if (!in) throw_io_error(from, "cannot open beneath the import directory", errno);
  UniqueFd out(::openat(out_parent, base.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644));
  if (!out) {
    if (errno == EEXIST) return Placed::kExisted;
    throw_io_error(out_dir_ + "/" + to, "cannot create", errno);
  }
  char buffer[1 << 16];
  for (;;) {
    ssize_t n = ::read(in.get(), buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw_io_error(from, "cannot read", errno);
    if (n == 0) break;
    for (ssize_t done = 0; done < n;) {
      ssize_t w = ::write(out.get(), buffer + done, static_cast<size_t>(n - done));
      if (w < 0 && errno == EINTR) continue;
      if (w < 0) throw_io_error(out_dir_ + "/" + to, "cannot write", errno);
      done += w;
    }
  }
  if (::close(out.release()) != 0) throw_io_error(out_dir_ + "/" + to, "cannot write", errno);
  return Placed::kCopied;
}

}  // namespace mm
