#include "jsonl/LineType.h"

#include <cstring>

#include "jsonl/JsonKey.h"

namespace mm {

LineType line_type_from_name(std::string_view name) {
  // Posts first: they are nearly every line of an export.
  if (name == "post") return LineType::kPost;
  if (name == "direct_post") return LineType::kDirectPost;
  for (size_t i = 0; i < static_cast<size_t>(LineType::kUnknown); ++i)
    if (kLineTypeNames[i] == name) return static_cast<LineType>(i);
  return LineType::kUnknown;
}

namespace {

// JSON's insignificant whitespace.
inline bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

inline const char* skip_space(const char* p, const char* end) {
  while (p < end && is_space(*p)) ++p;
  return p;
}

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

// Past the value starting at `p` (a string, an object or array with all it holds, or a scalar
// up to the next ',' '}' ']' or whitespace), or nullptr when it does not end on the line.
const char* skip_value(const char* p, const char* end) {
  if (*p == '"') {
    const char* q = string_end(p + 1, end);
    return q ? q + 1 : nullptr;
  }
  if (*p == '{' || *p == '[') {
    size_t depth = 0;
    for (; p < end; ++p) {
      char c = *p;
      if (c == '"') {
        p = string_end(p + 1, end);
        if (!p) return nullptr;
      } else if (c == '{' || c == '[') {
        ++depth;
      } else if ((c == '}' || c == ']') && --depth == 0) {
        return p + 1;
      }
    }
    return nullptr;
  }
  while (p < end && *p != ',' && *p != '}' && *p != ']' && !is_space(*p)) ++p;
  return p;
}

}  // namespace

LineType peek_type(std::string_view line) {
  const char* p = line.data();
  const char* end = p + line.size();
  p = skip_space(p, end);
  if (p == end || *p != '{') return LineType::kMalformed;
  p = skip_space(p + 1, end);
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
    p = skip_space(key_end + 1, end);
    if (p == end || *p != ':') return LineType::kMalformed;
    p = skip_space(p + 1, end);
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
      p = skip_value(p, end);
      if (!p) return LineType::kMalformed;
    }
    p = skip_space(p, end);
    if (p == end) return LineType::kMalformed;
    if (*p == '}') break;
    if (*p != ',') return LineType::kMalformed;
    p = skip_space(p + 1, end);
  }
  if (!found) return LineType::kMalformed;
  return known_size ? line_type_from_name({name, name_size}) : LineType::kUnknown;
}

}  // namespace mm
