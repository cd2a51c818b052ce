// ASCII-only lower-casing, the way the server compares the names it lower-cases (team, channel and
// user names, e-mails): bytes outside A-Z are left as they are.
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

}  // namespace mm
