// Byte-level helpers of JSON tokens shared by the readers that walk a line without a DOM
// (jsonl/kernels/generic/Cursor.h, validate's plain post reader and the On Demand decoders).
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>

namespace mm {

// Equality of two short byte strings with overlapping fixed-size loads (no library call up to
// 24 bytes; with a constant `n`, a few compares).
inline bool equal_bytes(const char* a, const char* b, size_t n) {
  auto eq = [](const char* x, const char* y, auto width) {
    decltype(width) u, v;
    std::memcpy(&u, x, sizeof u);
    std::memcpy(&v, y, sizeof v);
    return u == v;
  };
  if (n > 24) return std::memcmp(a, b, n) == 0;
  if (n > 16) return eq(a, b, uint64_t{}) && eq(a + 8, b + 8, uint64_t{}) && eq(a + n - 8, b + n - 8, uint64_t{});
  if (n >= 8) return eq(a, b, uint64_t{}) && eq(a + n - 8, b + n - 8, uint64_t{});
  if (n >= 4) return eq(a, b, uint32_t{}) && eq(a + n - 4, b + n - 4, uint32_t{});
  if (n >= 2) return eq(a, b, uint16_t{}) && eq(a + n - 2, b + n - 2, uint16_t{});
  return n == 0 || *a == *b;
}

// Whether the bytes at `p` (before `end`) are `token`.
template <size_t N>
bool starts_with(const char* p, const char* end, const char (&token)[N]) {
  return static_cast<size_t>(end - p) >= N - 1 && equal_bytes(p, token, N - 1);
}

// JSON's whitespace between tokens: space, tab, CR, LF.
inline bool is_json_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

// The first byte at or after `p` (before `end`) that is not JSON whitespace.
inline const char* skip_json_space(const char* p, const char* end) {
  while (p < end && is_json_space(*p)) ++p;
  return p;
}

inline int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  c = static_cast<char>(c | 0x20);
  return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

// The length of the escape at `q` ('\\' and what it escapes), 0 if it is not one JSON allows
// or its \u names a surrogate (decoders differ on those); 0 for any other byte.
inline size_t escape_length(const char* q, const char* end) {
  if (*q != '\\' || end - q < 2) return 0;
  switch (q[1]) {
    case '"':
    case '\\':
    case '/':
    case 'b':
    case 'f':
    case 'n':
    case 'r':
    case 't': return 2;
    case 'u': {
      if (end - q < 6) return 0;
      unsigned v = 0;
      for (int i = 2; i < 6; ++i) {
        int h = hex_digit(q[i]);
        if (h < 0) return 0;
        v = v * 16 + static_cast<unsigned>(h);
      }
      return v >= 0xD800 && v <= 0xDFFF ? 0 : 6;
    }
    default: return 0;
  }
}

// Appends the value of a JSON string's content `raw` (between its quotes) to `out`, for content
// whose every escape escape_length() accepts (no surrogate \u: the plain readers decline those),
// as a JSON decoder reads it. Other bytes are copied as they are.
inline void append_unescaped(const char* raw, size_t size, std::string& out) {
  const char* p = raw;
  const char* end = raw + size;
  while (p < end) {
    const char* q = static_cast<const char*>(std::memchr(p, '\\', static_cast<size_t>(end - p)));
    if (!q) q = end;
    out.append(p, static_cast<size_t>(q - p));
    if (q == end || end - q < 2) {
      out.append(q, static_cast<size_t>(end - q));
      return;
    }
    char c = q[1];
    p = q + 2;
    switch (c) {
      case 'b': out += '\b'; break;
      case 'f': out += '\f'; break;
      case 'n': out += '\n'; break;
      case 'r': out += '\r'; break;
      case 't': out += '\t'; break;
      case 'u': {
        unsigned v = 0;
        for (int i = 0; i < 4 && p < end; ++i, ++p) v = v * 16 + static_cast<unsigned>(hex_digit(*p) & 15);
        if (v < 0x80) {
          out += static_cast<char>(v);
        } else if (v < 0x800) {
          out += static_cast<char>(0xC0 | (v >> 6));
          out += static_cast<char>(0x80 | (v & 0x3F));
        } else {
          out += static_cast<char>(0xE0 | (v >> 12));
          out += static_cast<char>(0x80 | ((v >> 6) & 0x3F));
          out += static_cast<char>(0x80 | (v & 0x3F));
        }
        break;
      }
      default: out += c; break;  // " \ /
    }
  }
}

}  // namespace mm
