// io/JsonWriter: every character JSON defines as a control character (U+0000-U+001F) is written
// escaped, with quotes and backslashes, so a JSON report holds one document whatever the names.
#include <gtest/gtest.h>

#include <simdjson.h>

#include "io/JsonWriter.h"

namespace mm {
namespace {

TEST(JsonWriter, EveryControlCharacterIsEscapedAndReadsBack) {
  std::string value;
  for (int c = 0; c < 0x20; ++c) value += static_cast<char>(c);
  value += "\"\\\x7f 日本語 \xC2\x9B";
  std::string out;
  JsonWriter w(out);
  w.begin_object().key(value).value(value).end_object();
  for (char c : out) EXPECT_GE(static_cast<unsigned char>(c), 0x20) << "raw control byte in " << out;
  EXPECT_NE(out.find("\\u0000"), std::string::npos);
  EXPECT_NE(out.find("\\u001b"), std::string::npos);
  EXPECT_NE(out.find("\\n"), std::string::npos);
  simdjson::dom::parser parser;
  simdjson::padded_string json(out);
  simdjson::dom::object o = parser.parse(json).get_object();
  ASSERT_EQ(o.size(), 1u);
  for (auto [k, v] : o) {
    EXPECT_EQ(std::string(k), value);
    EXPECT_EQ(std::string(v.get_string().value()), value);
  }
}

}  // namespace
}  // namespace mm
