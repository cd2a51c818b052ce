// Lower-casing of names: ASCII-only, the way the server compares the names it lower-cases (team,
// channel and user names, e-mails): bytes outside A-Z are left as they are; and Go's
// strings.ToLower as far as the importer's name rules need it.
#pragma once

#include <string>
#include <string_view>

namespace mm {

inline char ascii_lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; }

inline std::string ascii_lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = ascii_lower(c);
  return out;
}

// Go's strings.ToLower as far as it can produce ASCII: ASCII letters, U+0130 (İ) -> 'i' and
// U+212A (Kelvin sign) -> 'k'; every other byte is kept (so other non-ASCII letters stay
// non-ASCII, and still fail the importer's ASCII-only name rules). The key of a name in an
// instance's name index (model/InstanceNames.h). Writes into `out` and returns it.
inline std::string_view go_to_lower(std::string_view s, std::string& out) {
  out.clear();
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c >= 'A' && c <= 'Z') {
      out += static_cast<char>(c + 32);
    } else if (c == '\xC4' && i + 1 < s.size() && s[i + 1] == '\xB0') {
      out += 'i';
      ++i;
    } else if (c == '\xE2' && i + 2 < s.size() && s[i + 1] == '\x84' && s[i + 2] == '\xAA') {
      out += 'k';
      i += 2;
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace mm
