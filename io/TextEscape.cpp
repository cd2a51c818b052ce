#include "io/TextEscape.h"

namespace mm {

void append_text_escaped(std::string& out, std::string_view text) {
  static const char* hex = "0123456789abcdef";
  size_t start = 0, i = 0;
  auto flush = [&](size_t skip) {
    out.append(text.data() + start, i - start);
    start = i + skip;
  };
  while (i < text.size()) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c >= 0x20 && c < 0x7f) {
      ++i;
      continue;
    }
    if (c < 0x80) {  // C0 or DEL
      flush(1);
      switch (c) {
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        default:
          out += "\\x";
          out += hex[c >> 4];
          out += hex[c & 15];
      }
      ++i;
      continue;
    }
    size_t len = utf8_sequence_length(text, i);
    if (len == 0) {  // not UTF-8: the byte itself
      flush(1);
      out += "\\x";
      out += hex[c >> 4];
      out += hex[c & 15];
      ++i;
    } else if (c == 0xC2 && static_cast<unsigned char>(text[i + 1]) < 0xA0) {  // C1: U+0080-U+009F
      unsigned char cp = static_cast<unsigned char>(text[i + 1]);
      flush(2);
      out += "\\u00";
      out += hex[cp >> 4];
      out += hex[cp & 15];
      i += 2;
    } else {
      i += len;
    }
  }
  out.append(text.data() + start, text.size() - start);
}

std::string text_escaped(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  append_text_escaped(out, text);
  return out;
}

}  // namespace mm
