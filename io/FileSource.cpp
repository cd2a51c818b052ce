#include "io/FileSource.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "io/Error.h"

namespace mm {

FileSource::FileSource(const std::string& path) : path_(path) {
  fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd_ < 0) throw_io_error(path, "cannot open", errno);
  struct stat st {};
  if (::fstat(fd_, &st) != 0) throw_io_error(path, "cannot stat", errno);
  if (S_ISDIR(st.st_mode)) {
    ::close(fd_);
    throw_io_error(path, "cannot read", EISDIR);
  }
  regular_ = S_ISREG(st.st_mode);
  size_ = regular_ ? static_cast<uint64_t>(st.st_size) : 0;
  ::posix_fadvise(fd_, 0, 0, POSIX_FADV_SEQUENTIAL);
}

FileSource::~FileSource() {
  if (fd_ >= 0) ::close(fd_);
}

std::string_view FileSource::peek(size_t n) {
  ahead_.resize(n);
  size_t got = 0;
  while (got < n) {
    ssize_t r = ::read(fd_, ahead_.data() + got, n - got);
    if (r < 0) {
      if (errno == EINTR) continue;
      throw_io_error(path_, "read failed", errno);
    }
    if (r == 0) break;
    got += static_cast<size_t>(r);
  }
  ahead_.resize(got);
  read_ += got;
  return ahead_;
}

size_t FileSource::read(char* dst, size_t max) {
  size_t got = 0;
  if (!ahead_.empty()) {  // peeked: already counted in read_
    got = std::min(max, ahead_.size());
    std::memcpy(dst, ahead_.data(), got);
    ahead_.erase(0, got);
  }
  while (got < max) {
    ssize_t n = ::read(fd_, dst + got, max - got);
    if (n < 0) {
      if (errno == EINTR) continue;
      throw_io_error(path_, "read failed", errno);
    }
    if (n == 0) break;
    got += static_cast<size_t>(n);
    read_ += static_cast<size_t>(n);
  }
  // A regular file that ends before (or goes on after) the size it had when opened was changed
  // while being read: its content can no longer be trusted as one export.
  if (regular_ && got < max && read_ != size_)
    throw Error(path_ + ": the file changed size while being read (" + std::to_string(size_) + " bytes at open, " +
                std::to_string(read_) + " read); is another process writing it?");
  return got;
}

}  // namespace mm
