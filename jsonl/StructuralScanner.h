// The bytes of a chunk of JSON lines that a shallow walk needs, found 64 at a time (AVX-512 or AVX2):
// every newline, and every { } [ ] that is not inside a string. Strings are tracked across
// blocks with simdjson's stage-1 arithmetic (an odd run of backslashes escapes the byte after it;
// a carry-less multiply turns quote positions into an in-string mask). A string never continues
// onto the next line: a newline inside a string (invalid JSON) is reported with in_string set,
// and the next line is scanned from a clean state.
//
// Each kernel also has string_stops(p): the bits of the 64 bytes at p that end the plain content
// of a JSON string ('"', '\\', control bytes), and a JsonCursor built on it that reads a line in
// one pass (validate's PlainPostReader reads post lines with it).
//
// This is the part of a JSON parse that `stats` cannot do without; it runs several times faster
// than a full parse of every line (docs/performance.md, "stats: the scanned path"). It validates nothing: callers check
// the structure they rely on and hand anything unexpected to a real parser.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "jsonl/JsonToken.h"

#if defined(__x86_64__) || defined(__i386__)
#define MATTERMERGE_HAS_STRUCTURAL_SCANNER 1
#include <immintrin.h>
#endif

namespace mm {

// The kernels, fastest first; each needs CLMUL and BMI too.
enum class ScannerKernel { kNone, kAvx2, kAvx512 };

// The fastest kernel this CPU runs (kNone: callers fall back to a parser), and its name. The
// environment variable MATTERMERGE_SCANNER (avx512, avx2, off) narrows the choice for stats and
// for validate's PlainPostReader alike.
ScannerKernel best_scanner_kernel();
const char* scanner_kernel_name(ScannerKernel kernel);
bool scanner_kernel_supported(ScannerKernel kernel);
inline bool structural_scanner_available() { return best_scanner_kernel() != ScannerKernel::kNone; }

#ifndef MATTERMERGE_HAS_STRUCTURAL_SCANNER
// Other architectures: never called (no kernel is available).
template <class OnEvent>
void scan_structurals(ScannerKernel, const char*, const char*, OnEvent&&) {}
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

// Bit i set when an odd number of bits at or below i are set in `quotes`.
__attribute__((target("pclmul,sse2"))) inline uint64_t prefix_xor(uint64_t quotes) {
  __m128i v = _mm_set_epi64x(0, static_cast<int64_t>(quotes));
  return static_cast<uint64_t>(_mm_cvtsi128_si64(_mm_clmulepi64_si128(v, _mm_set1_epi8(-1), 0)));
}

struct BlockMasks {
  uint64_t newline, quote, backslash, bracket;  // bracket: { } [ ]
  uint64_t empty_array;                         // each '[' directly followed by ']'
  uint64_t open;                                // { [ (of `bracket`)
};

// The '[' bits of every "[]" within the block, from the '[' and ']' bits.
inline uint64_t empty_pairs(uint64_t open_square, uint64_t close_square) {
  return open_square & (close_square >> 1);
}

}  // namespace scanner_detail

// Each kernel is the same generic body (jsonl/kernels/generic/: the scan loop and the cursor)
// compiled for its instruction set between the kernel's begin.h and end.h, as simdjson compiles
// its kernels; only the byte classes of a block (the kernel's Simd.h) are written per kernel.
#include "jsonl/kernels/avx2/begin.h"
#include "jsonl/kernels/avx2/Simd.h"
#include "jsonl/kernels/generic/ScanLoop.h"
#include "jsonl/kernels/generic/Cursor.h"
#include "jsonl/kernels/generic/SkipNested.h"
#include "jsonl/kernels/avx2/end.h"

#include "jsonl/kernels/avx512/begin.h"
#include "jsonl/kernels/avx512/Simd.h"
#include "jsonl/kernels/generic/ScanLoop.h"
#include "jsonl/kernels/generic/Cursor.h"
#include "jsonl/kernels/generic/SkipNested.h"
#include "jsonl/kernels/avx512/end.h"

// Calls on_event(p, in_string) for every newline and every { } [ ] outside strings in
// [begin, end), in order, but for empty arrays: the two brackets of a "[]" are left out (most
// arrays of an export are empty, and an empty array changes no depth and holds nothing to count)
// when both are in one 64-byte block. in_string is true only for a newline inside an
// unterminated string.
// Reads up to 63 bytes past `end` (simdjson's padding covers them). `kernel` must be supported.
template <class OnEvent>
void scan_structurals(ScannerKernel kernel, const char* begin, const char* end, OnEvent&& on_event) {
  if (kernel == ScannerKernel::kAvx512) scanner_avx512::scan(begin, end, on_event);
  else if (kernel == ScannerKernel::kAvx2) scanner_avx2::scan(begin, end, on_event);
}

#endif  // MATTERMERGE_HAS_STRUCTURAL_SCANNER

}  // namespace mm
