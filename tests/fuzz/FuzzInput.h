// Shared by the fuzz targets: arbitrary bytes as a chunk, or as a file on disk.
#pragma once

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <unistd.h>

#include "jsonl/Chunk.h"

namespace mm::fuzz {

inline void fill_chunk(Chunk& chunk, const uint8_t* data, size_t size) {
  // Never larger (libFuzzer's inputs are kilobytes); the bound also spares GCC 12 a copy of
  // SIZE_MAX bytes it would otherwise warn of (-Wstringop-overflow).
  if (size > (size_t{1} << 30)) std::abort();
  chunk.storage.reserve(size + 1);
  if (size) std::memcpy(chunk.storage.data(), data, size);
  std::memset(chunk.storage.data() + size, 0, simdjson::SIMDJSON_PADDING);
  chunk.data = chunk.storage.data();
  chunk.size = size;
  chunk.offset = 0;
  chunk.mark_bom();  // as the chunk readers do
}

// A per-process scratch file holding the input.
inline const std::string& write_temp_file(const uint8_t* data, size_t size) {
  static std::string path = "/tmp/mattermerge-fuzz-" + std::to_string(::getpid());
  std::FILE* f = std::fopen(path.c_str(), "wb");
  if (size) std::fwrite(data, 1, size, f);
  std::fclose(f);
  return path;
}

}  // namespace mm::fuzz
