// A line-aligned piece of an export: whole lines, in input order, with the number of its first
// line. Every chunk reader (stream or mmap) produces the same thing, and simdjson may read
// SIMDJSON_PADDING bytes past data + size.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>
#include <vector>

#include "io/PaddedBuffer.h"

namespace mm {

// The longest line the server's importer reads: its bufio.Scanner stops at 16 MiB
// (docs/validate.md). A longer line is never buffered whole: the chunk readers skip it
// (pipeline/ChunkReader.h) and every command reports it.
inline constexpr size_t kMaxLineBytes = 16 * 1024 * 1024;

// The UTF-8 byte order mark, which the importer's JSON decoder rejects at the start of line 1.
inline constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

struct Chunk {
  uint64_t seq = 0;         // 0, 1, 2, … in input order
  uint64_t first_line = 1;  // 1-based number of the first line in this chunk
  uint64_t offset = 0;      // byte offset of data[0] in the decoded stream
  const char* data = nullptr;
  size_t size = 0;          // whole lines; the last ends with '\n' except at the end of input
  uint64_t raw_bytes_read = 0;  // of the underlying file, for progress
  // Non-zero: this chunk stands for one line longer than kMaxLineBytes, of that many bytes (with
  // its newline), skipped unread; data is empty. The pipeline reports it (Job::overlong_line).
  uint64_t overlong = 0;

  // Line 1 of the input starts with a UTF-8 byte order mark, the 3 bytes at data[0]. Decided once,
  // by the chunk reader (mark_bom); the line readers skip it (jsonl/Lines.h, lines_begin), and
  // validate reports it, as the importer's JSON decoder rejects it (docs/validate.md).
  bool bom = false;

  std::string_view bytes() const { return {data, size}; }
  // Where the first line's text starts: past the BOM, if any.
  const char* lines_begin() const { return bom ? data + kUtf8Bom.size() : data; }

  // Sets `bom` from the bytes; called by whatever fills a chunk, once data, size and offset are set.
  void mark_bom() { bom = offset == 0 && bytes().starts_with(kUtf8Bom); }

  // A chunk of chosen lines (pipeline/SpanChunker.h): the number of each of its lines, by index
  // (the pipeline sets first_line to the first of them). Empty: the lines are consecutive from
  // first_line, as every other reader gives them.
  std::vector<uint64_t> line_numbers;
  uint64_t line_number(uint64_t index) const {
    return line_numbers.empty() ? first_line + index : line_numbers[index];
  }

  // Lines placed but not yet read: [to_fill_begin, to_fill_end) of the reader's own plan, read by
  // the worker that takes the chunk (ChunkReader::fill, pipeline/ChunkReader.h). Empty once read.
  size_t to_fill_begin = 0, to_fill_end = 0;

  // Storage owned by the chunk and reused from one use of the chunk object to the next.
  PaddedBuffer storage;
};

// One line of an export chosen to be read again by its place (pipeline/SpanChunker.h): where its
// text starts in the decoded stream (past a BOM), its bytes with the newline, and its number. An
// overlong line (longer than kMaxLineBytes) is never read: it comes back as an overlong chunk.
struct LineSpan {
  uint64_t offset = 0;
  uint64_t bytes = 0;
  uint64_t line = 0;
  bool overlong = false;
};

}  // namespace mm
