// Decodes a compressed export on a thread of its own, ahead of the pipeline. Decompression (zstd,
// the deflate of a zip member) is slower on one core than the parallel stages are together
// (docs/performance.md): done inside the pipeline's serial input step, it would alternate with the chunking
// on that step instead of overlapping with the workers. Here a producer thread fills a ring of
// kReadAheadSlots pooled buffers of kReadAheadBytes from the inner source while read() hands
// their bytes out in order, so the input step only copies; memory stays at the ring's size. An
// error of the inner source (a corrupt or truncated stream) is raised by read() at the point in
// the stream where it happened.
#pragma once

#include <condition_variable>
#include <exception>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "io/ByteSource.h"

namespace mm {

// 8 slots of 256 KiB: a slot is written by the decoder and read by the input step while both are
// in a core's cache (the chunk size's reason, pipeline/ChunkReader.h). With 4 slots of 1 MiB,
// validate on a .jsonl.zst ran at 0.89-0.96x `zstd -dc` on the corpus shapes; with these at
// 0.97-1.12x (docs/performance.md, "Compressed input").
inline constexpr size_t kReadAheadSlots = 8;
inline constexpr size_t kReadAheadBytes = size_t{256} << 10;

class ReadAheadSource final : public ByteSource {
 public:
  explicit ReadAheadSource(std::unique_ptr<ByteSource> inner, size_t slots = kReadAheadSlots,
                           size_t slot_bytes = kReadAheadBytes);
  ~ReadAheadSource() override;
  ReadAheadSource(const ReadAheadSource&) = delete;
  ReadAheadSource& operator=(const ReadAheadSource&) = delete;

  size_t read(char* dst, size_t max) override;
  const std::string& name() const override { return name_; }
  // As of the bytes handed out so far, not the producer's position ahead of them.
  uint64_t raw_bytes_read() const override { return raw_read_; }
  uint64_t raw_size() const override { return raw_size_; }

 private:
  struct Slot {
    std::vector<char> bytes;
    size_t size = 0;  // 0: the end of the stream (or its error)
    uint64_t raw_read = 0;  // the inner source's raw_bytes_read() after filling it
    std::exception_ptr error;
  };
  void produce();

  std::unique_ptr<ByteSource> inner_;
  std::string name_;
  uint64_t raw_size_;
  uint64_t raw_read_ = 0;
  std::vector<Slot> ring_;
  uint64_t produced_ = 0;  // slots filled (guarded by mutex_)
  uint64_t consumed_ = 0;  // slots handed out whole (guarded by mutex_)
  size_t pos_ = 0;  // bytes of slot `consumed_` already handed out (consumer only)
  bool ended_ = false;  // consumer reached the end slot
  bool stop_ = false;
  std::mutex mutex_;
  std::condition_variable filled_, freed_;
  std::thread producer_;
};

}  // namespace mm
