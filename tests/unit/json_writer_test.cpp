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

TEST(JsonWriter, DrainsAtTheEndOfAnObjectTheSameBytes) {
  auto write = [](JsonWriter& w) {
    w.begin_object().key("list").begin_array();
    for (int i = 0; i < 100; ++i) w.begin_object().key("n").value(i).key("s").value("x\ny").end_object();
    w.end_array().key("end").value(true).end_object();
  };
  std::string whole;
  JsonWriter a(whole);
  write(a);

  std::string out, drained;
  size_t drains = 0;
  JsonWriter b(out);
  b.drain_every(64, [&](std::string_view bytes) {
    EXPECT_GE(bytes.size(), 64u);
    EXPECT_EQ(bytes.back(), '}');
    drained += bytes;
    ++drains;
  });
  write(b);
  EXPECT_GT(drains, 10u);
  EXPECT_EQ(drained + out, whole);
}

}  // namespace
}  // namespace mm
