// Cuts an export into line-aligned chunks of about `chunk_size` bytes. A chunk holding a line
// longer than that grows to hold it whole, up to `max_line` bytes (the importer's limit,
// kMaxLineBytes). A longer line is never held whole: it is read on to its newline and discarded,
// and stands as a chunk of its own with `overlong` set (jsonl/Chunk.h), so memory stays at most
// tokens x (chunk + max_line) whatever the input. The pipeline calls next() from its serial input
// stage and release_before() from its serial in-order stage, which may run at the same time: a
// reader keeps their state apart.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "io/ByteSource.h"
#include "jsonl/Chunk.h"

namespace mm {

inline constexpr size_t kDefaultChunkSize = size_t{1} << 20;
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
  // How the bytes were read, for a report: "read", "mmap", or the per-run choice with its timings.
  virtual std::string input_note() const { return "read"; }
};

// read() from a ByteSource (plain file, zstd, zip) into the chunk's own pooled buffer. The
// partial line at the end of one read is carried into the next chunk.
class StreamChunker final : public ChunkReader {
 public:
  // `source` positioned at byte `start` of its stream, the start of a line; the first chunk gets
  // sequence number `start_seq` (AutoChunker hands a file over from one reader to another).
  StreamChunker(std::unique_ptr<ByteSource> source, size_t chunk_size = kDefaultChunkSize,
                size_t max_line = kDefaultMaxLine, uint64_t start = 0, uint64_t start_seq = 0);
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
  // Chunks from byte `start` (the start of a line) on, the first numbered `start_seq`.
  explicit MmapChunker(const std::string& path, size_t chunk_size = kDefaultChunkSize,
                       size_t max_line = kDefaultMaxLine, uint64_t start = 0, uint64_t start_seq = 0);
  ~MmapChunker() override;
  MmapChunker(const MmapChunker&) = delete;
  MmapChunker& operator=(const MmapChunker&) = delete;
  bool next(Chunk& chunk) override;
  const std::string& name() const override { return path_; }
  uint64_t raw_size() const override { return size_; }
  void release_before(uint64_t offset) override;
  std::string input_note() const override { return "mmap"; }
  // Bytes from the start mapped ahead so far (AutoChunker weighs the cost of mapping them).
  uint64_t prefaulted() const { return prefaulted_; }

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

enum class InputMethod { kAuto, kRead, kMmap };

// A plain file read the way that costs this host less, found while reading it. Which is cheaper
// depends on the host, not the file: read() copies every byte once (the same small cost
// everywhere), a mapping costs no copy but a page-table entry per 4 KiB page, and what that costs
// differs several times over between hosts, virtual machines above all (docs/performance.md, "The
// input: measured per run"). So the first bytes of the file are read both ways and timed where
// the cost is paid, in the serial input step: a stretch with read() (the copy), then a stretch
// mapped (MmapChunker maps its window ahead of the workers in that step). The rest of the file
// goes the cheaper way; mapping has to be clearly cheaper (kMappedShare), as its unmapping, paid
// in the serial output step, is not timed. Nothing is read twice: each stretch is part of the
// run, handed from one reader to the next at a chunk boundary. A file too small to weigh is read.
struct AutoChunkerTrial {
  uint64_t min_file = uint64_t{96} << 20;  // smaller files are read() throughout
  uint64_t read_bytes = uint64_t{8} << 20;  // timed with read(), after a first chunk left untimed
  uint64_t mapped_bytes = uint64_t{16} << 20;  // timed mapped
  int force = -1;  // tests: 0 read, 1 mapped after the trial; -1 decide by the timings
};
class AutoChunker final : public ChunkReader {
 public:
  using Trial = AutoChunkerTrial;
  static constexpr double kMappedShare = 0.7;

  explicit AutoChunker(const std::string& path, size_t chunk_size = kDefaultChunkSize,
                       size_t max_line = kDefaultMaxLine, Trial trial = {});
  ~AutoChunker() override;
  bool next(Chunk& chunk) override;
  const std::string& name() const override { return path_; }
  uint64_t raw_size() const override { return size_; }
  void release_before(uint64_t offset) override;
  // "read" for a file too small to weigh; else what was chosen, with the two costs measured.
  std::string input_note() const override;

  // After the trial: kRead or kMmap; during it, or for a small file, kAuto / kRead.
  InputMethod chosen() const { return chosen_; }
  // Nanoseconds a byte each way cost in the trial (0: not measured).
  double read_ns_per_byte() const { return read_ns_ / std::max<double>(1, read_timed_); }
  double mapped_ns_per_byte() const { return mapped_ns_ / std::max<double>(1, mapped_timed_); }

 private:
  enum class Phase { kReadTrial, kMappedTrial, kDone };
  std::unique_ptr<StreamChunker> open_stream(uint64_t start, uint64_t seq) const;
  void decide(uint64_t at, uint64_t seq);

  std::string path_;
  size_t chunk_size_, max_line_;
  Trial trial_;
  uint64_t size_ = 0;
  Phase phase_ = Phase::kDone;
  InputMethod chosen_ = InputMethod::kRead;
  std::unique_ptr<StreamChunker> stream_;  // the current reader when reading
  // The mapping, once tried: it stays until the end, as chunks in flight may point into it.
  // next() sets it, release_before() (another thread) reads it.
  std::unique_ptr<MmapChunker> mapped_;
  std::atomic<MmapChunker*> mapped_view_{nullptr};
  bool mapping_ = false;  // next() reads from mapped_
  uint64_t mapped_start_ = 0;
  uint64_t chunks_ = 0;
  double read_ns_ = 0, mapped_ns_ = 0;
  uint64_t read_timed_ = 0, mapped_timed_ = 0;
};

// Opens an export for chunked reading: .jsonl.zst, .zip and pipes are always streamed; a plain
// JSONL file by `method`, by default the way measured cheaper on this host (AutoChunker).
std::unique_ptr<ChunkReader> open_chunk_reader(const std::string& path,
                                               InputMethod method = InputMethod::kAuto,
                                               size_t chunk_size = kDefaultChunkSize,
                                               size_t max_line = kDefaultMaxLine);

// Of the `size` bytes at `data`, which start a line and whose first `clean` bytes hold no
// newline: the raw length (with its newline) of the first line when its text (without "\r\n")
// is longer than `max_line`, else 0.
size_t overlong_first_line(const char* data, size_t size, size_t clean, size_t max_line);

// Number of '\n' in [data, data + size).
uint64_t count_newlines(const char* data, size_t size);

}  // namespace mm
