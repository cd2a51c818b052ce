// One pass over a text for any of four bytes, each occurrence handed to a test that says whether
// it is the sign looked for: plan's test of whether a line can hold a mention, a permalink or an
// escape hiding one, and apply's of whether a message can reference a renamed name. A chain of
// memchr and find calls went over a line once per sign, and find() once per occurrence of its
// first byte: on the heavy shape of bench/corpus.sh, memchr was a fifth of plan's CPU samples,
// half that with this pass (docs/performance.md, "One pass for the signs of a line").
#pragma once

#include <cstddef>
#include <string_view>

#include "jsonl/StructuralScanner.h"

#if defined(__x86_64__)
#include <immintrin.h>
#endif

namespace mm {

namespace byte_signs_detail {

#if defined(__x86_64__)
// The CPU's features as the scanner's kernels are chosen (jsonl/StructuralScanner.h), once.
inline bool has_avx2() {
  static const bool avx2 = scanner_kernel_supported(ScannerKernel::kAvx2);
  return avx2;
}

// The bits of the 32 bytes at p equal to a, b, c or d.
__attribute__((target("avx2"))) inline unsigned block_bits(const char* p, char a, char b, char c, char d) {
  __m256i v = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p));
  __m256i m = _mm256_or_si256(_mm256_or_si256(_mm256_cmpeq_epi8(v, _mm256_set1_epi8(a)), _mm256_cmpeq_epi8(v, _mm256_set1_epi8(b))),
                              _mm256_or_si256(_mm256_cmpeq_epi8(v, _mm256_set1_epi8(c)), _mm256_cmpeq_epi8(v, _mm256_set1_epi8(d))));
  return static_cast<unsigned>(_mm256_movemask_epi8(m));
}
#endif

}  // namespace byte_signs_detail

// Whether some position i of `text` holding a, b, c or d satisfies sign(i), tried in order.
// Reads only within `text`. A byte not wanted can be repeated (a, a, b, c).
template <class Sign>
bool any_sign(std::string_view text, char a, char b, char c, char d, Sign&& sign) {
  const char* p = text.data();
  const size_t n = text.size();
  size_t i = 0;
#if defined(__x86_64__)
  if (byte_signs_detail::has_avx2()) {
    for (; i + 32 <= n; i += 32) {
      for (unsigned bits = byte_signs_detail::block_bits(p + i, a, b, c, d); bits; bits &= bits - 1)
        if (sign(i + static_cast<size_t>(__builtin_ctz(bits)))) return true;
    }
  }
#endif
  for (; i < n; ++i) {
    char x = p[i];
    if ((x == a || x == b || x == c || x == d) && sign(i)) return true;
  }
  return false;
}

}  // namespace mm
