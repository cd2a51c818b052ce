// The zstd reader and chunker on arbitrary bytes: data or a clean mm::Error, never a crash.
#include "io/Error.h"
#include "pipeline/ChunkReader.h"
#include "io/ZstdSource.h"
#include "tests/fuzz/FuzzInput.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string& path = mm::fuzz::write_temp_file(data, size);
  try {
    mm::StreamChunker chunker(std::make_unique<mm::ZstdSource>(path), 4096, 1 << 20);
    mm::Chunk chunk;
    while (chunker.next(chunk)) {
    }
  } catch (const mm::Error&) {
  }
  return 0;
}
