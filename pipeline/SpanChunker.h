// Chunks of chosen lines of an export (jsonl/Chunk.h, LineSpan), for a pass that needs only a few
// lines of a file an earlier pass has split (apply --since reads the lines that changed this way,
// docs/apply.md). Each line is copied once into the chunk's buffer and keeps its number
// (Chunk::line_numbers), so that findings and reports name the real lines; the lines come in
// input order, about `chunk_size` bytes to a chunk.
//
// A plain file is read at the lines' offsets: pread() into the chunk's buffer, one call for lines
// less than a page apart (the bytes between dropped), by the worker that takes the chunk (fill()):
// reads of scattered lines cost a system call each, and on one thread they were the pass's limit.
// A compressed or zipped export has no offsets to read at: it is decoded again (open_chunk_reader)
// and the chosen lines are copied out of its chunks as they pass, in next(). Either way a line the
// spans name as overlong is never read: it comes back as an overlong chunk (the pipeline reports
// it, pipeline/OrderedPipeline.h) with its number.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "jsonl/Chunk.h"
#include "pipeline/ChunkReader.h"

namespace mm {

class SpanChunker final : public ChunkReader {
 public:
  // `spans` in input order, held by the caller for the reader's life.
  SpanChunker(const std::string& path, const std::vector<LineSpan>& spans, size_t chunk_size = kDefaultChunkSize);
  ~SpanChunker() override;
  SpanChunker(const SpanChunker&) = delete;
  SpanChunker& operator=(const SpanChunker&) = delete;

  bool next(Chunk& chunk) override;
  void fill(Chunk& chunk) const override;
  const std::string& name() const override { return path_; }
  uint64_t raw_size() const override { return raw_size_; }

 private:
  // Copies the bytes [offset, offset + n) of the decoded stream to `to`: pread() (any thread) or,
  // decoded again, from the stream's current chunk (next() only, in order).
  void read_at(char* to, uint64_t offset, size_t n) const;
  // The end of the spans read with one call from `first` into a chunk holding `size` bytes.
  size_t group_end(size_t first, size_t size) const;
  // Reads the chunk's placed lines (Chunk::to_fill_begin/end) into its buffer; sets its size.
  void read_lines(Chunk& chunk) const;
  bool emit(Chunk& chunk);

  static constexpr uint64_t kGap = 4096;

  std::string path_;
  const std::vector<LineSpan>& spans_;
  size_t chunk_size_;
  size_t next_ = 0;  // the first span not yet given
  uint64_t seq_ = 0;
  uint64_t raw_size_ = 0;
  int fd_ = -1;  // a plain file: read at offsets
  // Otherwise the export decoded again, and its current chunk: used from next() alone.
  std::unique_ptr<ChunkReader> stream_;
  mutable Chunk current_;
  mutable bool current_valid_ = false;
};

}  // namespace mm
