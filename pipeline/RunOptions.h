// Options every pipeline command shares (set from the command line by cli/).
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>

#include "pipeline/ChunkReader.h"

namespace mm {

struct RunOptions {
  InputMethod input = InputMethod::kRead;  // why: open_chunk_reader (pipeline/ChunkReader.h)
  size_t chunk_size = kDefaultChunkSize;
  size_t tokens = 0;  // 0: 4 x threads
  unsigned threads = 0;  // informational; the thread limit itself is set by the caller
  bool timings = false;  // --timings: each pass's time on stderr (pipeline/PassTimer.h)
  std::function<void(uint64_t done, uint64_t total)> on_progress;
};

}  // namespace mm
