#include <gtest/gtest.h>

#include "report/HtmlEscape.h"

namespace mm {
namespace {

TEST(HtmlEscape, Markup) {
  EXPECT_EQ(html_escaped("<script>alert('x')</script>"), "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;");
  EXPECT_EQ(html_escaped("a & b \"c\""), "a &amp; b &quot;c&quot;");
  EXPECT_EQ(html_escaped("&amp;"), "&amp;amp;");
  EXPECT_EQ(html_escaped("<!-- mattermerge:apply-begin -->"), "&lt;!-- mattermerge:apply-begin --&gt;");
  EXPECT_EQ(html_escaped(""), "");
  EXPECT_EQ(html_escaped("plain-name_1"), "plain-name_1");
}

TEST(HtmlEscape, ControlCharacters) {
  EXPECT_EQ(html_escaped(std::string("a\0b", 3)), "a\xEF\xBF\xBD" "b");
  EXPECT_EQ(html_escaped("a\x1b[31mb"), "a\xEF\xBF\xBD[31mb");
  EXPECT_EQ(html_escaped("a\rb\x7f"), "a\xEF\xBF\xBD" "b\xEF\xBF\xBD");
  EXPECT_EQ(html_escaped("tab\tand\nnewline"), "tab\tand\nnewline");
  EXPECT_EQ(html_escaped("c1\xC2\x85."), "c1\xEF\xBF\xBD.");  // U+0085
}

TEST(HtmlEscape, Utf8) {
  EXPECT_EQ(html_escaped("開発チーム <新>"), "開発チーム &lt;新&gt;");
  EXPECT_EQ(html_escaped("emoji 🎉"), "emoji 🎉");
  // Bidirectional overrides and isolates would reorder the text around a name.
  EXPECT_EQ(html_escaped("evil\xE2\x80\xAEgnp.exe"), "evil\xEF\xBF\xBDgnp.exe");  // U+202E
  EXPECT_EQ(html_escaped("x\xE2\x81\xA6y"), "x\xEF\xBF\xBDy");                    // U+2066
}

TEST(HtmlEscape, InvalidUtf8) {
  EXPECT_EQ(html_escaped("a\xFF" "b"), "a\xEF\xBF\xBD" "b");
  EXPECT_EQ(html_escaped("\xC0\xAF"), "\xEF\xBF\xBD\xEF\xBF\xBD");  // overlong '/'
  EXPECT_EQ(html_escaped("\xED\xA0\x80"), "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");  // surrogate
  EXPECT_EQ(html_escaped("cut \xE6\x97"), "cut \xEF\xBF\xBD\xEF\xBF\xBD");  // truncated sequence
  EXPECT_EQ(html_escaped("\xE6\x97<"), "\xEF\xBF\xBD\xEF\xBF\xBD&lt;");
}

TEST(HtmlEscape, Appends) {
  std::string out = "<b>";
  append_html_escaped(out, "<i>");
  EXPECT_EQ(out, "<b>&lt;i&gt;");
}

}  // namespace
}  // namespace mm
