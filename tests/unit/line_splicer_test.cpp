#include <gtest/gtest.h>

#include <functional>
#include <string>

#include <simdjson.h>

#include "jsonl/LineSplicer.h"

namespace mm {
namespace {

namespace od = simdjson::ondemand;

// Parses `line` and calls f(field, value) for the member at the dotted `path` of nested objects.
// Returns the spliced line after f's edits.
std::string edit(const std::string& line, const std::string& path,
                 const std::function<void(LineSplicer&, od::field&, od::value&)>& f) {
  simdjson::padded_string padded(line);
  od::parser parser;
  od::document doc = parser.iterate(padded);
  LineSplicer splicer;
  splicer.reset(std::string_view(padded.data(), padded.size()));
  od::object object = doc.get_object();
  std::string_view rest = path;
  bool found = false;
  std::function<void(od::object&, std::string_view)> walk = [&](od::object& obj, std::string_view p) {
    size_t dot = p.find('.');
    std::string_view name = p.substr(0, dot);
    for (auto member : obj) {
      od::field field; ASSERT_FALSE(std::move(member).get(field));
      if (field.key() != name) continue;
      od::value value = field.value();
      if (dot == std::string_view::npos) {
        f(splicer, field, value);
        found = true;
      } else {
        od::object inner = value.get_object();
        walk(inner, p.substr(dot + 1));
      }
      return;
    }
  };
  walk(object, rest);
  EXPECT_TRUE(found) << path;
  std::string out;
  splicer.write(out);
  return out;
}

auto replace_with(std::string value) {
  return [value](LineSplicer& s, od::field&, od::value& v) {
    s.replace_string(json_string_token(v.raw_json_token().data()), value);
  };
}

auto remove_it() {
  return [](LineSplicer& s, od::field& f, od::value& v) { s.remove_member(member_span(f, value_span(v))); };
}

TEST(LineSplicer, UntouchedLineIsCopied) {
  LineSplicer s;
  std::string line = R"({"type":"post","post":{"message":"a\u00e9"}})";
  s.reset(line);
  EXPECT_FALSE(s.changed());
  std::string out = "x";
  s.write(out);
  EXPECT_EQ(out, "x" + line);
}

TEST(LineSplicer, ReplaceStringKeepsEverythingElse) {
  EXPECT_EQ(edit(R"({"type":"post","post":{"team":"t1","user":"bob","x":[1,{"y":null}],"n":1.50}})", "post.user",
                 replace_with("robert")),
            R"({"type":"post","post":{"team":"t1","user":"robert","x":[1,{"y":null}],"n":1.50}})");
}

TEST(LineSplicer, ReplaceStringWithEscapedOriginal) {
  EXPECT_EQ(edit(R"({"a":"x\n\"y\\z\u00e9\ud83d\ude00","b":"é"})", "a", replace_with("new")),
            R"({"a":"new","b":"é"})");
  EXPECT_EQ(edit(R"({"a":"x","b":"\"é\""})", "b", replace_with("q")), R"({"a":"x","b":"q"})");
}

TEST(LineSplicer, ReplacementIsEscaped) {
  EXPECT_EQ(edit(R"({"a":"x"})", "a", replace_with("l1\nl2\t\"q\" \\ é 😀 \x01")),
            "{\"a\":\"l1\\nl2\\t\\\"q\\\" \\\\ é 😀 \\u0001\"}");
}

TEST(LineSplicer, UnescapedValueRoundTrips) {
  // Read with get_string (unescaped), write back: the same JSON value.
  std::string line = R"({"m":"a\n\"b\"\\c\u00e9\ud83d\ude00é"})";
  std::string out = edit(line, "m", [](LineSplicer& s, od::field&, od::value& v) {
    std::string_view token = json_string_token(v.raw_json_token().data());
    std::string_view text = v.get_string();
    s.replace_string(token, std::string(text) + "!");
  });
  EXPECT_EQ(out, "{\"m\":\"a\\n\\\"b\\\"\\\\cé😀é!\"}");
  simdjson::padded_string padded(out);
  od::parser parser;
  auto doc = parser.iterate(padded);
  EXPECT_EQ(std::string_view(doc["m"].get_string()), "a\n\"b\"\\cé😀é!");
}

TEST(LineSplicer, RemoveFirstMiddleLastOnly) {
  EXPECT_EQ(edit(R"({"a":1,"b":"x","c":[1]})", "a", remove_it()), R"({"b":"x","c":[1]})");
  EXPECT_EQ(edit(R"({"a":1,"b":"x","c":[1]})", "b", remove_it()), R"({"a":1,"c":[1]})");
  EXPECT_EQ(edit(R"({"a":1,"b":"x","c":[1]})", "c", remove_it()), R"({"a":1,"b":"x"})");
  EXPECT_EQ(edit(R"({"a":{"k":"v"}})", "a", remove_it()), R"({})");
  EXPECT_EQ(edit(R"({"o":{"a":true,"b":null}})", "o.b", remove_it()), R"({"o":{"a":true}})");
  EXPECT_EQ(edit(R"({ "a" : 1 , "b" : 2 })", "b", remove_it()), R"({ "a" : 1  })");
  EXPECT_EQ(edit(R"({ "a" : 1 , "b" : 2 })", "a", remove_it()), R"({  "b" : 2 })");
  EXPECT_EQ(edit(R"({"a":"x\"}","b":2})", "a", remove_it()), R"({"b":2})");
}

TEST(LineSplicer, RemoveNeighbours) {
  std::string line = R"({"a":1,"b":2,"c":3})";
  simdjson::padded_string padded(line);
  od::parser parser;
  od::document doc = parser.iterate(padded);
  LineSplicer s;
  s.reset(std::string_view(padded.data(), padded.size()));
  for (auto member : doc.get_object()) {
    od::field f; ASSERT_FALSE(std::move(member).get(f));
    od::value v = f.value();
    std::string_view span = value_span(v);
    if (f.key() != "a") s.remove_member(member_span(f, span));
  }
  std::string out;
  s.write(out);
  EXPECT_EQ(out, R"({"a":1})");
}

TEST(LineSplicer, RemoveAll) {
  std::string line = R"({"a":1,"b":2})";
  simdjson::padded_string padded(line);
  od::parser parser;
  od::document doc = parser.iterate(padded);
  LineSplicer s;
  s.reset(std::string_view(padded.data(), padded.size()));
  for (auto member : doc.get_object()) {
    od::field f; ASSERT_FALSE(std::move(member).get(f));
    od::value v = f.value();
    s.remove_member(member_span(f, value_span(v)));
  }
  std::string out;
  s.write(out);
  EXPECT_EQ(out, R"({})");
}

TEST(LineSplicer, RemoveArrayElements) {
  std::string line = R"({"a":[{"p":"1"},{"p":"2"},{"p":"3"}]})";
  for (int drop = 0; drop < 3; ++drop) {
    simdjson::padded_string padded(line);
    od::parser parser;
    od::document doc = parser.iterate(padded);
    LineSplicer s;
    s.reset(std::string_view(padded.data(), padded.size()));
    int i = 0;
    for (auto element : doc["a"].get_array()) {
      od::value v = element.value();
      std::string_view span = value_span(v);
      if (i++ == drop) s.remove_member(span);
    }
    std::string out;
    s.write(out);
    const char* expected[] = {R"({"a":[{"p":"2"},{"p":"3"}]})", R"({"a":[{"p":"1"},{"p":"3"}]})",
                              R"({"a":[{"p":"1"},{"p":"2"}]})"};
    EXPECT_EQ(out, expected[drop]);
  }
}

TEST(LineSplicer, InsertField) {
  LineSplicer s;
  std::string line = R"({"u":{"a":1},"e":{}})";
  s.reset(line);
  s.insert_string_field(line.data() + 5, "locale", "fr\"");
  s.insert_field(line.data() + 17, "n", "1");
  std::string out;
  s.write(out);
  EXPECT_EQ(out, R"({"u":{"locale":"fr\"","a":1},"e":{"n":1}})");
}

TEST(LineSplicer, EditsInAnyOrder) {
  LineSplicer s;
  std::string line = R"({"a":"1","b":"2"})";
  s.reset(line);
  s.replace_string(std::string_view(line).substr(13, 3), "two");
  s.replace_string(std::string_view(line).substr(5, 3), "one");
  EXPECT_TRUE(s.changed());
  std::string out;
  s.write(out);
  EXPECT_EQ(out, R"({"a":"one","b":"two"})");
  s.reset(line);
  EXPECT_FALSE(s.changed());
}

TEST(LineSplicer, ValueSpans) {
  std::string line = R"({"s":"a\"b","n":-1.5e3 ,"t":true,"z":null,"o":{"x":[1,2]},"a":[]})";
  simdjson::padded_string padded(line);
  od::parser parser;
  od::document doc = parser.iterate(padded);
  std::vector<std::string> spans;
  for (auto member : doc.get_object()) {
    od::field f; ASSERT_FALSE(std::move(member).get(f));
    od::value v = f.value();
    spans.emplace_back(value_span(v));
  }
  EXPECT_EQ(spans, (std::vector<std::string>{R"("a\"b")", "-1.5e3", "true", "null", R"({"x":[1,2]})", "[]"}));
}

}  // namespace
}  // namespace mm

namespace mm {
namespace {

TEST(LineSplicer, RemoveEverySubset) {
  const std::string members[] = {R"("a":1)", R"("b":[2])", R"("c":{"d":3})", R"("e":"4")"};
  std::string line = "{" + members[0] + "," + members[1] + "," + members[2] + "," + members[3] + "}";
  for (int mask = 0; mask < 16; ++mask) {
    simdjson::padded_string padded(line);
    od::parser parser;
    od::document doc = parser.iterate(padded);
    LineSplicer s;
    s.reset(std::string_view(padded.data(), padded.size()));
    int i = 0;
    std::string expected = "{";
    for (auto member : doc.get_object()) {
      od::field f;
      ASSERT_FALSE(std::move(member).get(f));
      od::value v = f.value();
      std::string_view span = value_span(v);
      if (mask & (1 << i)) {
        s.remove_member(member_span(f, span));
      } else {
        if (expected.size() > 1) expected += ',';
        expected += members[i];
      }
      ++i;
    }
    expected += "}";
    std::string out;
    s.write(out);
    EXPECT_EQ(out, expected) << mask;
  }
}

}  // namespace
}  // namespace mm
