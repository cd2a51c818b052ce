#include "io/ZstdSource.h"

#include <zstd.h>

#include "io/Error.h"

namespace mm {

ZstdSource::ZstdSource(const std::string& path) : ZstdSource(std::make_unique<FileSource>(path)) {}

ZstdSource::ZstdSource(std::unique_ptr<FileSource> file)
    : file_(std::move(file)), dctx_(ZSTD_createDCtx()), in_(ZSTD_DStreamInSize()) {
  if (!dctx_) throw Error(file_->name() + ": cannot create zstd decompression context");
}

ZstdSource::~ZstdSource() { ZSTD_freeDCtx(dctx_); }

size_t ZstdSource::read(char* dst, size_t max) {
  ZSTD_outBuffer out{dst, max, 0};
  while (out.pos < out.size) {
    if (in_pos_ == in_size_) {
      if (eof_) break;
      in_size_ = file_->read(in_.data(), in_.size());
      in_pos_ = 0;
      if (in_size_ == 0) {
        eof_ = true;
        if (last_ret_ != 0) throw Error(name() + ": zstd stream is truncated (ends inside a frame)");
        break;
      }
    }
    ZSTD_inBuffer in{in_.data(), in_size_, in_pos_};
    size_t ret = ZSTD_decompressStream(dctx_, &out, &in);
    in_pos_ = in.pos;
    if (ZSTD_isError(ret)) {
      throw Error(name() + ": corrupt zstd data near compressed byte " +
                  std::to_string(file_->raw_bytes_read() - (in_size_ - in_pos_)) + ": " +
                  ZSTD_getErrorName(ret));
    }
    last_ret_ = ret;
  }
  return out.pos;
}

}  // namespace mm
