#include "io/ByteSource.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "io/Error.h"
#include "io/FileSource.h"
#include "io/ZipSource.h"
#include "io/ZstdSource.h"

namespace mm {

InputFormat detect_input_format(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) throw_io_error(path, "cannot open", errno);
  if (S_ISFIFO(st.st_mode) || S_ISCHR(st.st_mode)) return InputFormat::kJsonl;  // a pipe: cannot sniff
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw_io_error(path, "cannot open", errno);
  unsigned char magic[4] = {0, 0, 0, 0};
  ssize_t n = ::pread(fd, magic, sizeof magic, 0);
  int err = errno;
  ::close(fd);
  if (n < 0) throw_io_error(path, "cannot read", err);
  if (n == 4 && magic[0] == 0x28 && magic[1] == 0xB5 && magic[2] == 0x2F && magic[3] == 0xFD)
    return InputFormat::kZstd;
  // A skippable frame (pzstd) also starts a valid zstd stream.
  if (n == 4 && (magic[0] & 0xF0) == 0x50 && magic[1] == 0x2A && magic[2] == 0x4D && magic[3] == 0x18)
    return InputFormat::kZstd;
  if (n == 4 && magic[0] == 'P' && magic[1] == 'K' && ((magic[2] == 3 && magic[3] == 4) || (magic[2] == 5 && magic[3] == 6)))
    return InputFormat::kZip;
  return InputFormat::kJsonl;
}

std::unique_ptr<ByteSource> open_byte_source(const std::string& path) {
  switch (detect_input_format(path)) {
    case InputFormat::kZstd: return std::make_unique<ZstdSource>(path);
    case InputFormat::kZip: return std::make_unique<ZipSource>(path);
    case InputFormat::kJsonl: break;
  }
  return std::make_unique<FileSource>(path);
}

}  // namespace mm
