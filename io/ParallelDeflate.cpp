#include "io/ParallelDeflate.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <unistd.h>

#include <zlib.h>

#include "io/Error.h"

namespace mm {

namespace {

constexpr size_t kWindow = 32 << 10;  // deflate's window: the most a block can refer back

}  // namespace

struct ParallelDeflate::Block {
  std::vector<unsigned char> in;
  size_t in_size = 0;
  std::vector<unsigned char> dict;  // the kWindow bytes before this block (fewer for the first)
  size_t dict_size = 0;
  std::vector<unsigned char> out;
  size_t out_size = 0;
  uint32_t crc = 0;
  bool last = false;
  bool ready = false;  // compressed: out, crc set
  std::string error;
};

ParallelDeflate::ParallelDeflate(int fd, std::string name, unsigned threads, size_t block, int level)
    : fd_(fd), name_(std::move(name)), block_size_(std::max<size_t>(block, 1)), level_(level) {
  threads = std::max(threads, 1u);
  ring_.resize(2 * threads + 1);
  for (auto& b : ring_) b = std::make_unique<Block>();
  tail_.reserve(kWindow);
  workers_.reserve(threads);
  for (unsigned i = 0; i < threads; ++i) workers_.emplace_back([this] { work(); });
}

ParallelDeflate::~ParallelDeflate() {
  {
    std::lock_guard lock(mutex_);
    stop_ = true;
  }
  work_ready_.notify_all();
  for (std::thread& t : workers_) t.join();
}

// Reads blocks into the free slots of the ring (in the caller's thread: reading is far faster
// than deflating) and queues them for the workers.
void ParallelDeflate::fill() {
  while (!input_done_ && filled_ - served_ < ring_.size()) {
    Block& b = *ring_[filled_ % ring_.size()];
    b.in.resize(block_size_);
    size_t got = 0;
    while (got < block_size_) {
      ssize_t n = ::read(fd_, b.in.data() + got, block_size_ - got);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) throw_io_error(name_, "cannot read", errno);
      if (n == 0) break;
      got += static_cast<size_t>(n);
    }
    b.in_size = got;
    // A short block is the last. A full one may be followed by nothing: the next block is then
    // empty, and its Z_FINISH alone ends the stream.
    b.last = got < block_size_;
    b.dict.assign(tail_.begin(), tail_.end());
    b.dict_size = tail_.size();
    if (got >= kWindow) {
      tail_.assign(b.in.data() + got - kWindow, b.in.data() + got);
    } else {
      tail_.insert(tail_.end(), b.in.data(), b.in.data() + got);
      if (tail_.size() > kWindow) tail_.erase(tail_.begin(), tail_.end() - static_cast<std::ptrdiff_t>(kWindow));
    }
    b.ready = false;
    b.error.clear();
    input_done_ = b.last;
    ++filled_;
    {
      std::lock_guard lock(mutex_);
      queue_.push_back(&b);
    }
    work_ready_.notify_one();
  }
}

void ParallelDeflate::compress(Block& b, void* stream) {
  auto* zs = static_cast<z_stream*>(stream);
  b.crc = static_cast<uint32_t>(::crc32(0L, b.in.data(), static_cast<uInt>(b.in_size)));
  if (deflateReset(zs) != Z_OK) throw Error(name_ + ": deflate failed (reset)");
  if (b.dict_size && deflateSetDictionary(zs, b.dict.data(), static_cast<uInt>(b.dict_size)) != Z_OK)
    throw Error(name_ + ": deflate failed (dictionary)");
  // Room for the worst case plus the flush's empty stored block; grown if ever short.
  b.out.resize(deflateBound(zs, static_cast<uLong>(b.in_size)) + 64);
  zs->next_in = b.in.data();
  zs->avail_in = static_cast<uInt>(b.in_size);
  size_t have = 0;
  const int flush = b.last ? Z_FINISH : Z_SYNC_FLUSH;
  for (;;) {
    zs->next_out = b.out.data() + have;
    zs->avail_out = static_cast<uInt>(b.out.size() - have);
    int rc = deflate(zs, flush);
    have = b.out.size() - zs->avail_out;
    if (rc == Z_STREAM_END) break;
    if (rc != Z_OK && rc != Z_BUF_ERROR) throw Error(name_ + ": deflate failed");
    if (zs->avail_out != 0 && zs->avail_in == 0 && flush == Z_SYNC_FLUSH) break;  // flushed whole
    if (zs->avail_out == 0) b.out.resize(b.out.size() * 2);
  }
  b.out_size = have;
}

void ParallelDeflate::work() {
  z_stream zs{};
  bool ok = deflateInit2(&zs, level_, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY) == Z_OK;  // -15: raw deflate
  for (;;) {
    Block* b;
    {
      std::unique_lock lock(mutex_);
      work_ready_.wait(lock, [&] { return stop_ || !queue_.empty(); });
      if (stop_) break;
      b = queue_.front();
      queue_.pop_front();
    }
    std::string error;
    try {
      if (!ok) throw Error(name_ + ": deflate failed (out of memory?)");
      compress(*b, &zs);
    } catch (const std::exception& e) {
      error = e.what();
    }
    {
      std::lock_guard lock(mutex_);
      b->error = std::move(error);
      b->ready = true;
    }
    block_done_.notify_all();
  }
  if (ok) deflateEnd(&zs);
}

size_t ParallelDeflate::read(void* out, size_t size) {
  size_t copied = 0;
  auto* dst = static_cast<unsigned char*>(out);
  while (copied < size && !done_) {
    fill();
    Block& b = *ring_[served_ % ring_.size()];
    {
      std::unique_lock lock(mutex_);
      block_done_.wait(lock, [&] { return b.ready; });
    }
    if (!b.error.empty()) throw Error(b.error);
    size_t n = std::min(size - copied, b.out_size - served_pos_);
    std::memcpy(dst + copied, b.out.data() + served_pos_, n);
    copied += n;
    served_pos_ += n;
    if (served_pos_ == b.out_size) {
      crc_ = static_cast<uint32_t>(::crc32_combine(crc_, b.crc, static_cast<z_off_t>(b.in_size)));
      bytes_in_ += b.in_size;
      bytes_out_ += b.out_size;
      done_ = b.last;
      served_pos_ = 0;
      ++served_;
    }
  }
  return copied;
}

}  // namespace mm
