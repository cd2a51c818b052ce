// The scan loop of jsonl/StructuralScanner.h, written once and compiled per kernel: included
// between a kernel's begin.h and end.h (jsonl/kernels/*/) after its Simd.h, which defines
// `block_masks(const char* p)` (the newline, quote, backslash and bracket bits of 64 bytes).
// No include guard: included once per kernel.
namespace MATTERMERGE_KERNEL {

template <class OnEvent>
void scan(const char* begin, const char* end, OnEvent&& on_event) {
  using namespace scanner_detail;
  // Positions are collected a batch at a time and then handed out in one loop: a loop per block
  // would mispredict its exit at almost every block.
  constexpr size_t kBatchBlocks = 64;
  const char* events_at[kBatchBlocks * 64 + 4];
  uint64_t prev_in_string = 0, prev_escaped = 0;
  const char* p = begin;
  while (p < end) {
    size_t count = 0;
    bool broken_line = false;
    for (size_t block = 0; block < kBatchBlocks && p < end; ++block) {
      __builtin_prefetch(p + 1024);  // mapped pages are rarely cached yet
      BlockMasks m = block_masks(p);
      uint64_t escaped = find_escaped(m.backslash, prev_escaped);
      uint64_t in_string = prefix_xor(m.quote & ~escaped) ^ prev_in_string;
      size_t left = static_cast<size_t>(end - p);
      uint64_t valid = left >= 64 ? ~uint64_t{0} : (uint64_t{1} << left) - 1;
      uint64_t empty = m.empty_array & (valid >> 1);  // both brackets before `end`
      uint64_t events = ((m.bracket & ~in_string & ~(empty | empty << 1)) | m.newline) & valid;
      uint64_t broken = m.newline & in_string & valid;
      if (broken) events &= (broken & (0 - broken)) * 2 - 1;  // up to the first broken newline
      // Four positions written unconditionally, more only when the block has more.
      const char** out = events_at + count;
      size_t n = static_cast<size_t>(__builtin_popcountll(events));
      for (int i = 0; i < 4; ++i) {
        out[i] = p + __builtin_ctzll(events | (uint64_t{1} << 63));
        events &= events - 1;
      }
      for (size_t i = 4; i < n; ++i) {
        out[i] = p + __builtin_ctzll(events);
        events &= events - 1;
      }
      count += n;
      if (broken) {  // the next line starts from a clean state
        p += __builtin_ctzll(broken) + 1;
        prev_in_string = prev_escaped = 0;
        broken_line = true;
        break;
      }
      p += 64;
      prev_in_string = static_cast<uint64_t>(static_cast<int64_t>(in_string) >> 63);
    }
    size_t last = broken_line ? count - 1 : count;
    for (size_t i = 0; i < last; ++i) on_event(events_at[i], false);
    if (broken_line) on_event(events_at[last], true);
  }
}

}  // namespace MATTERMERGE_KERNEL
