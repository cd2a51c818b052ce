// Cuts an export into line-aligned chunks of about `chunk_size` bytes. A chunk holding a line
// longer than that grows to hold it whole (up to `max_line`). Readers are used by the pipeline's
// serial input stage only.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "io/ByteSource.h"
#include "pipeline/Chunk.h"

namespace mm {

inline constexpr size_t kDefaultChunkSize = size_t{1} << 20;
inline constexpr size_t kDefaultMaxLine = size_t{1} << 30;

class ChunkReader {
 public:
  virtual ~ChunkReader() = default;
  // Fills `chunk` with the next lines; false at the end of input.
  virtual bool next(Chunk& chunk) = 0;
  virtual const std::string& name() const = 0;
  virtual uint64_t raw_size() const = 0;
};

// read() from a ByteSource (plain file, zstd, zip) into the chunk's own pooled buffer. The
// partial line at the end of one read is carried into the next chunk.
class StreamChunker final : public ChunkReader {
 public:
  StreamChunker(std::unique_ptr<ByteSource> source, size_t chunk_size = kDefaultChunkSize,
                size_t max_line = kDefaultMaxLine);
  bool next(Chunk& chunk) override;
  const std::string& name() const override { return source_->name(); }
  uint64_t raw_size() const override { return source_->raw_size(); }

 private:
  std::unique_ptr<ByteSource> source_;
  size_t chunk_size_;
  size_t max_line_;
  PaddedBuffer carry_;  // bytes of an unfinished line
  size_t carry_size_ = 0;
  bool eof_ = false;
  uint64_t seq_ = 0;
  uint64_t line_ = 1;
  uint64_t offset_ = 0;
};

// Chunks that point into a read-only mapping of a plain file (mmap + madvise). Only the last
// chunk, which has no bytes after it for simdjson's padding, is copied.
class MmapChunker final : public ChunkReader {
 public:
  explicit MmapChunker(const std::string& path, size_t chunk_size = kDefaultChunkSize);
  ~MmapChunker() override;
  MmapChunker(const MmapChunker&) = delete;
  MmapChunker& operator=(const MmapChunker&) = delete;
  bool next(Chunk& chunk) override;
  const std::string& name() const override { return path_; }
  uint64_t raw_size() const override { return size_; }

 private:
  std::string path_;
  const char* map_ = nullptr;
  uint64_t size_ = 0;
  uint64_t pos_ = 0;
  size_t chunk_size_;
  uint64_t seq_ = 0;
  uint64_t line_ = 1;
};

enum class InputMethod { kRead, kMmap };

// Opens an export for chunked reading: .jsonl.zst and .zip are always streamed; plain JSONL by
// `method` (read() is the default: it measured faster here).
std::unique_ptr<ChunkReader> open_chunk_reader(const std::string& path,
                                               InputMethod method = InputMethod::kRead,
                                               size_t chunk_size = kDefaultChunkSize);

// Number of '\n' in [data, data + size).
uint64_t count_newlines(const char* data, size_t size);

}  // namespace mm
