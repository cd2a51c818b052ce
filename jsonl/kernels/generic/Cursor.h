// The cursor of the readers that walk one JSON line in a single pass without a DOM (validate's
// plain post reader builds on it), written once and compiled per kernel: included between a
// kernel's begin.h and end.h (jsonl/kernels/*/) after its Simd.h, which defines
// `string_stops(const char* p)`. String content is skipped 64 bytes at a time, every call inlined.
// No include guard: included once per kernel.
//
// Every method returns false on anything outside the plain shape; whitespace between tokens
// (space, tab, CR, LF: JSON's) is skipped before each token.
namespace MATTERMERGE_KERNEL {
// Internal linkage, as a cursor local to its reader's file is: every call is inlined into the
// reader, and no out-of-line copy is shared between files.
namespace {

class JsonCursor {
 public:
  // Values nested deeper are declined: the caller hands the line to a full parser.
  static constexpr int kMaxDepth = 64;

  JsonCursor(const char* p, const char* end) : p_(p), end_(end) {}

  void space() {
    while (__builtin_expect(p_ < end_ && is_json_space(*p_), 0)) ++p_;
  }
  bool at_end() {
    space();
    return p_ == end_;
  }
  bool eat(char c) {
    space();
    if (p_ < end_ && *p_ == c) {
      ++p_;
      return true;
    }
    return false;
  }
  template <size_t N>
  bool eat(const char (&token)[N]) {
    space();
    if (!starts_with(p_, end_, token)) return false;
    p_ += N - 1;
    return true;
  }

  // A string with its escapes checked; `raw` is its content as written. The stops of each
  // 64-byte block are taken in turn: a block is loaded once however many escapes it holds.
  bool string(std::string_view& raw, bool& escaped) {
    if (!eat('"')) return false;
    escaped = false;
    const char* block = p_;
    while (block < end_) {
      const char* next_block = block + 64;
      for (uint64_t stops = string_stops(block); stops;) {
        const char* q = block + __builtin_ctzll(stops);
        if (q >= end_) return false;
        if (*q == '"') {
          raw = {p_, static_cast<size_t>(q - p_)};
          p_ = q + 1;
          return true;
        }
        size_t n = escape_length(q, end_);  // 0 for a control byte
        if (n == 0) return false;
        escaped = true;
        size_t after = static_cast<size_t>(q - block) + n;
        if (after >= 64) {
          next_block = block + after;
          break;
        }
        stops &= ~uint64_t{0} << after;
      }
      block = next_block;
    }
    return false;
  }

  // A string without escapes: its content is its value.
  bool name(std::string_view& out) {
    bool escaped;
    return string(out, escaped) && !escaped;
  }

  // An integer of up to 18 digits (no fraction, no exponent: the next byte is checked by the caller).
  // Up to 15 digits (a millisecond timestamp has 13) are counted in one 16-byte compare and
  // converted eight at a time: a digit a step was a chain of dependent multiplies and a loop exit
  // mispredicted at every number (a quarter of the reading of a reaction). Reads 16 bytes at the
  // cursor whatever `end_` is: the line's buffer is padded.
  bool integer(int64_t& out) {
    bool negative = eat('-');  // (skips the whitespace before)
    if (p_ >= end_ || *p_ < '0' || *p_ > '9') return false;
    int64_t v = 0;
    if (*p_ == '0') {
      if (negative) return false;  // -0: decoders differ
      ++p_;
    } else {
      __m128i bytes = _mm_sub_epi8(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p_)), _mm_set1_epi8('0'));
      auto digits = static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(_mm_min_epu8(bytes, _mm_set1_epi8(9)), bytes)));
      size_t n = static_cast<size_t>(__builtin_ctz(~digits));  // digits before the first other byte (16: all)
      if (n < 16 && n <= static_cast<size_t>(end_ - p_)) {
        v = n <= 8 ? eight_digits(p_, n) : eight_digits(p_, n - 8) * 100000000 + eight_digits(p_ + n - 8, 8);
        p_ += n;
      } else {
        const char* first = p_;
        while (p_ < end_ && *p_ >= '0' && *p_ <= '9') {
          if (p_ - first == 18) return false;
          v = v * 10 + (*p_++ - '0');
        }
      }
    }
    out = negative ? -v : v;
    return true;
  }

  bool boolean() { return eat("true") || eat("false"); }
  bool boolean(bool& out) {
    out = eat("true");
    return out || eat("false");
  }

  // Any JSON value of the plain shape.
  bool any(int depth) {
    space();
    if (p_ >= end_ || depth > kMaxDepth) return false;
    switch (*p_) {
      case '{': {
        ++p_;
        if (eat('}')) return true;
        do {
          std::string_view k;
          bool escaped;
          if (!string(k, escaped) || !eat(':') || !any(depth + 1)) return false;
        } while (eat(','));
        return eat('}');
      }
      case '[': {
        ++p_;
        if (eat(']')) return true;
        do {
          if (!any(depth + 1)) return false;
        } while (eat(','));
        return eat(']');
      }
      case '"': {
        std::string_view s;
        bool escaped;
        return string(s, escaped);
      }
      case 't':
      case 'f': return boolean();
      case 'n': return eat("null");
      default: {
        int64_t unused;
        return integer(unused);
      }
    }
  }

  bool empty_array() { return eat('[') && eat(']'); }

 private:
  // The value of the `n` (1 to 8) ASCII digits at `p` (simdjson's eight-digit SWAR conversion; the
  // bytes after them are shifted out, and the zeros shifted in are leading zeros).
  static int64_t eight_digits(const char* p, size_t n) {
    uint64_t w;
    std::memcpy(&w, p, sizeof w);
    w <<= 8 * (8 - n);
    w = (w & 0x0F0F0F0F0F0F0F0F) * 2561 >> 8;
    w = (w & 0x00FF00FF00FF00FF) * 6553601 >> 16;
    return static_cast<int64_t>((w & 0x0000FFFF0000FFFF) * 42949672960001 >> 32);
  }

 protected:
  const char* p_;
  const char* end_;
};

}  // namespace
}  // namespace MATTERMERGE_KERNEL
