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

StreamChunker::StreamChunker(std::unique_ptr<ByteSource> source, size_t chunk_size, size_t max_line)
    : source_(std::move(source)), chunk_size_(std::max<size_t>(chunk_size, 64)), max_line_(max_line) {}

bool StreamChunker::next(Chunk& chunk) {
  if (eof_ && carry_size_ == 0) return false;
  size_t cap = std::max(chunk_size_, carry_size_ + chunk_size_ / 2);
  chunk.storage.reserve(cap);
  char* buf = chunk.storage.data();
  size_t size = carry_size_;
  if (carry_size_) std::memcpy(buf, carry_.data(), carry_size_);
  carry_size_ = 0;
  for (;;) {
    if (!eof_) {
      size_t n = source_->read(buf + size, cap - size);
      if (n == 0) eof_ = true;
      size += n;
    }
    if (eof_) break;
    // Only the part after the last newline is scanned: memrchr stops at the first hit.
    const void* last = ::memrchr(buf, '\n', size);
    if (last) {
      size_t end = static_cast<size_t>(static_cast<const char*>(last) - buf) + 1;
      carry_size_ = size - end;
      if (carry_size_) {
        carry_.reserve(std::max(carry_size_, size_t{4096}));
        std::memcpy(carry_.data(), buf + end, carry_size_);
      }
      size = end;
      break;
    }
    if (size < cap) continue;  // a short read without a newline: read on
    if (cap >= max_line_)
      throw Error(fmt::format("{}: a line starting at byte {} is longer than {} bytes", source_->name(),
                              offset_, max_line_));
    cap = std::min(cap * 2, max_line_);
    chunk.storage.reserve(cap, size);
    buf = chunk.storage.data();
  }
  if (size == 0) return false;
  // simdjson may read past the end: keep the padding after the last byte deterministic.
  std::memset(buf + size, 0, simdjson::SIMDJSON_PADDING);
  chunk.seq = seq_++;
  chunk.first_line = 0;
  chunk.offset = offset_;
  chunk.data = buf;
  chunk.size = size;
  chunk.raw_bytes_read = source_->raw_bytes_read();
  offset_ += size;
  return true;
}

MmapChunker::MmapChunker(const std::string& path, size_t chunk_size)
    : path_(path), chunk_size_(std::max<size_t>(chunk_size, 64)) {
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
  }
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
  uint64_t end = std::min<uint64_t>(pos_ + chunk_size_, size_);
  if (end < size_) {
    const void* nl = std::memchr(map_ + end - 1, '\n', size_ - (end - 1));
    end = nl ? static_cast<uint64_t>(static_cast<const char*>(nl) - map_) + 1 : size_;
  }
  size_t size = static_cast<size_t>(end - pos_);
  chunk.seq = seq_++;
  chunk.first_line = 0;
  chunk.offset = pos_;
  chunk.raw_bytes_read = end;
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
  pos_ = end;
  return true;
}

std::unique_ptr<ChunkReader> open_chunk_reader(const std::string& path, InputMethod method,
                                               size_t chunk_size) {
  InputFormat format = detect_input_format(path);
  struct stat st {};
  bool regular = ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode);  // a pipe cannot be mapped
  if (format == InputFormat::kJsonl && method == InputMethod::kMmap && regular)
    return std::make_unique<MmapChunker>(path, chunk_size);
  return std::make_unique<StreamChunker>(open_byte_source(path), chunk_size);
}

}  // namespace mm
