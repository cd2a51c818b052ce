// The one HTML escaper of the merge report (report/HtmlReport.h). Every value that comes from an
// export (names, e-mails, paths, resolutions quoting them) is hostile: it may hold markup, quotes,
// control characters, bidirectional overrides or invalid UTF-8. The escaped text is safe both
// between tags and inside a double- or single-quoted attribute value, and is valid UTF-8.
#pragma once

#include <string>
#include <string_view>

namespace mm {

// Appends `text` to `out` with & < > " ' as character references; C0 controls other than tab and
// newline, DEL, C1 controls, the bidirectional embedding, override and isolate characters
// (U+202A-U+202E, U+2066-U+2069) and every byte of invalid UTF-8 each become U+FFFD, so a name
// can neither inject markup nor reorder or hide the text around it.
void append_html_escaped(std::string& out, std::string_view text);

inline std::string html_escaped(std::string_view text) {
  std::string out;
  append_html_escaped(out, text);
  return out;
}

}  // namespace mm
