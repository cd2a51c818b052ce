// The bytes of a chunk of JSON lines that a shallow walk needs, found 64 at a time with AVX2:
// every newline, and every { } [ ] that is not inside a string. Strings are tracked across
// blocks with simdjson's stage-1 arithmetic (an odd run of backslashes escapes the byte after it;
// a carry-less multiply turns quote positions into an in-string mask). A string never continues
// onto the next line: a newline inside a string (invalid JSON) is reported with in_string set,
// and the next line is scanned from a clean state.
//
// This is the part of a JSON parse that `stats` cannot do without; it runs at several GB/s per
// core where a full parse of every line runs at about one. It validates nothing: callers check
// the structure they rely on and hand anything unexpected to a real parser.
#pragma once

#include <cstddef>
#include <cstdint>

#if defined(__x86_64__) || defined(__i386__)
#define MATTERMERGE_HAS_STRUCTURAL_SCANNER 1
#include <immintrin.h>
#endif

namespace mm {

// True when this CPU has what scan_structurals needs (x86 with AVX2 and CLMUL); callers fall back
// to a parser otherwise.
bool structural_scanner_available();

#ifndef MATTERMERGE_HAS_STRUCTURAL_SCANNER
// Other architectures: never called (structural_scanner_available() is false).
template <class OnEvent>
void scan_structurals(const char*, const char*, OnEvent&&) {}
#else

namespace scanner_detail {

// Bits of the bytes escaped by a backslash (simdjson's find_escaped): `prev_escaped` carries an
// odd backslash run from the previous block.
inline uint64_t find_escaped(uint64_t backslash, uint64_t& prev_escaped) {
  if (!backslash) {
    uint64_t escaped = prev_escaped;
    prev_escaped = 0;
    return escaped;
  }
  backslash &= ~prev_escaped;
  uint64_t follows_escape = backslash << 1 | prev_escaped;
  constexpr uint64_t kEvenBits = 0x5555555555555555ULL;
  uint64_t odd_sequence_starts = backslash & ~kEvenBits & ~follows_escape;
  uint64_t sequences_starting_on_even_bits;
  prev_escaped = __builtin_add_overflow(odd_sequence_starts, backslash, &sequences_starting_on_even_bits);
  uint64_t invert_mask = sequences_starting_on_even_bits << 1;
  return (kEvenBits ^ invert_mask) & follows_escape;
}

__attribute__((target("avx2"))) inline uint64_t mask_of(__m256i lo, __m256i hi, __m256i c) {
  auto a = static_cast<uint32_t>(_mm256_movemask_epi8(_mm256_cmpeq_epi8(lo, c)));
  auto b = static_cast<uint32_t>(_mm256_movemask_epi8(_mm256_cmpeq_epi8(hi, c)));
  return a | (static_cast<uint64_t>(b) << 32);
}

// Bit i set when an odd number of bits at or below i are set in `quotes`.
__attribute__((target("pclmul,sse2"))) inline uint64_t prefix_xor(uint64_t quotes) {
  __m128i v = _mm_set_epi64x(0, static_cast<int64_t>(quotes));
  return static_cast<uint64_t>(_mm_cvtsi128_si64(_mm_clmulepi64_si128(v, _mm_set1_epi8(-1), 0)));
}

}  // namespace scanner_detail

// Calls on_event(p, in_string) for every newline and every { } [ ] outside strings in
// [begin, end), in order; in_string is true only for a newline inside an unterminated string.
// Reads up to 63 bytes past `end` (simdjson's padding covers them).
template <class OnEvent>
__attribute__((target("avx2,pclmul,bmi"))) void scan_structurals(const char* begin, const char* end,
                                                                 OnEvent&& on_event) {
  using namespace scanner_detail;
  const __m256i quote = _mm256_set1_epi8('"');
  const __m256i backslash = _mm256_set1_epi8('\\');
  const __m256i newline = _mm256_set1_epi8('\n');
  const __m256i open = _mm256_set1_epi8('{');   // '[' | 0x20 == '{'
  const __m256i close = _mm256_set1_epi8('}');  // ']' | 0x20 == '}'
  const __m256i lower = _mm256_set1_epi8(0x20);
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
      __m256i lo = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p));
      __m256i hi = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p + 32));
      uint64_t escaped = find_escaped(mask_of(lo, hi, backslash), prev_escaped);
      uint64_t quotes = mask_of(lo, hi, quote) & ~escaped;
      uint64_t in_string = prefix_xor(quotes) ^ prev_in_string;
      __m256i lo_folded = _mm256_or_si256(lo, lower), hi_folded = _mm256_or_si256(hi, lower);
      uint64_t structural = mask_of(lo_folded, hi_folded, open) | mask_of(lo_folded, hi_folded, close);
      uint64_t newlines = mask_of(lo, hi, newline);
      size_t left = static_cast<size_t>(end - p);
      uint64_t valid = left >= 64 ? ~uint64_t{0} : (uint64_t{1} << left) - 1;
      uint64_t events = ((structural & ~in_string) | newlines) & valid;
      uint64_t broken = newlines & in_string & valid;
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

#endif  // MATTERMERGE_HAS_STRUCTURAL_SCANNER

}  // namespace mm
