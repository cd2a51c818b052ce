// Streaming decompression of a .jsonl.zst (single- or multi-frame, skippable frames ignored).
// A stream that ends inside a frame is reported as truncated.
#pragma once

#include <memory>
#include <vector>

#include "io/ByteSource.h"
#include "io/FileSource.h"

struct ZSTD_DCtx_s;

namespace mm {

class ZstdSource final : public ByteSource {
 public:
  explicit ZstdSource(const std::string& path);
  // From an open file (a pipe whose first bytes were peeked).
  explicit ZstdSource(std::unique_ptr<FileSource> file);
  ~ZstdSource() override;
  ZstdSource(const ZstdSource&) = delete;
  ZstdSource& operator=(const ZstdSource&) = delete;

  size_t read(char* dst, size_t max) override;
  const std::string& name() const override { return file_->name(); }
  uint64_t raw_bytes_read() const override { return file_->raw_bytes_read(); }
  uint64_t raw_size() const override { return file_->raw_size(); }

 private:
  std::unique_ptr<FileSource> file_;
  ZSTD_DCtx_s* dctx_ = nullptr;
  std::vector<char> in_;
  size_t in_pos_ = 0;
  size_t in_size_ = 0;
  size_t last_ret_ = 0;  // 0 when the last frame was complete
  bool eof_ = false;
};

}  // namespace mm
