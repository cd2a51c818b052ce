#include "io/ByteSource.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "io/Error.h"
#include "io/FileSource.h"
#include "io/ReadAheadSource.h"
#include "io/ZipSource.h"
#include "io/ZstdSource.h"

namespace mm {

namespace {

// The format of a stream from its first `n` bytes.
InputFormat format_of(const unsigned char* magic, size_t n) {
  if (n == 4 && magic[0] == 0x28 && magic[1] == 0xB5 && magic[2] == 0x2F && magic[3] == 0xFD)
    return InputFormat::kZstd;
  // A skippable frame (pzstd) also starts a valid zstd stream.
  if (n == 4 && (magic[0] & 0xF0) == 0x50 && magic[1] == 0x2A && magic[2] == 0x4D && magic[3] == 0x18)
    return InputFormat::kZstd;
  if (n == 4 && magic[0] == 'P' && magic[1] == 'K' && ((magic[2] == 3 && magic[3] == 4) || (magic[2] == 5 && magic[3] == 6)))
    return InputFormat::kZip;
  return InputFormat::kJsonl;
}

}  // namespace

InputFormat detect_input_format(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) throw_io_error(path, "cannot open", errno);
  // A pipe cannot be read twice: open_byte_source peeks at it instead.
  if (!S_ISREG(st.st_mode)) return InputFormat::kJsonl;
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw_io_error(path, "cannot open", errno);
  unsigned char magic[4] = {0, 0, 0, 0};
  ssize_t n = ::pread(fd, magic, sizeof magic, 0);
  int err = errno;
  ::close(fd);
  if (n < 0) throw_io_error(path, "cannot read", err);
  return format_of(magic, static_cast<size_t>(n));
}

std::unique_ptr<ByteSource> open_byte_source(const std::string& path) {
  auto file = std::make_unique<FileSource>(path);
  if (!file->seekable()) {
    // A pipe (`stats <(cat x.zst)`), a socket or a device: its first bytes, read ahead, decide.
    std::string_view head = file->peek(4);
    switch (format_of(reinterpret_cast<const unsigned char*>(head.data()), head.size())) {
      case InputFormat::kZstd: return std::make_unique<ReadAheadSource>(std::make_unique<ZstdSource>(std::move(file)));
      case InputFormat::kZip:
        throw Error(path + ": is a zip read through a pipe; a zip needs seeking (its directory is at its end): "
                           "give the .zip file itself");
      case InputFormat::kJsonl: return file;
    }
  }
  file.reset();
  // Compressed input is decoded on a thread of its own, overlapping the pipeline (io/ReadAheadSource.h).
  switch (detect_input_format(path)) {
    case InputFormat::kZstd: return std::make_unique<ReadAheadSource>(std::make_unique<ZstdSource>(path));
    case InputFormat::kZip: return std::make_unique<ReadAheadSource>(std::make_unique<ZipSource>(path));
    case InputFormat::kJsonl: break;
  }
  return std::make_unique<FileSource>(path);
}

}  // namespace mm
