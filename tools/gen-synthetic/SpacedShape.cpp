#include "tools/gen-synthetic/SpacedShape.h"

#include <cstring>

namespace mm::gen {

void append_spaced(std::string_view json, std::string& out) {
  out.reserve(out.size() + json.size() + json.size() / 8);
  const char* p = json.data();
  const char* end = p + json.size();
  while (p < end) {
    // Outside a string: copy up to the next quote, spacing ':' and ','.
    while (p < end && *p != '"') {
      out += *p;
      if (*p == ':' || *p == ',') out += ' ';
      ++p;
    }
    if (p == end) break;
    // A string: copied whole, up to its closing quote (a backslash escapes the next byte).
    const char* s = p++;
    while (p < end) {
      const char* q = static_cast<const char*>(std::memchr(p, '"', static_cast<size_t>(end - p)));
      if (!q) {
        p = end;
        break;
      }
      size_t backslashes = 0;
      for (const char* b = q; b > p && b[-1] == '\\'; --b) ++backslashes;
      p = q + 1;
      if (backslashes % 2 == 0) break;
    }
    out.append(s, static_cast<size_t>(p - s));
  }
}

}  // namespace mm::gen
