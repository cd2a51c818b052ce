// The AVX-512 kernel's byte classes, between jsonl/kernels/avx512/begin.h and end.h: the masks
// of a 64-byte block the scan loop needs, and string_stops for the cursor.
namespace MATTERMERGE_KERNEL {
using scanner_detail::BlockMasks;
inline BlockMasks block_masks(const char* p) {
  __m512i v = _mm512_loadu_si512(p);
  __m512i folded = _mm512_or_si512(v, _mm512_set1_epi8(0x20));
  uint64_t open = _mm512_cmpeq_epi8_mask(folded, _mm512_set1_epi8('{'));
  return {_mm512_cmpeq_epi8_mask(v, _mm512_set1_epi8('\n')), _mm512_cmpeq_epi8_mask(v, _mm512_set1_epi8('"')),
          _mm512_cmpeq_epi8_mask(v, _mm512_set1_epi8('\\')),
          open | _mm512_cmpeq_epi8_mask(folded, _mm512_set1_epi8('}')),
          scanner_detail::empty_pairs(_mm512_cmpeq_epi8_mask(v, _mm512_set1_epi8('[')),
                                      _mm512_cmpeq_epi8_mask(v, _mm512_set1_epi8(']'))),
          open};
}
// Bits of the bytes that end a run of plain string content: '"', '\\' and control bytes (< 0x20).
inline uint64_t string_stops(const char* p) {
  __m512i v = _mm512_loadu_si512(p);
  return _mm512_cmplt_epu8_mask(v, _mm512_set1_epi8(0x20)) | _mm512_cmpeq_epi8_mask(v, _mm512_set1_epi8('"')) |
         _mm512_cmpeq_epi8_mask(v, _mm512_set1_epi8('\\'));
}
}  // namespace MATTERMERGE_KERNEL
