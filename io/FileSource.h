// read() from a plain file, or a pipe. peek() reads a stream's first bytes ahead (a pipe cannot
// be read twice) and read() gives them again. A regular file whose size changes while it is read is an
// error (another process is writing it). This is how every input is read by default, a plain
// file included; `--input mmap` maps a plain file instead (MmapChunker, pipeline/ChunkReader.h,
// which says why read() is the default).
#pragma once

#include <string>
#include <string_view>

#include "io/ByteSource.h"

namespace mm {

class FileSource final : public ByteSource {
 public:
  explicit FileSource(const std::string& path);
  ~FileSource() override;
  FileSource(const FileSource&) = delete;
  FileSource& operator=(const FileSource&) = delete;

  size_t read(char* dst, size_t max) override;
  // The first `n` bytes (fewer at the end of input), read ahead; call before any read().
  std::string_view peek(size_t n);
  // A pipe, a socket or a character device: no seeking, one read only.
  bool seekable() const { return regular_; }
  const std::string& name() const override { return path_; }
  uint64_t raw_bytes_read() const override { return read_; }
  uint64_t raw_size() const override { return size_; }

 private:
  std::string path_;
  int fd_ = -1;
  uint64_t size_ = 0;
  uint64_t read_ = 0;
  bool regular_ = true;
  std::string ahead_;  // peeked bytes, not yet given by read()
};

}  // namespace mm
