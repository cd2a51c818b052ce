// Deflates a file into ONE raw deflate stream (RFC 1951) on several threads, as pigz does: the
// file is cut into blocks of kDeflateBlock bytes, each compressed on its own by a worker (primed
// with the 32 KiB before it, so the ratio stays close to one serial stream), every block but the
// last ended with a sync flush (an empty stored block: byte-aligned, no final bit) and the last
// with the final block, so the blocks joined in order decode as one stream. The CRC-32 of the
// whole file is combined from the blocks' own (zlib's crc32_combine). The stream is pulled in
// order with read(), for a zip entry's data (io/ZipWriter.h); at most 2 x threads + 1 blocks are
// in flight, their buffers reused, so memory is bounded whatever the file's size.
//
// The blocks are deflated by ISA-L (igzip, Debian's libisal-dev): at level 1 it deflated export
// text at 464 MB/s a core here against zlib's 73 MB/s at its level 1, with a slightly better
// ratio (0.231 against 0.234 on go.jsonl of bench/corpus.sh; docs/performance.md). libdeflate
// is not used: its whole-buffer API always ends with the final bit, so its outputs cannot be joined.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace mm {

inline constexpr size_t kDeflateBlock = size_t{1} << 20;
// ISA-L's level 1 (0-3): its level 2 gained 2% in size for 2% in time, its level 3 4% for half
// the speed; the zip is read once, by the server.
inline constexpr int kDeflateLevel = 1;

class ParallelDeflate {
 public:
  // Deflates the file open at `fd` (read from its current offset to its end; not closed) with
  // `threads` workers (at least 1). `name` is the file's name for errors.
  ParallelDeflate(int fd, std::string name, unsigned threads, size_t block = kDeflateBlock,
                  int level = kDeflateLevel);
  ~ParallelDeflate();
  ParallelDeflate(const ParallelDeflate&) = delete;
  ParallelDeflate& operator=(const ParallelDeflate&) = delete;

  // Copies the next bytes of the stream to `out`: how many, 0 at its end. Throws mm::Error on a
  // read or compression error.
  size_t read(void* out, size_t size);
  // Once read() has returned 0: the CRC-32 and size of the file's bytes, and the stream's size.
  uint32_t crc() const { return crc_; }
  uint64_t bytes_in() const { return bytes_in_; }
  uint64_t bytes_out() const { return bytes_out_; }

 private:
  struct Block;
  void fill();
  void work();
  struct Stream;
  void compress(Block& b, Stream& stream);

  int fd_;
  std::string name_;
  size_t block_size_;
  int level_;
  std::vector<std::unique_ptr<Block>> ring_;
  uint64_t filled_ = 0;  // blocks read from the file so far (block i is ring_[i % ring size])
  uint64_t served_ = 0;  // blocks whose output read() has handed out in full
  size_t served_pos_ = 0;  // bytes of block `served_` already handed out
  bool input_done_ = false;  // the last block has been read
  bool done_ = false;  // the last block has been handed out
  std::vector<unsigned char> tail_;  // the last 32 KiB read: the next block's dictionary
  uint32_t crc_ = 0;
  uint64_t bytes_in_ = 0;
  uint64_t bytes_out_ = 0;

  std::mutex mutex_;
  std::condition_variable work_ready_, block_done_;
  std::deque<Block*> queue_;  // blocks read and waiting for a worker, in order
  bool stop_ = false;
  std::vector<std::thread> workers_;
};

}  // namespace mm
