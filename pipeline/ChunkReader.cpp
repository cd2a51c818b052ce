#include "pipeline/ChunkReader.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>

#include "io/Error.h"
#include "io/FileSource.h"

namespace mm {

uint64_t count_newlines(const char* data, size_t size) {
  uint64_t n = 0;
  const char* end = data + size;
  while (data < end) {
    const void* hit = std::memchr(data, '\n', static_cast<size_t>(end - data));
    if (!hit) break;
    ++n;
    data = static_cast<const char*>(hit) + 1;
  }
  return n;
}

size_t overlong_first_line(const char* data, size_t size, size_t clean, size_t max_line) {
  if (size <= max_line) return 0;
  const void* nl = std::memchr(data + clean, '\n', size - clean);
  size_t end = nl ? static_cast<size_t>(static_cast<const char*>(nl) - data) : size;
  size_t text = end - (end > 0 && data[end - 1] == '\r' ? 1 : 0);
  if (text <= max_line) return 0;
  return nl ? end + 1 : end;
}

// Only the first line of a chunk can be longer than max_line: a chunk grows only while it holds
// one unfinished line, and the lines after it fit in what it had before (chunk_size <= max_line).
StreamChunker::StreamChunker(std::unique_ptr<ByteSource> source, size_t chunk_size, size_t max_line)
    : source_(std::move(source)),
      chunk_size_(std::max<size_t>(chunk_size, 64)),
      max_line_(std::max(max_line, chunk_size_)) {}

void StreamChunker::carry(const char* bytes, size_t size, size_t clean) {
  carry_size_ = size;
  carry_clean_ = clean;
  if (!size) return;
  carry_.reserve(std::max(size, size_t{4096}));
  std::memmove(carry_.data(), bytes, size);
}

bool StreamChunker::emit(Chunk& chunk, size_t size, uint64_t overlong) {
  char* buf = chunk.storage.data();
  // simdjson may read past the end: keep the padding after the last byte deterministic.
  std::memset(buf + size, 0, simdjson::SIMDJSON_PADDING);
  chunk.seq = seq_++;
  chunk.first_line = 0;
  chunk.offset = offset_;
  chunk.data = buf;
  chunk.size = size;
  chunk.overlong = overlong;
  chunk.raw_bytes_read = source_->raw_bytes_read();
  chunk.mark_bom();
  offset_ += overlong ? overlong : size;
  return true;
}

// The chunk's buffer holds the first `have` bytes of a line longer than max_line_, and no
// newline: the rest of the line is read into the same buffer and discarded.
bool StreamChunker::skip_overlong(Chunk& chunk, size_t have) {
  char* buf = chunk.storage.data();
  size_t cap = chunk.storage.capacity();
  uint64_t skipped = have;
  for (;;) {
    size_t n = source_->read(buf, cap);
    if (n == 0) {
      eof_ = true;
      break;
    }
    const void* nl = std::memchr(buf, '\n', n);
    if (nl) {
      size_t end = static_cast<size_t>(static_cast<const char*>(nl) - buf) + 1;
      skipped += end;
      carry(buf + end, n - end, 0);  // what follows the long line may hold whole lines
      break;
    }
    skipped += n;
  }
  return emit(chunk, 0, skipped);
}

bool StreamChunker::next(Chunk& chunk) {
  if (eof_ && carry_size_ == 0) return false;
  size_t cap = std::max(chunk_size_, carry_size_ + chunk_size_ / 2);
  chunk.storage.reserve(cap);
  char* buf = chunk.storage.data();
  size_t size = carry_size_;
  if (carry_size_) std::memcpy(buf, carry_.data(), carry_size_);
  size_t clean = carry_clean_;  // bytes known to hold no newline: the carried line's start
  carry_size_ = 0;
  size_t end = 0;  // end of the last whole line
  for (;;) {
    if (!eof_) {
      size_t n = source_->read(buf + size, cap - size);
      if (n == 0) eof_ = true;
      size += n;
    }
    if (eof_) {
      end = size;
      break;
    }
    // Only the part after the last newline is scanned: memrchr stops at the first hit.
    const void* last = ::memrchr(buf + clean, '\n', size - clean);
    if (last) {
      end = static_cast<size_t>(static_cast<const char*>(last) - buf) + 1;
      break;
    }
    if (size < cap) continue;  // a short read without a newline: read on
    clean = size;
    // One unfinished line fills the buffer: longer than the importer reads, it is skipped.
    if (size > max_line_ + 1) return skip_overlong(chunk, size);
    cap = std::min(cap * 2, max_line_ + 2);  // the text, "\r" and "\n"
    chunk.storage.reserve(cap, size);
    buf = chunk.storage.data();
  }
  if (size == 0) return false;
  if (size_t overlong = overlong_first_line(buf, end, clean, max_line_)) {
    carry(buf + overlong, size - overlong, 0);
    return emit(chunk, 0, overlong);
  }
  carry(buf + end, size - end, size - end);  // after the last newline: none
  return emit(chunk, end, 0);
}

MmapChunker::MmapChunker(const std::string& path, size_t chunk_size, size_t max_line)
    : path_(path), chunk_size_(std::max<size_t>(chunk_size, 64)), max_line_(std::max(max_line, chunk_size_)) {
  fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd_ < 0) throw_io_error(path, "cannot open", errno);
  struct stat st {};
  if (::fstat(fd_, &st) != 0) {
    int err = errno;
    ::close(fd_);
    throw_io_error(path, "cannot stat", err);
  }
  size_ = static_cast<uint64_t>(st.st_size);
  if (size_ > 0) {
    void* p = ::mmap(nullptr, size_, PROT_READ, MAP_PRIVATE, fd_, 0);
    if (p == MAP_FAILED) {
      int err = errno;
      ::close(fd_);
      throw_io_error(path, "cannot mmap", err);
    }
    ::madvise(p, size_, MADV_SEQUENTIAL);
    map_ = static_cast<const char*>(p);
    prefault();
  }
}

void MmapChunker::prefault() {
#ifndef MADV_POPULATE_READ
  constexpr int MADV_POPULATE_READ = 22;  // Linux 5.14's value, for older headers
#endif
  static const uint64_t page = static_cast<uint64_t>(::sysconf(_SC_PAGESIZE));
  uint64_t want = std::min<uint64_t>(size_, pos_ + kPrefaultAhead);
  if (want < size_ && want < prefaulted_ + kPrefaultStep) return;  // mapped far enough ahead
  uint64_t from = std::max(prefaulted_, pos_) / page * page;
  if (want <= from) return;
  if (populate_read_ &&
      ::madvise(const_cast<char*>(map_) + from, static_cast<size_t>(want - from), MADV_POPULATE_READ) != 0) {
    // EINVAL: a kernel before 5.14. Any other failure (EFAULT when the file shrank) is left to the
    // worker's own access, which reports it as SIGBUS does for every mapped read.
    if (errno == EINVAL) populate_read_ = false;
  }
  if (!populate_read_) {
    constexpr uint64_t kTouchStep = uint64_t{64} << 10;  // one fault maps 16 pages (fault-around)
    volatile char sink = 0;
    for (uint64_t at = from; at < want; at += kTouchStep) sink = sink + map_[at];
  }
  prefaulted_ = want;
}

void MmapChunker::release_before(uint64_t offset) {
  static const uint64_t page = static_cast<uint64_t>(::sysconf(_SC_PAGESIZE));
  uint64_t end = offset / page * page;  // the page holding `offset` may belong to the next chunk
  if (end < released_ + kReleaseStep) return;
  ::madvise(const_cast<char*>(map_) + released_, end - released_, MADV_DONTNEED);
  released_ = end;
}

MmapChunker::~MmapChunker() {
  if (map_) ::munmap(const_cast<char*>(map_), size_);
  ::close(fd_);
}

uint64_t MmapChunker::skip_overlong() {
  static const uint64_t page = static_cast<uint64_t>(::sysconf(_SC_PAGESIZE));
  constexpr uint64_t kStep = uint64_t{16} << 20;
  uint64_t at = pos_ + max_line_ + 2;  // the first max_line_ + 2 bytes hold no newline
  uint64_t end = size_;
  while (at < size_) {
    uint64_t n = std::min<uint64_t>(kStep, size_ - at);
    const void* nl = std::memchr(map_ + at, '\n', n);
    // The pages read belong to this line alone (no chunk points into them): drop them now.
    uint64_t from = (pos_ + page - 1) / page * page, to = (at + n) / page * page;
    if (to > from) ::madvise(const_cast<char*>(map_) + from, to - from, MADV_DONTNEED);
    if (nl) {
      end = static_cast<uint64_t>(static_cast<const char*>(nl) - map_) + 1;
      break;
    }
    at += n;
  }
  return end;
}

bool MmapChunker::next(Chunk& chunk) {
  if (pos_ >= size_) {
    // Only the size at open is mapped: a file that grew meanwhile was being written while read.
    // (One that shrank faults before this, with SIGBUS: io/TempFileRegistry.)
    struct stat st {};
    if (::fstat(fd_, &st) == 0 && static_cast<uint64_t>(st.st_size) != size_)
      throw Error(path_ + ": the file changed size while being read (" + std::to_string(size_) + " bytes at open, " +
                  std::to_string(st.st_size) + " now); is another process writing it?");
    return false;
  }
  chunk.seq = seq_++;
  chunk.first_line = 0;
  chunk.offset = pos_;
  chunk.overlong = 0;
  uint64_t end = std::min<uint64_t>(pos_ + chunk_size_, size_);
  if (end < size_) {
    // The newline that ends the chunk, looked for no further than a line of max_line_ from pos_.
    uint64_t limit = std::min<uint64_t>(size_, pos_ + max_line_ + 2);
    const void* nl = std::memchr(map_ + end - 1, '\n', limit - (end - 1));
    if (nl) {
      end = static_cast<uint64_t>(static_cast<const char*>(nl) - map_) + 1;
    } else if (limit == size_) {
      end = size_;
    } else {
      // The line holding end - 1 may be longer than the importer reads: the lines before it
      // make this chunk; if it starts the chunk, it is skipped.
      const void* before = ::memrchr(map_ + pos_, '\n', end - 1 - pos_);
      if (before) {
        end = static_cast<uint64_t>(static_cast<const char*>(before) - map_) + 1;
      } else {
        end = skip_overlong();
        chunk.overlong = end - pos_;
      }
    }
  }
  if (!chunk.overlong)
    if (size_t overlong = overlong_first_line(map_ + pos_, static_cast<size_t>(end - pos_), 0, max_line_)) {
      end = pos_ + overlong;
      chunk.overlong = overlong;
    }
  chunk.raw_bytes_read = end;
  if (chunk.overlong) {
    chunk.storage.reserve(64);
    std::memset(chunk.storage.data(), 0, simdjson::SIMDJSON_PADDING);
    chunk.data = chunk.storage.data();
    chunk.size = 0;
    chunk.bom = false;
    pos_ = end;
    return true;
  }
  size_t size = static_cast<size_t>(end - pos_);
  if (size_ - end < simdjson::SIMDJSON_PADDING) {
    // Too close to the end of the mapping for simdjson to read past it: copy.
    chunk.storage.reserve(size);
    std::memcpy(chunk.storage.data(), map_ + pos_, size);
    std::memset(chunk.storage.data() + size, 0, simdjson::SIMDJSON_PADDING);
    chunk.data = chunk.storage.data();
  } else {
    chunk.data = map_ + pos_;
  }
  chunk.size = size;
  chunk.mark_bom();
  pos_ = end;
  prefault();
  return true;
}

std::unique_ptr<ChunkReader> open_chunk_reader(const std::string& path, InputMethod method,
                                               size_t chunk_size, size_t max_line) {
  InputFormat format = detect_input_format(path);
  struct stat st {};
  bool regular = ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode);  // a pipe cannot be mapped
  // read() unless mmap is asked for: see the header for why.
  if (format == InputFormat::kJsonl && method == InputMethod::kMmap && regular)
    return std::make_unique<MmapChunker>(path, chunk_size, max_line);
  return std::make_unique<StreamChunker>(open_byte_source(path), chunk_size, max_line);
}

}  // namespace mm
