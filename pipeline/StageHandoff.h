// Makes the hand-off of a pipeline item from one stage's thread to the next visible to
// ThreadSanitizer. oneTBB orders the stages itself, but Debian's oneTBB is not built with TSan, so
// without this every chunk handed between threads would be reported as a race. One atomic
// operation per item and stage: nothing on the per-line path.
#pragma once

#include <atomic>
#include <cstdint>

namespace mm {

class StageHandoff {
 public:
  // At the start of a stage's work on the item.
  void acquire() const { (void)stamp_.load(std::memory_order_acquire); }
  // At the end of it, before the item goes on to the next stage.
  void release() { stamp_.fetch_add(1, std::memory_order_release); }

 private:
  std::atomic<uint32_t> stamp_{0};
};

}  // namespace mm
