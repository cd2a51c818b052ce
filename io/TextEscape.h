// Text for a terminal or a log: what mattermerge prints for a person to read (finding messages,
// paths, names, the conflict table, summaries, error messages) passes through here, so that a
// name or a path from an export cannot move the cursor, clear the screen, retitle the window or
// start a fake report line. Every C0 control character (newline and tab included), DEL, every C1
// control character (U+0080-U+009F) and every byte that is not part of valid UTF-8 is written as
// an escape: `\n`, `\r`, `\t`, `\x1b`, `\x7f`, `\u009b`, `\xff`. Everything else, non-ASCII
// letters included, is written as it is. Backslashes are left alone (a Windows-style path stays
// readable); the output is for reading, not for parsing back.
//
//   fmt::print("{}:{}: {}\n", escaped(file), line, escaped(message));
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include <fmt/format.h>

namespace mm {

// The length of the valid UTF-8 sequence starting at s[i] (1 to 4), or 0 when the byte there
// does not start one (a stray continuation byte, an overlong form, a surrogate, past U+10FFFF,
// or a sequence cut short by the end of `s`).
inline size_t utf8_sequence_length(std::string_view s, size_t i) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  size_t n = s.size();
  unsigned char c = p[i];
  size_t len = 0;
  if (c < 0x80) return 1;
  if (c >= 0xC2 && c <= 0xDF) len = 2;
  else if (c >= 0xE0 && c <= 0xEF) len = 3;
  else if (c >= 0xF0 && c <= 0xF4) len = 4;
  if (len == 0 || i + len > n) return 0;
  for (size_t k = 1; k < len; ++k)
    if ((p[i + k] & 0xC0) != 0x80) return 0;
  unsigned char d = p[i + 1];
  if (len == 3 && ((c == 0xE0 && d < 0xA0) || (c == 0xED && d >= 0xA0))) return 0;  // overlong, surrogate
  if (len == 4 && ((c == 0xF0 && d < 0x90) || (c == 0xF4 && d >= 0x90))) return 0;  // overlong, > U+10FFFF
  return len;
}

// Appends `text` to `out` with the escapes above.
void append_text_escaped(std::string& out, std::string_view text);

// `text` with the escapes above.
std::string text_escaped(std::string_view text);

// A string to be printed escaped: fmt::format("{}", escaped(s)) (width and alignment apply to the
// escaped text).
struct EscapedText {
  std::string_view text;
};
inline EscapedText escaped(std::string_view text) { return EscapedText{text}; }

}  // namespace mm

template <>
struct fmt::formatter<mm::EscapedText> : fmt::formatter<std::string_view> {
  template <class FormatContext>
  auto format(const mm::EscapedText& e, FormatContext& ctx) const -> decltype(ctx.out()) {
    std::string s = mm::text_escaped(e.text);
    return fmt::formatter<std::string_view>::format(std::string_view(s), ctx);
  }
};
