#include "io/TreeLinker.h"

#include <cerrno>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "io/Error.h"
#include "stages/AttachmentVerifier.h"

namespace mm {

TreeLinker::TreeLinker(int source_dir_fd, const std::string& out_dir) : source_fd_(source_dir_fd), out_dir_(out_dir) {
  out_fd_ = ::open(out_dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (out_fd_ < 0) throw_io_error(out_dir, "cannot open the output directory", errno);
}

TreeLinker::~TreeLinker() {
  if (out_fd_ >= 0) ::close(out_fd_);
}

bool TreeLinker::exists_in_source(const std::string& relative) const {
  struct stat st;
  return ::fstatat(source_fd_, relative.c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0;
}

void TreeLinker::make_parents(const std::string& relative) const {
  for (size_t slash = relative.find('/'); slash != std::string::npos; slash = relative.find('/', slash + 1)) {
    std::string dir = relative.substr(0, slash);
    if (::mkdirat(out_fd_, dir.c_str(), 0755) != 0 && errno != EEXIST)
      throw_io_error(out_dir_ + "/" + dir, "cannot create directory", errno);
  }
}

TreeLinker::Placed TreeLinker::place(const std::string& from, const std::string& to) const {
  for (int attempt = 0; attempt < 2; ++attempt) {
    // AT_SYMLINK_FOLLOW: a symlink inside the tree (already checked not to leave it) is placed as
    // the file it names, not as a link that might dangle in the new tree.
    if (::linkat(source_fd_, from.c_str(), out_fd_, to.c_str(), AT_SYMLINK_FOLLOW) == 0) return Placed::kLinked;
    int err = errno;
    if (err == EEXIST) return Placed::kExisted;
    if (err == ENOENT && attempt == 0) {
      make_parents(to);
      continue;
    }
    if (err == EXDEV || err == EPERM || err == EMLINK || err == EACCES) return copy(from, to);
    throw_io_error(out_dir_ + "/" + to, "cannot link " + from, err);
  }
  throw_io_error(out_dir_ + "/" + to, "cannot link " + from, ENOENT);
}

TreeLinker::Placed TreeLinker::copy(const std::string& from, const std::string& to) const {
  int in = open_beneath(source_fd_, from);
  if (in < 0) throw_io_error(from, "cannot open", errno);
  int out = ::openat(out_fd_, to.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (out < 0) {
    int err = errno;
    ::close(in);
    if (err == EEXIST) return Placed::kExisted;
    throw_io_error(out_dir_ + "/" + to, "cannot create", err);
  }
  char buffer[1 << 16];
  for (;;) {
    ssize_t n = ::read(in, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      int err = errno;
      ::close(in);
      ::close(out);
      throw_io_error(from, "cannot read", err);
    }
    if (n == 0) break;
    for (ssize_t done = 0; done < n;) {
      ssize_t w = ::write(out, buffer + done, static_cast<size_t>(n - done));
      if (w < 0 && errno == EINTR) continue;
      if (w < 0) {
        int err = errno;
        ::close(in);
        ::close(out);
        throw_io_error(out_dir_ + "/" + to, "cannot write", err);
      }
      done += w;
    }
  }
  ::close(in);
  if (::close(out) != 0) throw_io_error(out_dir_ + "/" + to, "cannot write", errno);
  return Placed::kCopied;
}

}  // namespace mm
