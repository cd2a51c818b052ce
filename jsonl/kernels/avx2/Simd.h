// The AVX2 kernel's byte classes, between jsonl/kernels/avx2/begin.h and end.h: the masks of a
// 64-byte block the scan loop needs, and string_stops for the cursor.
namespace MATTERMERGE_KERNEL {
using scanner_detail::BlockMasks;
inline uint64_t mask_of(__m256i lo, __m256i hi, __m256i c) {
  auto a = static_cast<uint32_t>(_mm256_movemask_epi8(_mm256_cmpeq_epi8(lo, c)));
  auto b = static_cast<uint32_t>(_mm256_movemask_epi8(_mm256_cmpeq_epi8(hi, c)));
  return a | (static_cast<uint64_t>(b) << 32);
}
inline BlockMasks block_masks(const char* p) {
  __m256i lo = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p));
  __m256i hi = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p + 32));
  const __m256i lower = _mm256_set1_epi8(0x20);  // '[' | 0x20 == '{', ']' | 0x20 == '}'
  __m256i lo_folded = _mm256_or_si256(lo, lower), hi_folded = _mm256_or_si256(hi, lower);
  uint64_t open = mask_of(lo_folded, hi_folded, _mm256_set1_epi8('{'));
  uint64_t close = mask_of(lo_folded, hi_folded, _mm256_set1_epi8('}'));
  return {mask_of(lo, hi, _mm256_set1_epi8('\n')), mask_of(lo, hi, _mm256_set1_epi8('"')),
          mask_of(lo, hi, _mm256_set1_epi8('\\')), open | close,
          scanner_detail::empty_pairs(mask_of(lo, hi, _mm256_set1_epi8('[')), mask_of(lo, hi, _mm256_set1_epi8(']'))),
          open};
}
// Bits of the bytes that end a run of plain string content: '"', '\\' and control bytes (< 0x20).
inline uint32_t string_stops_32(const char* p) {
  __m256i v = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p));
  __m256i control = _mm256_cmpeq_epi8(_mm256_min_epu8(v, _mm256_set1_epi8(0x1F)), v);
  __m256i special =
      _mm256_or_si256(_mm256_cmpeq_epi8(v, _mm256_set1_epi8('"')), _mm256_cmpeq_epi8(v, _mm256_set1_epi8('\\')));
  return static_cast<uint32_t>(_mm256_movemask_epi8(_mm256_or_si256(control, special)));
}
inline uint64_t string_stops(const char* p) {
  return string_stops_32(p) | static_cast<uint64_t>(string_stops_32(p + 32)) << 32;
}
}  // namespace MATTERMERGE_KERNEL
