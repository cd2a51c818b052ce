// A sequential stream of the decoded bytes of an export: a plain file, the decompressed content of
// a .jsonl.zst, or the JSONL member of an mmctl export .zip. The chunkers in pipeline/ turn it into
// line-aligned chunks. Errors are thrown as mm::Error naming the file.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

namespace mm {

class ByteSource {
 public:
  virtual ~ByteSource() = default;
  // Reads up to `max` bytes into `dst`; returns 0 only at the end of the stream.
  virtual size_t read(char* dst, size_t max) = 0;
  // The name used in messages ("export.zip:import.jsonl").
  virtual const std::string& name() const = 0;
  // Bytes of the underlying file consumed so far, and its total size (0 if unknown): for progress.
  virtual uint64_t raw_bytes_read() const = 0;
  virtual uint64_t raw_size() const = 0;
};

enum class InputFormat { kJsonl, kZstd, kZip };

// Detects the format from the file's first bytes (zstd and zip magic numbers), not its name.
InputFormat detect_input_format(const std::string& path);

// Opens `path` as a decoded byte stream of the export it holds.
std::unique_ptr<ByteSource> open_byte_source(const std::string& path);

}  // namespace mm
