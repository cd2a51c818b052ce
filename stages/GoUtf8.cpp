#include "stages/GoUtf8.h"

#include <simdjson.h>

namespace mm {

void replace_invalid_utf8(std::string_view in, std::vector<char>& out) {
  out.clear();
  out.reserve(in.size() * 3 + simdjson::SIMDJSON_PADDING);
  auto put = [&](std::string_view s) { out.insert(out.end(), s.begin(), s.end()); };
  const auto* p = reinterpret_cast<const unsigned char*>(in.data());
  size_t n = in.size(), i = 0;
  while (i < n) {
    unsigned char c = p[i];
    size_t len = 0;
    if (c < 0x80) len = 1;
    else if (c >= 0xC2 && c <= 0xDF) len = 2;
    else if (c >= 0xE0 && c <= 0xEF) len = 3;
    else if (c >= 0xF0 && c <= 0xF4) len = 4;
    bool ok = len > 0 && i + len <= n;
    for (size_t k = 1; ok && k < len; ++k) ok = (p[i + k] & 0xC0) == 0x80;
    if (ok && len == 3) {
      unsigned char d = p[i + 1];
      ok = !(c == 0xE0 && d < 0xA0) && !(c == 0xED && d >= 0xA0);  // overlong, surrogate
    }
    if (ok && len == 4) {
      unsigned char d = p[i + 1];
      ok = !(c == 0xF0 && d < 0x90) && !(c == 0xF4 && d >= 0x90);  // overlong, > U+10FFFF
    }
    if (ok) {
      put(in.substr(i, len));
      i += len;
    } else {
      put("\xEF\xBF\xBD");
      ++i;
    }
  }
  out.insert(out.end(), simdjson::SIMDJSON_PADDING, '\0');
}

}  // namespace mm
