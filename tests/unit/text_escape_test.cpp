// io/TextEscape: what a terminal would interpret in a name or a path is printed as an escape, and
// nothing else changes.
#include <gtest/gtest.h>

#include <fmt/format.h>

#include "io/TextEscape.h"

namespace mm {
namespace {

TEST(TextEscape, PlainTextAndNonAsciiLettersAreUnchanged) {
  EXPECT_EQ(text_escaped("data/a b/c.png"), "data/a b/c.png");
  EXPECT_EQ(text_escaped("営業チーム/日本語.txt"), "営業チーム/日本語.txt");
  EXPECT_EQ(text_escaped("C:\\temp\\x1b"), "C:\\temp\\x1b") << "backslashes are left alone";
  EXPECT_EQ(text_escaped("\xF0\x9F\x98\x80 ü"), "\xF0\x9F\x98\x80 ü");
  EXPECT_EQ(text_escaped(""), "");
}

TEST(TextEscape, EveryC0ControlCharacterAndDelIsEscaped) {
  for (int c = 0; c < 0x20; ++c) {
    std::string in = "a";
    in += static_cast<char>(c);
    in += "b";
    std::string want = c == '\n'   ? "a\\nb"
                       : c == '\r' ? "a\\rb"
                       : c == '\t' ? "a\\tb"
                                   : fmt::format("a\\x{:02x}b", c);
    EXPECT_EQ(text_escaped(in), want) << c;
  }
  EXPECT_EQ(text_escaped("a\x7f" "b"), "a\\x7fb");
}

TEST(TextEscape, C1ControlCharactersAreEscaped) {
  for (int c = 0x80; c < 0xA0; ++c) {
    std::string in = "x\xC2";
    in += static_cast<char>(c);
    EXPECT_EQ(text_escaped(in), fmt::format("x\\u{:04x}", c)) << c;
  }
  EXPECT_EQ(text_escaped("\xC2\xA0"), "\xC2\xA0") << "U+00A0 is not a control character";
}

TEST(TextEscape, BytesThatAreNotUtf8AreEscaped) {
  EXPECT_EQ(text_escaped("a\x9b" "2J"), "a\\x9b2J") << "a lone 8-bit CSI";
  EXPECT_EQ(text_escaped("\xff\xfe"), "\\xff\\xfe");
  EXPECT_EQ(text_escaped("\xE6\x97"), "\\xe6\\x97") << "a sequence cut short";
  EXPECT_EQ(text_escaped("\xC0\xAF"), "\\xc0\\xaf") << "overlong";
  EXPECT_EQ(text_escaped("\xED\xA0\x80"), "\\xed\\xa0\\x80") << "surrogate";
}

TEST(TextEscape, TerminalSequencesAndFakeReportLinesAreDefused) {
  EXPECT_EQ(text_escaped("data/\x1b[2J\x1b]0;title\x07.png"), "data/\\x1b[2J\\x1b]0;title\\x07.png");
  EXPECT_EQ(text_escaped("a.png\nfake.jsonl:9: post.message: ok"), "a.png\\nfake.jsonl:9: post.message: ok");
}

TEST(TextEscape, FormatterEscapesAndPads) {
  EXPECT_EQ(fmt::format("[{}]", escaped("a\nb")), "[a\\nb]");
  EXPECT_EQ(fmt::format("[{:>6}]", escaped("a\nb")), "[  a\\nb]");
  std::string out = "x:";
  append_text_escaped(out, "\x1b");
  EXPECT_EQ(out, "x:\\x1b");
}

TEST(TextEscape, Utf8SequenceLength) {
  EXPECT_EQ(utf8_sequence_length("a", 0), 1u);
  EXPECT_EQ(utf8_sequence_length("é", 0), 2u);
  EXPECT_EQ(utf8_sequence_length("日", 0), 3u);
  EXPECT_EQ(utf8_sequence_length("\xF0\x9F\x98\x80", 0), 4u);
  EXPECT_EQ(utf8_sequence_length("\xF4\x90\x80\x80", 0), 0u) << "past U+10FFFF";
  EXPECT_EQ(utf8_sequence_length("\x80", 0), 0u);
}

}  // namespace
}  // namespace mm
