// Cuts an export into line-aligned chunks of about `chunk_size` bytes. A chunk holding a line
// longer than that grows to hold it whole, up to `max_line` bytes (the importer's limit,
// kMaxLineBytes). A longer line is never held whole: it is read on to its newline and discarded,
// and stands as a chunk of its own with `overlong` set (jsonl/Chunk.h), so memory stays at most
// tokens x (chunk + max_line) whatever the input. The pipeline calls next() from its serial input
// stage and release_before() from its serial in-order stage, which may run at the same time: a
// reader keeps their state apart.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "io/ByteSource.h"
#include "jsonl/Chunk.h"

namespace mm {

// 256 KiB: a chunk, the slot's buffer it is read into and the slot's output stay in a core's L2
// (512 KiB to 2 MiB on x86 servers), so the copy out of the page cache does not go to memory and
// back. At 1 MiB, on every shape of bench/corpus.sh, stats ran 8-20% and validate 5-20% slower
// (docs/performance.md, "Chunk size"); 128 KiB was no faster than 256 KiB.
inline constexpr size_t kDefaultChunkSize = size_t{256} << 10;
inline constexpr size_t kDefaultMaxLine = kMaxLineBytes;

class ChunkReader {
 public:
  virtual ~ChunkReader() = default;
  // Fills `chunk` with the next lines; false at the end of input.
  virtual bool next(Chunk& chunk) = 0;
  virtual const std::string& name() const = 0;
  virtual uint64_t raw_size() const = 0;
  // Every chunk that ends at or before `offset` is done with (called in order by the pipeline):
  // a reader may give back what it held for them.
  virtual void release_before(uint64_t /*offset*/) {}
  // Called by the pipeline's parallel stage, before the chunk is processed: a reader whose next()
  // only placed the chunk's lines (Chunk::to_fill_begin/end) reads them here, so that the reads
  // of several chunks run at once instead of in the serial input step. Safe from several threads.
  virtual void fill(Chunk& /*chunk*/) const {}
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
  bool skip_overlong(Chunk& chunk, size_t have);
  // Keeps bytes for the next chunk; `clean` of them (from the start) are known to hold no newline.
  void carry(const char* bytes, size_t size, size_t clean);
  bool emit(Chunk& chunk, size_t size, uint64_t overlong);

  std::unique_ptr<ByteSource> source_;
  size_t chunk_size_;
  size_t max_line_;
  PaddedBuffer carry_;  // bytes of an unfinished line
  size_t carry_size_ = 0;
  size_t carry_clean_ = 0;  // leading carried bytes known to hold no newline
  bool eof_ = false;
  uint64_t seq_ = 0;
  uint64_t line_ = 1;
  uint64_t offset_ = 0;
};

// Chunks that point into a read-only mapping of a plain file (mmap + madvise). Only the last
// chunk, which has no bytes after it for simdjson's padding, is copied. Pages of chunks done with
// are dropped from the mapping every kReleaseStep bytes (they stay in the page cache), so the
// process's resident size stays bounded however large the file.
//
// The serial input step maps the pages of the next kPrefaultAhead bytes before the workers reach
// them (prefault()), kPrefaultStep at a time: MADV_POPULATE_READ (Linux >= 5.14) maps a whole
// range in one call, where a worker scanning the chunk would take one page fault per 16 pages
// (the kernel's fault-around), and a fault costs 2-4x more on some virtual machines than on
// others (docs/performance.md). On an older kernel the step reads one byte per 64 KiB instead,
// which still moves the faults out of the workers. MADV_HUGEPAGE is not asked for: it applies to
// anonymous memory, and page-cache pages of a regular file are mapped 4 KiB at a time unless the
// kernel was built for read-only file huge pages, so it would change nothing here.
class MmapChunker final : public ChunkReader {
 public:
  explicit MmapChunker(const std::string& path, size_t chunk_size = kDefaultChunkSize,
                       size_t max_line = kDefaultMaxLine);
  ~MmapChunker() override;
  MmapChunker(const MmapChunker&) = delete;
  MmapChunker& operator=(const MmapChunker&) = delete;
  bool next(Chunk& chunk) override;
  const std::string& name() const override { return path_; }
  uint64_t raw_size() const override { return size_; }
  void release_before(uint64_t offset) override;

  static constexpr uint64_t kReleaseStep = uint64_t{32} << 20;
  static constexpr uint64_t kPrefaultAhead = uint64_t{16} << 20;
  static constexpr uint64_t kPrefaultStep = uint64_t{4} << 20;

 private:
  // Maps the pages of [prefaulted_, pos_ + kPrefaultAhead) when that reaches a step ahead.
  void prefault();
  // The line at pos_ is longer than max_line_: finds its end, dropping its pages as it goes.
  uint64_t skip_overlong();
  std::string path_;
  int fd_ = -1;  // kept open to see, at the end, whether the file changed size
  const char* map_ = nullptr;
  uint64_t released_ = 0;  // pages below this offset are dropped
  uint64_t prefaulted_ = 0;  // pages below this offset were mapped ahead of the workers
  bool populate_read_ = true;  // MADV_POPULATE_READ works (false on kernels before 5.14)
  uint64_t size_ = 0;
  uint64_t pos_ = 0;
  size_t chunk_size_;
  size_t max_line_;
  uint64_t seq_ = 0;
  uint64_t line_ = 1;
};

enum class InputMethod { kRead, kMmap };

// Opens an export for chunked reading: .jsonl.zst, .zip and pipes are always streamed; a plain
// JSONL file by `method`. read() is the default because its cost does not depend on the host:
// the kernel copies each chunk into a pooled buffer at memory speed, a small share of the CPU of
// `stats` on every machine measured. A mapped chunk costs no copy but a page fault per 64 KiB,
// and the cost of a fault differs widely between hosts (virtual machines above all): mapped
// input measured faster than read() on one host and much slower on others (figures:
// docs/performance.md, "read() by default"). The default takes the small, predictable cost over the variable one;
// `--input mmap` remains for hosts where it is measured faster (bench/run.sh times both).
std::unique_ptr<ChunkReader> open_chunk_reader(const std::string& path,
                                               InputMethod method = InputMethod::kRead,
                                               size_t chunk_size = kDefaultChunkSize,
                                               size_t max_line = kDefaultMaxLine);

// Of the `size` bytes at `data`, which start a line and whose first `clean` bytes hold no
// newline: the raw length (with its newline) of the first line when its text (without "\r\n")
// is longer than `max_line`, else 0.
size_t overlong_first_line(const char* data, size_t size, size_t clean, size_t max_line);

// Number of '\n' in [data, data + size).
uint64_t count_newlines(const char* data, size_t size);

}  // namespace mm
