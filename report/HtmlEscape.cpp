#include "report/HtmlEscape.h"

#include <cstdint>

namespace mm {

namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

// Length of the valid UTF-8 sequence at s[i] and its code point; 0 when invalid (overlong forms,
// surrogates and values above U+10FFFF included).
size_t utf8_sequence(std::string_view s, size_t i, uint32_t& cp) {
  auto byte = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char b = byte(i);
  size_t n;
  uint32_t min;
  if (b >= 0xC2 && b <= 0xDF) n = 2, cp = b & 0x1F, min = 0x80;
  else if (b >= 0xE0 && b <= 0xEF) n = 3, cp = b & 0x0F, min = 0x800;
  else if (b >= 0xF0 && b <= 0xF4) n = 4, cp = b & 0x07, min = 0x10000;
  else return 0;
  if (i + n > s.size()) return 0;
  for (size_t k = 1; k < n; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (byte(i + k) & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  return n;
}

bool hidden_or_reordering(uint32_t cp) {
  return (cp >= 0x80 && cp <= 0x9F) || (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
}

}  // namespace

void append_html_escaped(std::string& out, std::string_view text) {
  out.reserve(out.size() + text.size());
  size_t run = 0;  // start of the bytes not yet appended, all of them plain
  size_t i = 0;
  auto flush = [&](size_t end) { out.append(text.data() + run, end - run); };
  while (i < text.size()) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    std::string_view replacement;
    size_t length = 1;
    if (c < 0x80) {
      switch (c) {
        case '&': replacement = "&amp;"; break;
        case '<': replacement = "&lt;"; break;
        case '>': replacement = "&gt;"; break;
        case '"': replacement = "&quot;"; break;
        case '\'': replacement = "&#39;"; break;
        case '\t':
        case '\n': break;
        default:
          if (c < 0x20 || c == 0x7F) replacement = kReplacement;
      }
    } else {
      uint32_t cp = 0;
      length = utf8_sequence(text, i, cp);
      if (length == 0) length = 1, replacement = kReplacement;
      else if (hidden_or_reordering(cp)) replacement = kReplacement;
    }
    if (!replacement.empty()) {
      flush(i);
      out += replacement;
      run = i + length;
    }
    i += length;
  }
  flush(text.size());
}

}  // namespace mm
