// skip_nested for jsonl/LineType.cpp's peek_type, written once and compiled per kernel: included
// between a kernel's begin.h and end.h (jsonl/kernels/*/) after its Simd.h. A post line's type is
// known only once its payload has been skipped (Go's decoder takes the last "type" key), so this
// runs over nearly every byte of an export wherever a command tells a line's type without parsing.
// No include guard: included once per kernel.
namespace MATTERMERGE_KERNEL {

// Past the object or array whose opening bracket is at `p`: its closing bracket + 1, or nullptr
// when it does not close before `end`. 64 bytes at a time, strings tracked as the scan loop tracks
// them; a block whose closing brackets are fewer than the depth at its start cannot close the
// value, so its brackets are only counted, and only the block that may close it is walked bracket
// by bracket. Reads nothing at or past `readable_end` (below).
struct NestedSkip {
  uint64_t prev_in_string = 0, prev_escaped = 0;
  uint64_t depth = 0;

  // The closing bracket's bit within the 64 `bytes` (bits of `valid`), or -1 when it is not there.
  int block(const char* bytes, uint64_t valid) {
    using namespace scanner_detail;
    BlockMasks m = block_masks(bytes);
    uint64_t escaped = find_escaped(m.backslash, prev_escaped);
    uint64_t in_string = prefix_xor(m.quote & ~escaped) ^ prev_in_string;
    prev_in_string = static_cast<uint64_t>(static_cast<int64_t>(in_string) >> 63);
    uint64_t brackets = m.bracket & ~in_string & valid;
    uint64_t opens = brackets & m.open;
    auto n_closes = static_cast<uint64_t>(__builtin_popcountll(brackets & ~m.open));
    if (n_closes < depth) {
      depth += static_cast<uint64_t>(__builtin_popcountll(opens)) - n_closes;
      return -1;
    }
    for (; brackets; brackets &= brackets - 1) {
      int bit = __builtin_ctzll(brackets);
      if (opens >> bit & 1) ++depth;
      else if (--depth == 0) return bit;
    }
    return -1;
  }
};

// `readable_end`: how far the caller's buffer may be read (a chunk's padding, jsonl/Lines.h): when
// the last partial block lies within it, it is read in place, its bytes past `end` masked out,
// instead of copied.
inline const char* skip_nested(const char* p, const char* end, const char* readable_end) {
  NestedSkip skip;
  const char* q = p;
  for (; end - q >= 64; q += 64)
    if (int bit = skip.block(q, ~uint64_t{0}); bit >= 0) return q + bit + 1;
  if (q == end) return nullptr;
  auto left = static_cast<size_t>(end - q);
  if (readable_end - q >= 64) {
    int bit = skip.block(q, (uint64_t{1} << left) - 1);
    return bit >= 0 ? q + bit + 1 : nullptr;
  }
  alignas(64) char tail[64];
  __builtin_memset(tail, ' ', sizeof tail);  // nothing a space can change
  __builtin_memcpy(tail, q, left);
  int bit = skip.block(tail, (uint64_t{1} << left) - 1);
  return bit >= 0 ? q + bit + 1 : nullptr;
}

}  // namespace MATTERMERGE_KERNEL
