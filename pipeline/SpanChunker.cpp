#include "pipeline/SpanChunker.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>

#include "io/ByteSource.h"
#include "io/Error.h"

namespace mm {

SpanChunker::SpanChunker(const std::string& path, const std::vector<LineSpan>& spans, size_t chunk_size)
    : path_(path), spans_(spans), chunk_size_(std::max<size_t>(chunk_size, 64)) {
  struct stat st {};
  bool regular = ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode);
  if (regular && detect_input_format(path) == InputFormat::kJsonl) {
    fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd_ < 0) throw_io_error(path, "cannot open", errno);
    raw_size_ = static_cast<uint64_t>(st.st_size);
  } else {
    stream_ = open_chunk_reader(path, InputMethod::kRead, chunk_size);
    raw_size_ = stream_->raw_size();
  }
}

SpanChunker::~SpanChunker() {
  if (fd_ >= 0) ::close(fd_);
}

void SpanChunker::read_at(char* to, uint64_t offset, size_t n) const {
  if (fd_ >= 0) {
    while (n > 0) {
      ssize_t got = ::pread(fd_, to, n, static_cast<off_t>(offset));
      if (got < 0) {
        if (errno == EINTR) continue;
        throw_io_error(path_, "cannot read", errno);
      }
      if (got == 0) throw Error(fmt::format("{}: the file changed while it was read (shorter than before)", path_));
      to += got;
      offset += static_cast<uint64_t>(got);
      n -= static_cast<size_t>(got);
    }
    return;
  }
  // Decoded again: the chunk holding the line (chunks are whole lines, so one holds it all).
  while (!current_valid_ || offset >= current_.offset + current_.size + current_.overlong) {
    if (!stream_->next(current_))
      throw Error(fmt::format("{}: the export changed while it was read (shorter than before)", path_));
    current_valid_ = true;
  }
  if (current_.overlong || offset < current_.offset || offset + n > current_.offset + current_.size)
    throw Error(fmt::format("{}: the export changed while it was read (lines moved)", path_));
  std::memcpy(to, current_.data + (offset - current_.offset), n);
}

bool SpanChunker::emit(Chunk& chunk) {
  chunk.seq = seq_++;
  chunk.first_line = chunk.line_numbers.front();
  chunk.data = chunk.storage.data();
  chunk.size = 0;  // set by read_lines
  chunk.bom = false;  // a span starts past it
  chunk.raw_bytes_read = fd_ >= 0 ? chunk.offset : current_.raw_bytes_read;
  return true;
}

size_t SpanChunker::group_end(size_t first, size_t size) const {
  // A plain file: lines up to kGap apart read at once, the bytes between dropped (a read costs
  // more than a page copied); decoded again: line by line (a line is whole in one chunk of the
  // stream, two lines need not be).
  const size_t n = spans_.size();
  size_t last = first + 1;
  uint64_t begin = spans_[first].offset, end = begin + spans_[first].bytes;
  while (fd_ >= 0 && last < n && !spans_[last].overlong && spans_[last].offset >= end &&
         spans_[last].offset - end <= kGap && size + (spans_[last].offset + spans_[last].bytes - begin) <= chunk_size_) {
    end = spans_[last].offset + spans_[last].bytes;
    ++last;
  }
  return last;
}

bool SpanChunker::next(Chunk& chunk) {
  const size_t n = spans_.size();
  if (next_ >= n) return false;
  chunk.line_numbers.clear();
  chunk.overlong = 0;
  chunk.offset = spans_[next_].offset;
  chunk.to_fill_begin = chunk.to_fill_end = 0;
  if (spans_[next_].overlong) {
    chunk.line_numbers.push_back(spans_[next_].line);
    chunk.overlong = spans_[next_].bytes;
    ++next_;
    return emit(chunk);
  }
  // The lines are only placed here; read_lines reads them (in fill(), on a worker, for a plain file).
  const size_t first = next_;
  size_t size = 0, need = 0;
  while (next_ < n && !spans_[next_].overlong && (size == 0 || size + spans_[next_].bytes <= chunk_size_)) {
    size_t last = group_end(next_, size);
    need = std::max<size_t>(need, size + (spans_[last - 1].offset + spans_[last - 1].bytes - spans_[next_].offset) + 1);
    for (size_t i = next_; i < last; ++i) {
      size += spans_[i].bytes;
      chunk.line_numbers.push_back(spans_[i].line);
    }
    next_ = last;
  }
  if (need > chunk.storage.capacity()) chunk.storage.reserve(std::max(need, chunk_size_ + kGap + 4096), 0);
  chunk.to_fill_begin = first;
  chunk.to_fill_end = next_;
  emit(chunk);
  if (fd_ < 0) read_lines(chunk);  // decoded again: in order, here
  return true;
}

void SpanChunker::fill(Chunk& chunk) const {
  if (fd_ >= 0) read_lines(chunk);
}

// The same groups as next() made: the size before each is the same (a newline is added only after
// the export's last line, so only after the last group).
void SpanChunker::read_lines(Chunk& chunk) const {
  size_t i = chunk.to_fill_begin;
  const size_t stop = chunk.to_fill_end;
  if (i == stop) return;
  char* buf = chunk.storage.data();
  size_t size = 0;
  while (i < stop) {
    size_t last = group_end(i, size);
    uint64_t begin = spans_[i].offset, end = spans_[last - 1].offset + spans_[last - 1].bytes;
    read_at(buf + size, begin, static_cast<size_t>(end - begin));
    size_t to = size;
    for (size_t k = i; k < last; ++k) {
      if (spans_[k].offset - begin != to - size) std::memmove(buf + to, buf + size + (spans_[k].offset - begin), spans_[k].bytes);
      to += spans_[k].bytes;
    }
    size = to;
    // The last line of an export may have no newline: one is added, so that it stays a line.
    if (size == 0 || buf[size - 1] != '\n') buf[size++] = '\n';
    i = last;
  }
  std::memset(buf + size, 0, simdjson::SIMDJSON_PADDING);  // deterministic padding
  chunk.size = size;
  chunk.to_fill_begin = chunk.to_fill_end = 0;
}

}  // namespace mm
