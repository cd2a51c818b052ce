// Iteration over the lines of a chunk. A line is given without its "\n" or "\r\n"; the UTF-8 BOM
// of the first line of the input, which the chunk reader marked (Chunk::bom), is skipped; a last line without a newline is a line; an empty
// line is an (empty) line. `index` counts from 0 within the chunk: the pipeline's in-order stage
// turns it into the global line number (chunk.first_line + index), so no serial pass counts lines.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

#include <simdjson.h>

#include "jsonl/Chunk.h"

namespace mm {

struct Line {
  std::string_view text;
  uint32_t index;  // within the chunk
  // Bytes readable from text.data(): simdjson's `capacity` argument for an in-place parse.
  size_t readable;
};

template <class F>
uint32_t for_each_line(const Chunk& chunk, F&& f) {
  const char* p = chunk.lines_begin();
  const char* end = chunk.data + chunk.size;
  const char* buffer_end = end + simdjson::SIMDJSON_PADDING;
  uint32_t index = 0;
  while (p < end) {
    const char* nl = static_cast<const char*>(std::memchr(p, '\n', static_cast<size_t>(end - p)));
    const char* stop = nl ? nl : end;
    const char* text_end = (stop > p && stop[-1] == '\r') ? stop - 1 : stop;
    f(Line{std::string_view(p, static_cast<size_t>(text_end - p)), index, static_cast<size_t>(buffer_end - p)});
    ++index;
    p = nl ? nl + 1 : end;
  }
  return index;
}

}  // namespace mm
