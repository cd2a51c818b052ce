#include "jsonl/LineType.h"

#include <algorithm>
#include <cstring>
#include <utility>

#include <emmintrin.h>

#include "jsonl/JsonKey.h"
#include "jsonl/JsonToken.h"
#include "jsonl/StructuralScanner.h"

namespace mm {

LineType line_type_from_name(std::string_view name) {
  // Posts first: they are nearly every line of an export.
  if (name == "post") return LineType::kPost;
  if (name == "direct_post") return LineType::kDirectPost;
  for (size_t i = 0; i < static_cast<size_t>(LineType::kUnknown); ++i)
    if (kLineTypeNames[i] == name) return static_cast<LineType>(i);
  return LineType::kUnknown;
}

LineType post_head(std::string_view line, const char*& payload) {
  static constexpr std::string_view kPost = R"({"type":"post","post":)";
  static constexpr std::string_view kDirect = R"({"type":"direct_post","direct_post":)";
  const char* p = line.data();
  const char* end = p + line.size();
  // As the server writes it: one compare.
  for (auto [head, type] : {std::pair{kPost, LineType::kPost}, std::pair{kDirect, LineType::kDirectPost}}) {
    if (line.starts_with(head)) {
      payload = skip_json_space(p + head.size(), end);
      return type;
    }
  }
  // Token by token, each compared at its length known at compile time.
  auto eat = [&]<size_t N>(const char(&token)[N]) {
    p = skip_json_space(p, end);
    if (!starts_with(p, end, token)) return false;
    p += N - 1;
    return true;
  };
  if (!eat("{") || !eat("\"type\"") || !eat(":")) return LineType::kUnknown;
  LineType type;
  if (eat("\"post\"")) type = LineType::kPost;
  else if (eat("\"direct_post\"")) type = LineType::kDirectPost;
  else return LineType::kUnknown;
  if (!eat(",") || !(type == LineType::kPost ? eat("\"post\"") : eat("\"direct_post\"")) || !eat(":"))
    return LineType::kUnknown;
  payload = skip_json_space(p, end);
  return type;
}

namespace {

// The closing quote of the string whose body starts at `p`, or nullptr. Quotes are found with
// memchr; one preceded by an odd run of backslashes is escaped.
const char* string_end(const char* p, const char* end) {
  for (;;) {
    const char* q = static_cast<const char*>(std::memchr(p, '"', static_cast<size_t>(end - p)));
    if (!q) return nullptr;
    const char* b = q;
    while (b > p && b[-1] == '\\') --b;
    if (((q - b) & 1) == 0) return q;
    p = q + 1;
  }
}

// Past the object or array starting at `p`: its closing bracket + 1, or nullptr when it does not
// end on the line. A post's payload is most of its line, so it is skipped many bytes at a time:
// 64 with a structural kernel (jsonl/kernels/generic/SkipNested.h), else 16 (SSE2, on every
// x86-64, below): quotes, backslashes and brackets found by compares, the quotes an odd run of
// backslashes escapes taken out, the bytes inside strings by a prefix xor of the quotes.
const char* skip_nested_sse2(const char* p, const char* end) {
  auto bytes_equal = [](__m128i v, char c) { return _mm_cmpeq_epi8(v, _mm_set1_epi8(c)); };
  auto mask_of = [](__m128i m) { return static_cast<unsigned>(_mm_movemask_epi8(m)); };
  size_t depth = 0;
  unsigned in_string = 0;  // all ones inside a string at the block's start
  unsigned carry = 0;      // 1: the block's first byte is escaped
  const char* q = p;
  auto block = [&](__m128i v) -> const char* {
    unsigned escaped = carry;
    for (unsigned b = mask_of(bytes_equal(v, '\\')) & ~carry; b;) {
      unsigned bit = static_cast<unsigned>(__builtin_ctz(b));
      escaped |= 2u << bit;  // the byte after an escaping backslash (bit 16: the next block's first)
      b &= ~(3u << bit);     // an escaped backslash escapes nothing
    }
    carry = escaped >> 16;
    unsigned inside = mask_of(bytes_equal(v, '"')) & ~escaped;  // from an opening quote to before its closing one
    inside ^= inside << 1;
    inside ^= inside << 2;
    inside ^= inside << 4;
    inside ^= inside << 8;
    inside ^= in_string;
    in_string = (inside >> 15 & 1) ? ~0u : 0u;
    unsigned opens = mask_of(_mm_or_si128(bytes_equal(v, '{'), bytes_equal(v, '['))) & ~inside & 0xFFFF;
    unsigned closes = mask_of(_mm_or_si128(bytes_equal(v, '}'), bytes_equal(v, ']'))) & ~inside & 0xFFFF;
    for (unsigned all = opens | closes; all; all &= all - 1) {
      unsigned bit = static_cast<unsigned>(__builtin_ctz(all));
      if (opens >> bit & 1) ++depth;
      else if (--depth == 0) return q + bit + 1;
    }
    return nullptr;
  };
  for (; end - q >= 16; q += 16)
    if (const char* r = block(_mm_loadu_si128(reinterpret_cast<const __m128i*>(q)))) return r;
  if (q == end) return nullptr;
  // The tail, padded with spaces (nothing a space can change).
  alignas(16) char tail[16];
  std::memset(tail, ' ', sizeof tail);
  std::memcpy(tail, q, static_cast<size_t>(end - q));
  const char* r = block(_mm_load_si128(reinterpret_cast<const __m128i*>(tail)));
  return r && r <= end ? r : nullptr;
}

// `readable_end` >= `end`: how far the bytes may be read (see peek_type's `readable`).
const char* skip_nested(const char* p, const char* end, const char* readable_end) {
#ifdef MATTERMERGE_HAS_STRUCTURAL_SCANNER
  static const ScannerKernel kernel = best_scanner_kernel();
  if (kernel == ScannerKernel::kAvx512) return scanner_avx512::skip_nested(p, end, readable_end);
  if (kernel == ScannerKernel::kAvx2) return scanner_avx2::skip_nested(p, end, readable_end);
#endif
  return skip_nested_sse2(p, end);
}

// Past the value starting at `p` (a string, an object or array with all it holds, or a scalar
// up to the next ',' '}' ']' or whitespace), or nullptr when it does not end on the line.
const char* skip_value(const char* p, const char* end, const char* readable_end) {
  if (*p == '"') {
    const char* q = string_end(p + 1, end);
    return q ? q + 1 : nullptr;
  }
  if (*p == '{' || *p == '[') return skip_nested(p, end, readable_end);
  while (p < end && *p != ',' && *p != '}' && *p != ']' && !is_json_space(*p)) ++p;
  return p;
}

}  // namespace

LineType peek_type(std::string_view line, size_t readable) {
  const char* p = line.data();
  const char* end = p + line.size();
  const char* readable_end = p + std::max(readable, line.size());
  // The shape the server's exporter writes a post in, nearly every line of an export: the type
  // first, the payload second and last. Its payload skipped, a '}' settles it as the general
  // reading below would; anything else after the payload is left to that reading.
  const char* payload = nullptr;
  if (LineType type = post_head(line, payload); type != LineType::kUnknown && payload < end && *payload == '{') {
    const char* q = skip_nested(payload, end, readable_end);
    if (q) {
      q = skip_json_space(q, end);
      if (q < end && *q == '}') return type;
    }
  }
  p = skip_json_space(p, end);
  if (p == end || *p != '{') return LineType::kMalformed;
  p = skip_json_space(p + 1, end);
  if (p < end && *p == '}') return LineType::kMalformed;  // {}: no type
  // The type as last read: its name (decoded) when it fits, or "too long to be a known one".
  char name[16];
  size_t name_size = 0;
  bool found = false, known_size = false;
  for (;;) {
    if (p == end || *p != '"') return LineType::kMalformed;
    const char* key_end = string_end(p + 1, end);
    if (!key_end) return LineType::kMalformed;
    std::string_view key(p + 1, static_cast<size_t>(key_end - p - 1));
    p = skip_json_space(key_end + 1, end);
    if (p == end || *p != ':') return LineType::kMalformed;
    p = skip_json_space(p + 1, end);
    if (p == end) return LineType::kMalformed;
    if (key_is(key, "type")) {
      if (*p == '"') {
        const char* value_end = string_end(p + 1, end);
        if (!value_end) return LineType::kMalformed;
        std::string_view raw(p + 1, static_cast<size_t>(value_end - p - 1));
        name_size = decode_json_string(raw, name, sizeof name);
        known_size = name_size <= sizeof name;
        found = true;
        p = value_end + 1;
      } else if (end - p >= 4 && std::memcmp(p, "null", 4) == 0) {
        p += 4;  // null leaves the type as it was, as Go decodes it
      } else {
        return LineType::kMalformed;  // a type error: the importer rejects the line
      }
    } else {
      p = skip_value(p, end, readable_end);
      if (!p) return LineType::kMalformed;
    }
    p = skip_json_space(p, end);
    if (p == end) return LineType::kMalformed;
    if (*p == '}') break;
    if (*p != ',') return LineType::kMalformed;
    p = skip_json_space(p + 1, end);
  }
  if (!found) return LineType::kMalformed;
  return known_size ? line_type_from_name({name, name_size}) : LineType::kUnknown;
}

}  // namespace mm
