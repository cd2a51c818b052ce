#include "io/ReadAheadSource.h"

#include <algorithm>
#include <cstring>

namespace mm {

ReadAheadSource::ReadAheadSource(std::unique_ptr<ByteSource> inner, size_t slots, size_t slot_bytes)
    : inner_(std::move(inner)), name_(inner_->name()), raw_size_(inner_->raw_size()), ring_(std::max<size_t>(slots, 2)) {
  for (Slot& s : ring_) s.bytes.resize(std::max<size_t>(slot_bytes, 1));
  producer_ = std::thread([this] { produce(); });
}

ReadAheadSource::~ReadAheadSource() {
  {
    std::lock_guard lock(mutex_);
    stop_ = true;
  }
  freed_.notify_all();
  producer_.join();
}

// Every stream ends with an empty slot, which carries the inner source's error if it had one:
// the bytes decoded before an error are handed out first.
void ReadAheadSource::produce() {
  auto next_free = [this]() -> Slot* {
    std::unique_lock lock(mutex_);
    freed_.wait(lock, [&] { return stop_ || produced_ - consumed_ < ring_.size(); });
    return stop_ ? nullptr : &ring_[produced_ % ring_.size()];
  };
  auto publish = [this] {
    {
      std::lock_guard lock(mutex_);
      ++produced_;
    }
    filled_.notify_one();
  };
  for (;;) {
    Slot* slot = next_free();
    if (!slot) return;
    // The slot is the producer's alone until it is published.
    slot->size = 0;
    slot->error = nullptr;
    std::exception_ptr error;
    try {
      // Filled whole where the stream allows: fewer, larger hand-outs.
      while (slot->size < slot->bytes.size()) {
        size_t n = inner_->read(slot->bytes.data() + slot->size, slot->bytes.size() - slot->size);
        if (n == 0) break;
        slot->size += n;
      }
    } catch (...) {
      error = std::current_exception();
    }
    slot->raw_read = inner_->raw_bytes_read();
    bool end = slot->size < slot->bytes.size() || error;
    if (slot->size > 0) {
      publish();
      if (!end) continue;
      uint64_t raw_read = slot->raw_read;
      if (!(slot = next_free())) return;
      slot->size = 0;
      slot->raw_read = raw_read;
    }
    slot->error = error;
    publish();
    return;
  }
}

size_t ReadAheadSource::read(char* dst, size_t max) {
  size_t copied = 0;
  while (copied < max && !ended_) {
    Slot* slot;
    {
      std::unique_lock lock(mutex_);
      filled_.wait(lock, [&] { return produced_ > consumed_; });
      slot = &ring_[consumed_ % ring_.size()];
    }
    if (slot->size == 0) {
      ended_ = true;
      raw_read_ = slot->raw_read;
      if (slot->error) std::rethrow_exception(slot->error);
      break;
    }
    size_t n = std::min(max - copied, slot->size - pos_);
    std::memcpy(dst + copied, slot->bytes.data() + pos_, n);
    copied += n;
    pos_ += n;
    if (pos_ == slot->size) {
      raw_read_ = slot->raw_read;
      pos_ = 0;
      {
        std::lock_guard lock(mutex_);
        ++consumed_;
      }
      freed_.notify_one();
    }
  }
  return copied;
}

}  // namespace mm
