#include "io/ParallelDeflate.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <unistd.h>

#include <isa-l/crc.h>
#include <isa-l/igzip_lib.h>
#include <zlib.h>  // crc32_combine

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

// One worker's deflate state: ISA-L's stream and the buffer its level needs.
struct ParallelDeflate::Stream {
  isal_zstream zs{};
  std::vector<uint8_t> level_buf = std::vector<uint8_t>(ISAL_DEF_LVL1_DEFAULT);
};

void ParallelDeflate::compress(Block& b, Stream& s) {
  b.crc = crc32_gzip_refl(0, b.in.data(), b.in_size);  // zlib's crc32, 4x its speed here
  isal_zstream& zs = s.zs;
  isal_deflate_init(&zs);
  zs.level = static_cast<uint32_t>(level_);
  zs.level_buf = s.level_buf.data();
  zs.level_buf_size = static_cast<uint32_t>(s.level_buf.size());
  zs.gzip_flag = IGZIP_DEFLATE;  // raw deflate
  zs.end_of_stream = b.last ? 1 : 0;
  zs.flush = b.last ? NO_FLUSH : SYNC_FLUSH;
  if (b.dict_size && isal_deflate_set_dict(&zs, b.dict.data(), static_cast<uint32_t>(b.dict_size)) != COMP_OK)
    throw Error(name_ + ": deflate failed (dictionary)");
  // Room for stored blocks of incompressible input plus the flush's empty block; grown if short.
  b.out.resize(b.in_size + b.in_size / 16 + 1024);
  zs.next_in = b.in.data();
  zs.avail_in = static_cast<uint32_t>(b.in_size);
  size_t have = 0;
  for (;;) {
    zs.next_out = b.out.data() + have;
    zs.avail_out = static_cast<uint32_t>(b.out.size() - have);
    if (isal_deflate(&zs) != COMP_OK) throw Error(name_ + ": deflate failed");
    have = b.out.size() - zs.avail_out;
    // Done: the last block's stream ended; another's input taken and flushed to a byte boundary
    // (the state back at a new block header, igzip_lib.h).
    if (b.last ? zs.internal_state.state == ZSTATE_END
               : zs.avail_in == 0 && zs.internal_state.state == ZSTATE_NEW_HDR)
      break;
    if (zs.avail_out == 0) b.out.resize(b.out.size() * 2);
  }
  b.out_size = have;
}

void ParallelDeflate::work() {
  Stream stream;
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
      compress(*b, stream);
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
