// A growable byte buffer that always keeps SIMDJSON_PADDING readable bytes after its capacity, so
// that simdjson can parse any line inside it in place. Buffers are pooled by their owners and
// reused: on this machine the first touch of fresh pages costs far more than the parse.
#pragma once

#include <cstddef>
#include <cstring>
#include <memory>

#include <simdjson.h>

namespace mm {

class PaddedBuffer {
 public:
  PaddedBuffer() = default;
  explicit PaddedBuffer(size_t capacity) { reserve(capacity); }

  char* data() noexcept { return data_.get(); }
  const char* data() const noexcept { return data_.get(); }
  size_t capacity() const noexcept { return capacity_; }

  // Grows to at least `capacity` usable bytes, keeping the first `keep` bytes.
  void reserve(size_t capacity, size_t keep = 0) {
    if (capacity <= capacity_) return;
    std::unique_ptr<char[]> grown(new char[capacity + simdjson::SIMDJSON_PADDING]);
    if (keep) std::memcpy(grown.get(), data_.get(), keep);
    std::memset(grown.get() + capacity, 0, simdjson::SIMDJSON_PADDING);
    data_ = std::move(grown);
    capacity_ = capacity;
  }

 private:
  std::unique_ptr<char[]> data_;
  size_t capacity_ = 0;
};

}  // namespace mm
