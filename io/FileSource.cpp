#include "io/FileSource.h"

#include <cerrno>
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
  size_ = static_cast<uint64_t>(st.st_size);
  ::posix_fadvise(fd_, 0, 0, POSIX_FADV_SEQUENTIAL);
}

FileSource::~FileSource() {
  if (fd_ >= 0) ::close(fd_);
}

size_t FileSource::read(char* dst, size_t max) {
  size_t got = 0;
  while (got < max) {
    ssize_t n = ::read(fd_, dst + got, max - got);
    if (n < 0) {
      if (errno == EINTR) continue;
      throw_io_error(path_, "read failed", errno);
    }
    if (n == 0) break;
    got += static_cast<size_t>(n);
  }
  read_ += got;
  return got;
}

}  // namespace mm
