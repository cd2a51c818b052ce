#include "io/OutputFile.h"

#include <cerrno>
#include <condition_variable>
#include <cstring>
#include <mutex>
#include <thread>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <zstd.h>

#include "io/Error.h"
#include "io/TempFileRegistry.h"
#include "io/TempPath.h"

namespace mm {

// fdatasync of an output as it is written, on a thread of its own, every kStep bytes: the fsync
// before the rename then waits for the tail only. The cost of an fsync grows with what it has to
// commit even when the data was already written back (sync_file_range did not shorten it), and
// on this project's hosts it was a fifth to a quarter of apply's run: on 311 MB, 0.19 s after a
// 0.55 s transform, 0.01 s with this thread (docs/performance.md, "apply: the output's fsync").
// The thread waits on the disk, not on a core. An error is kept and reported by the final fsync's
// caller (finish()).
class BackgroundSync {
 public:
  static constexpr uint64_t kStep = uint64_t{32} << 20;

  explicit BackgroundSync(int fd) : fd_(fd), thread_([this] { run(); }) {}
  ~BackgroundSync() { stop(); }

  // `written`: the bytes written to the file so far.
  void written(uint64_t written) {
    if (written - requested_ < kStep) return;
    requested_ = written;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      pending_ = true;
    }
    wake_.notify_one();
  }
  // Stops the thread (after the sync in progress); the error it met, 0 if none.
  int stop() noexcept {
    if (thread_.joinable()) {
      {
        std::lock_guard<std::mutex> lock(mutex_);
        stopping_ = true;
      }
      wake_.notify_one();
      thread_.join();
    }
    return error_;
  }

 private:
  void run() {
    std::unique_lock<std::mutex> lock(mutex_);
    for (;;) {
      wake_.wait(lock, [&] { return pending_ || stopping_; });
      if (stopping_) return;
      pending_ = false;
      lock.unlock();
      int err = ::fdatasync(fd_) == 0 || errno == EINVAL ? 0 : errno;
      lock.lock();
      if (err && !error_) error_ = err;
    }
  }

  int fd_;
  uint64_t requested_ = 0;  // the writer's: bytes written when a sync was last asked for
  std::mutex mutex_;
  std::condition_variable wake_;
  bool pending_ = false, stopping_ = false;
  int error_ = 0;
  std::thread thread_;
};

namespace {

constexpr size_t kBufferSize = 1 << 20;
// Writes this large go to the file directly (after what is buffered): a chunk's output (256 KiB
// by default) is not copied into the buffer; small writes (plan, report lines) are gathered.
constexpr size_t kDirectWrite = 64 << 10;

bool ends_with(const std::string& s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

}  // namespace

OutputOptions OutputOptions::for_path(const std::string& path) {
  OutputOptions o;
  if (ends_with(path, ".zst")) o.compression = Compression::kZstd;
  return o;
}

OutputFile::OutputFile(std::string path, OutputOptions options)
    : path_(std::move(path)), temp_path_(temp_path_for(path_)), options_(options) {
  if (options_.no_clobber && ::access(path_.c_str(), F_OK) == 0)
    throw Error(path_ + ": already exists; refusing to overwrite it");
  remove_stale_temporaries(path_);
  fd_ = ::open(temp_path_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd_ < 0) throw_io_error(path_, "cannot create output file", errno);
  registry_slot_ = register_temp_file(temp_path_.c_str());
  buffer_.resize(kBufferSize);
  if (options_.sync) sync_ = std::make_unique<BackgroundSync>(fd_);
  if (options_.compression == Compression::kZstd) {
    cctx_ = ZSTD_createCCtx();
    if (!cctx_) throw Error(path_ + ": cannot create zstd compression context");
    ZSTD_CCtx_setParameter(cctx_, ZSTD_c_compressionLevel, options_.zstd_level);
    if (options_.zstd_workers > 0) {
      size_t r = ZSTD_CCtx_setParameter(cctx_, ZSTD_c_nbWorkers, options_.zstd_workers);
      if (ZSTD_isError(r)) throw Error(path_ + ": zstd workers: " + ZSTD_getErrorName(r));
    }
  }
}

OutputFile::~OutputFile() {
  if (!committed_) discard();
  if (cctx_) ZSTD_freeCCtx(cctx_);
}

void OutputFile::stop_sync() noexcept {
  if (sync_) sync_->stop();
}

void OutputFile::discard() noexcept {
  stop_sync();
  if (fd_ >= 0) {
    ::close(fd_);
    fd_ = -1;
  }
  if (!committed_ && !temp_path_.empty()) ::unlink(temp_path_.c_str());
  unregister_temp_file(registry_slot_);
  registry_slot_ = -1;
}

void OutputFile::write_raw(const char* data, size_t size) {
  while (size > 0) {
    ssize_t n = ::write(fd_, data, size);
    if (n < 0) {
      if (errno == EINTR) continue;
      int err = errno;
      discard();
      throw_io_error(path_, "write failed", err);
    }
    data += n;
    size -= static_cast<size_t>(n);
    written_ += static_cast<uint64_t>(n);
  }
  if (sync_) sync_->written(written_);
}

void OutputFile::flush_buffer() {
  if (buffered_) write_raw(buffer_.data(), buffered_);
  buffered_ = 0;
}

void OutputFile::compress(std::string_view bytes, bool end) {
  ZSTD_inBuffer in{bytes.data(), bytes.size(), 0};
  ZSTD_EndDirective mode = end ? ZSTD_e_end : ZSTD_e_continue;
  for (;;) {
    ZSTD_outBuffer out{buffer_.data() + buffered_, buffer_.size() - buffered_, 0};
    size_t remaining = ZSTD_compressStream2(cctx_, &out, &in, mode);
    if (ZSTD_isError(remaining)) throw Error(path_ + ": zstd compression failed: " + ZSTD_getErrorName(remaining));
    buffered_ += out.pos;
    if (buffered_ == buffer_.size()) flush_buffer();
    bool done = end ? remaining == 0 : in.pos == in.size;
    if (done) break;
    if (!end && out.pos == 0 && in.pos == in.size) break;
  }
}

void OutputFile::write(std::string_view bytes) {
  if (fd_ < 0) throw Error(path_ + ": write after commit or discard");
  bytes_in_ += bytes.size();
  if (cctx_) {
    frame_in_ += bytes.size();
    bool end_frame = options_.zstd_frame_bytes && frame_in_ >= options_.zstd_frame_bytes;
    compress(bytes, end_frame);  // ZSTD_e_end: the next byte starts a new frame
    if (end_frame) frame_in_ = 0;
    return;
  }
  if (bytes.size() >= kDirectWrite) {  // a chunk's output: no copy into the buffer first
    flush_buffer();
    write_raw(bytes.data(), bytes.size());
    return;
  }
  if (buffered_ + bytes.size() > buffer_.size()) flush_buffer();
  std::memcpy(buffer_.data() + buffered_, bytes.data(), bytes.size());
  buffered_ += bytes.size();
}

void OutputFile::commit() {
  finish();
  if (::rename(temp_path_.c_str(), path_.c_str()) != 0) {
    int err = errno;
    discard();
    throw_io_error(path_, "cannot rename the finished output into place", err);
  }
  release();
}

void OutputFile::release() noexcept {
  committed_ = true;
  unregister_temp_file(registry_slot_);
  registry_slot_ = -1;
}

void OutputFile::finish() {
  if (fd_ < 0) throw Error(path_ + ": commit after discard");
  if (cctx_) compress({}, true);
  flush_buffer();
  int background_error = sync_ ? sync_->stop() : 0;
  if (background_error || (options_.sync && ::fsync(fd_) != 0 && errno != EINVAL)) {
    int err = background_error ? background_error : errno;
    discard();
    throw_io_error(path_, "fsync failed", err);
  }
  if (::close(fd_) != 0) {
    int err = errno;
    fd_ = -1;
    discard();
    throw_io_error(path_, "close failed", err);
  }
  fd_ = -1;
}

}  // namespace mm
