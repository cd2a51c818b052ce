// PlainPostReader, validate's second decoder of post lines: it decodes the lines an export is
// made of into the PostData the DOM decoder fills, declines anything it cannot decode exactly, and
// never changes a verdict: every line here, and every one-byte edit of the sample lines, gets the
// same findings, references, definitions and counts with the shortcut as without it (the one
// validate_post runs on what either decoder filled).
#include <gtest/gtest.h>

#include <set>

#include <fmt/format.h>

#include "ValidateTestUtil.h"
#include "stages/validate/PlainPostReader.h"

namespace mm::test {
namespace {

using validate::LineValidator;
using validate::ValidateOptions;

// Everything the validator records for a chunk, as text.
std::vector<std::string> outcome(const std::string& text, ScannerKernel kernel, const ValidateOptions& options) {
  LineValidator validator(options, nullptr, kernel);
  simdjson::dom::parser parser;
  LineValidator::Result result;
  Chunk chunk;
  fill_chunk(chunk, text, 4096);  // not the first line of the file
  uint32_t lines = validator.process(chunk, parser, result);
  std::vector<std::string> out{fmt::format("lines {}", lines)};
  for (size_t t = 0; t < kLineTypeCount; ++t)
    if (result.counts[t]) out.push_back(fmt::format("{} {}", name_of(static_cast<LineType>(t)), result.counts[t]));
  for (const Finding& f : result.out.findings)
    out.push_back(fmt::format("finding {} {} {} {} {} {}", f.line, f.type, f.field, f.rule, f.message,
                              static_cast<int>(f.severity)));
  for (const validate::PendingRef& r : result.out.refs)
    out.push_back(fmt::format("ref {} {} {} {} {} {} {} {}", r.line, static_cast<int>(r.kind), r.rule, r.key, r.name,
                              r.type, r.field, static_cast<int>(r.severity)));
  for (const validate::Definition& d : result.out.defs)
    out.push_back(fmt::format("def {} {} {}", d.line, static_cast<int>(d.kind), d.key));
  return out;
}

// The same outcome with every kernel as with the full check alone.
void expect_same_verdicts(const std::string& text, const ValidateOptions& options = {}) {
  std::vector<std::string> full = outcome(text, ScannerKernel::kNone, options);
  for (ScannerKernel k : scanner_kernels())
    EXPECT_EQ(outcome(text, k, options), full) << scanner_kernel_name(k) << ": " << text.substr(0, 400);
}

// What the reader decodes a line into, and the chunk holding the bytes its views point into.
struct Decoded {
  Chunk chunk;
  validate::PostElements elements;
  validate::PostData post;
  LineType type = LineType::kUnknown;
};

// `reader` on `line` as a chunk holds it (not line 1, padded), into `out` (reused line to line).
bool read_line(const validate::PlainPostReader& reader, const std::string& line, Decoded& out) {
  fill_chunk(out.chunk, line, 4096);
  return reader.read(Line{std::string_view(out.chunk.data, line.size()), 0, line.size() + simdjson::SIMDJSON_PADDING},
                     false, out.elements, out.post, out.type);
}

// Whether the shortcut decodes `line` (not line 1) with every kernel.
bool reads(const std::string& line, const ValidateOptions& options = {}) {
  bool read = !scanner_kernels().empty();
  for (ScannerKernel k : scanner_kernels()) {
    Decoded decoded;
    bool r = read_line(validate::PlainPostReader(options, k), line, decoded);
    read = read && r;
  }
  return read;
}

// reads(), and the same verdicts with the shortcut as without.
bool plain(const std::string& line, const ValidateOptions& options = {}) {
  expect_same_verdicts(line + "\n", options);
  return reads(line, options);
}

const std::string kPost =
    R"({"type":"post","post":{"team":"tm","channel":"c","user":"u","type":"","message":"caf\u00e9 \"q\" \\ é 😀\nline\t2 <b>&",)"
    R"("props":{"attachments":[{"fallback":"x","fields":[{"short":true,"n":-12}],"nil":null}],"from_bot":"true"},)"
    R"("create_at":100,"edit_at":0,"flagged_by":["v","w"],"reactions":[{"user":"v","emoji_name":"+1","create_at":150}],)"
    R"("replies":[{"user":"v","type":"","message":"r1","props":{},"create_at":200,"edit_at":0,"flagged_by":["u"],)"
    R"("reactions":[{"user":"w","create_at":250,"emoji_name":"tada"}],"attachments":[],"is_pinned":false},)"
    R"({"user":"zz","message":"r2","create_at":100}],"attachments":[],"thread_followers":[],"is_pinned":true}})";
const std::string kDirectPost =
    R"({"type":"direct_post","direct_post":{"channel_members":["u","v","w"],"user":"u","message":"hi",)"
    R"("props":{},"create_at":5,"flagged_by":["w"],"reactions":[],"replies":[{"user":"v","message":"yo","create_at":6}]}})";
const std::string kMinimal = R"({"type":"post","post":{"team":"t","channel":"c","user":"u","message":"","create_at":1}})";

// `line` with whitespace between its tokens, as Python's json.dumps writes it (a space after each
// ':' and ','), and a tab and a space around each bracket.
std::string spaced(const std::string& line) {
  std::string out;
  bool in_string = false;
  for (size_t i = 0; i < line.size(); ++i) {
    char c = line[i];
    if (in_string) {
      out += c;
      if (c == '\\') out += line[++i];
      else if (c == '"') in_string = false;
      continue;
    }
    if (c == '"') in_string = true;
    if (c == '}' || c == ']') out += " \t";
    out += c;
    if (c == ':' || c == ',') out += ' ';
    if (c == '{' || c == '[') out += "\t ";
  }
  return out;
}

std::string post(const std::string& fields) {
  return R"({"type":"post","post":{"team":"tm","channel":"c","user":"u","message":"m","create_at":100)" +
         (fields.empty() ? "" : "," + fields) + "}}";
}

TEST(PlainPostReader, ReadsTheLinesAnExportIsMadeOf) {
  if (scanner_kernels().empty()) GTEST_SKIP() << "no scanner kernel on this CPU";
  EXPECT_TRUE(plain(kPost));
  EXPECT_TRUE(plain(kDirectPost));
  EXPECT_TRUE(plain(kMinimal));
  EXPECT_TRUE(plain(post(R"("props":{"a":[[],{},"",0,1,-1,true,false,null]})")));
  // Whitespace between tokens, anywhere, as JSON allows it.
  EXPECT_TRUE(plain(spaced(kPost)));
  EXPECT_TRUE(plain(spaced(kDirectPost)));
  EXPECT_TRUE(plain(spaced(kMinimal)));
  // Appended, not `" " + string`: GCC 12 warns falsely (-Wrestrict) on that operator inlined.
  EXPECT_TRUE(plain(std::string(" ").append(spaced(post(R"("props":{"a":[[],{},"",0,1,-1,true,false,null]})"))).append("\r")));
  EXPECT_TRUE(plain(post("") + " "));
  EXPECT_TRUE(plain(R"({"type":"post", "post":{"team":"tm","channel":"c","user":"u","message":"m","create_at":1}})"));
}

TEST(PlainPostReader, MakesTheSameReferencesInTheSameOrderWithTheSamePaths) {
  if (scanner_kernels().empty()) GTEST_SKIP() << "no scanner kernel on this CPU";
  std::vector<std::string> refs = outcome(kPost + "\n" + kDirectPost + "\n", best_scanner_kernel(), {});
  EXPECT_EQ(refs, outcome(kPost + "\n" + kDirectPost + "\n", ScannerKernel::kNone, {}));
  // Spot checks of the paths and the order (names are not resolved without a name table).
  auto has = [&](const std::string& s) {
    return std::find_if(refs.begin(), refs.end(), [&](const std::string& r) { return r.find(s) != std::string::npos; }) !=
           refs.end();
  };
  EXPECT_TRUE(has(" v post replies[0].reactions[0].user ") == false);  // that reaction is w's
  EXPECT_TRUE(has(" w post replies[0].reactions[0].user "));
  EXPECT_TRUE(has(" zz post replies[1].user "));
  EXPECT_TRUE(has(" w direct_post flagged_by[0] "));
  EXPECT_TRUE(has(" tm/c c post channel "));
}

// What the reader fills is the PostData the rules read: fields, lists and their elements.
TEST(PlainPostReader, FillsThePostData) {
  if (scanner_kernels().empty()) GTEST_SKIP() << "no scanner kernel on this CPU";
  ValidateOptions options;
  for (ScannerKernel k : scanner_kernels()) {
    validate::PlainPostReader reader(options, k);
    Decoded decoded;
    const validate::PostElements& elements = decoded.elements;
    const validate::PostData& d = decoded.post;
    const LineType& type = decoded.type;
    for (const std::string& line : {kPost, spaced(kPost)}) {
      ASSERT_TRUE(read_line(reader, line, decoded));
      EXPECT_EQ(type, LineType::kPost);
      EXPECT_EQ(d.team.value, "tm");
      EXPECT_EQ(d.channel.value, "c");
      EXPECT_EQ(d.user.value, "u");
      EXPECT_TRUE(d.type.set && d.type.value.empty());
      EXPECT_EQ(d.message.value.substr(0, 9), R"(caf\u00e9)");  // as written
      EXPECT_TRUE(d.props.set);
      EXPECT_LE(d.props.runes_at_most, validate::kPostPropsMaxRunes);
      EXPECT_EQ(d.create_at.value, 100);
      EXPECT_TRUE(d.edit_at.set);
      EXPECT_TRUE(d.is_pinned.set && d.is_pinned.value);
      EXPECT_FALSE(d.channel_members.set);
      ASSERT_EQ(d.flagged_by.size(), 2u);
      EXPECT_EQ((*d.flagged_by.items)[d.flagged_by.begin + 1].value, "w");
      ASSERT_EQ(d.reactions.size(), 1u);
      EXPECT_EQ((*d.reactions.items)[d.reactions.begin].emoji_name.value, "+1");
      EXPECT_TRUE(d.attachments.set && d.attachments.empty());
      EXPECT_TRUE(d.thread_followers.set && d.thread_followers.empty());
      ASSERT_EQ(d.replies.size(), 2u);
      const validate::ReplyData& r0 = (*d.replies.items)[d.replies.begin];
      const validate::ReplyData& r1 = (*d.replies.items)[d.replies.begin + 1];
      EXPECT_EQ(r0.user.value, "v");
      EXPECT_FALSE(r0.is_pinned.value);
      ASSERT_EQ(r0.reactions.size(), 1u);
      EXPECT_EQ((*r0.reactions.items)[r0.reactions.begin].user.value, "w");
      EXPECT_EQ((*r0.flagged_by.items)[r0.flagged_by.begin].value, "u");
      EXPECT_EQ(r1.user.value, "zz");
      EXPECT_EQ(r1.create_at.value, 100);
      EXPECT_FALSE(r1.reactions.set);
      EXPECT_FALSE(r1.props.set);
    }
    ASSERT_TRUE(read_line(reader, kDirectPost, decoded));
    EXPECT_EQ(type, LineType::kDirectPost);
    EXPECT_FALSE(d.team.set);
    ASSERT_EQ(d.channel_members.size(), 3u);
    EXPECT_EQ((*d.channel_members.items)[d.channel_members.begin + 2].value, "w");
    EXPECT_EQ(elements.replies.size(), 1u);  // the line before's are gone
  }
}

// A line with findings is decoded like any other: the findings are validate_post's, the same.
TEST(PlainPostReader, ReadsLinesWithFindings) {
  if (scanner_kernels().empty()) GTEST_SKIP() << "no scanner kernel on this CPU";
  EXPECT_TRUE(plain(R"({"type":"post","post":{"team":"tm","channel":"c","user":"u","message":"m","create_at":0}})"));
  EXPECT_TRUE(plain(R"({"type":"post","post":{"team":"tm","channel":"c","user":"u","create_at":1}})"));
  EXPECT_TRUE(plain(R"({"type":"post","post":{"channel":"c","user":"u","message":"m","create_at":1}})"));
  EXPECT_TRUE(plain(R"({"type":"post","post":{}})"));
  EXPECT_TRUE(plain(R"({"type":"direct_post","direct_post":{}})"));
  EXPECT_TRUE(plain(post(R"("type":"system_bogus")")));
  EXPECT_TRUE(plain(post(R"("reactions":[{"user":"v","emoji_name":"x","create_at":99}])")));  // before the post
  EXPECT_TRUE(plain(post(R"("reactions":[{"user":"v","emoji_name":"x"}])")));
  EXPECT_TRUE(plain(post(R"("reactions":[{"user":"v","emoji_name":"x","create_at":0},{}])")));
  EXPECT_TRUE(plain(post(R"("replies":[{"user":"v","message":"r","create_at":99}])")));  // a warning
  EXPECT_TRUE(plain(post(R"("replies":[{},{"user":"v","message":"r","create_at":100,"type":"bogus","reactions":[{"user":"v","create_at":50}]}])")));
  EXPECT_TRUE(plain(R"({"type":"direct_post","direct_post":{"channel_members":["u"],"user":"u","message":"m","create_at":1}})"));
  EXPECT_TRUE(plain(R"({"type":"direct_post","direct_post":{"channel_members":["u","v"],"user":"u","message":"m","create_at":1,"flagged_by":["w","u"]}})"));
  EXPECT_TRUE(plain(R"({"type":"direct_post","direct_post":{"channel_members":[],"user":"u","message":"m","create_at":1,"flagged_by":[""]}})"));
  EXPECT_TRUE(plain(R"({"type":"direct_post","direct_post":{"user":"u","message":"m","create_at":1,"flagged_by":["u"]}})"));
}

TEST(PlainPostReader, DeclinesWhatItDoesNotDecodeExactly) {
  if (scanner_kernels().empty()) GTEST_SKIP() << "no scanner kernel on this CPU";
  EXPECT_FALSE(plain(post(R"("create_at":5)")));                          // a repeated key
  EXPECT_FALSE(plain(post(R"("replies":[{"user":"v","message":"r","create_at":100,"reactions":[{"user":"v","emoji_name":"x","create_at":100}],"replies":[]}])")));
  EXPECT_FALSE(plain(post(R"("attachments":[{"path":"a.png"}])")));
  EXPECT_FALSE(plain(post(R"("thread_followers":[{"user":"v"}])")));
  EXPECT_FALSE(plain(R"({"type":"direct_post","direct_post":{"team":"tm","channel_members":["u","v"],"user":"u","message":"m","create_at":1}})"));
  // Valid lines outside the plain shape.
  EXPECT_FALSE(plain(post(R"("Props":{})")));                     // a key in another case
  EXPECT_FALSE(plain(post(R"("unknown":1)")));
  EXPECT_FALSE(plain(post(R"("edit_at":null)")));
  EXPECT_FALSE(plain(post(R"("edit_at":1.5)")));
  EXPECT_FALSE(plain(post(R"("edit_at":1e3)")));
  EXPECT_FALSE(plain(post(R"("edit_at":-0)")));
  EXPECT_FALSE(plain(post(R"("edit_at":1234567890123456789)")));  // 19 digits
  EXPECT_TRUE(plain(post(R"("edit_at":123456789012345678)")));
  EXPECT_FALSE(plain(post(R"("flagged_by":["\u0076"])")));  // an escape in a name
  EXPECT_FALSE(plain(post(R"("props":{"s":"\ud83d\ude00"})")));  // surrogate escapes
  EXPECT_FALSE(plain(post(R"("props":{"f":0.5})")));
  EXPECT_FALSE(plain(R"({"type" : "post", "post":{"team":"tm","channel":"c","user":"u","message":"m","create_at":1},"type":"post"})"));
  EXPECT_FALSE(plain(R"({"post":{"team":"tm","channel":"c","user":"u","message":"m","create_at":1},"type":"post"})"));
  // Malformed lines.
  EXPECT_FALSE(plain(post(R"("props":{"a":1,})")));
  EXPECT_FALSE(plain(post(R"("message":"tab	here")")));   // a raw control byte in a string
  EXPECT_FALSE(plain(post("\"props\":{\"a\":\"\xff\"}")));  // invalid UTF-8
  EXPECT_FALSE(plain(post(R"("props":{"a":"\x"})")));
  EXPECT_FALSE(plain(post(R"("props":{"a":"\u12"})")));
  EXPECT_FALSE(plain(post(R"("props":{"a":01})")));
  EXPECT_FALSE(plain(post(R"("props":{"a":tru})")));
  EXPECT_FALSE(plain(post(R"("props":{"a":[1 2]})")));
  EXPECT_FALSE(plain(post(R"("props":{"a")")));
}

TEST(PlainPostReader, BoundariesOfWhatItCanMeasure) {
  if (scanner_kernels().empty()) GTEST_SKIP() << "no scanner kernel on this CPU";
  auto message = [](const std::string& m) {
    return R"({"type":"post","post":{"team":"tm","channel":"c","user":"u","create_at":1,"message":")" + m + "\"}}";
  };
  EXPECT_TRUE(plain(message(rep("a", 16383))));
  EXPECT_FALSE(plain(message(rep("a", 16384))));
  EXPECT_FALSE(plain(message(rep("\\n", 16383))));  // 32,766 bytes written, 16,383 runes: valid
  ValidateOptions small;
  small.max_post_size = 10;
  EXPECT_TRUE(plain(message(rep("é", 5)), small));
  EXPECT_FALSE(plain(message(rep("é", 6)), small));  // 12 bytes, 6 runes: valid
  // Escapes and stops at every offset of the 64-byte blocks a string is read in.
  for (size_t k = 0; k < 140; ++k) {
    std::string a = rep("a", k);
    EXPECT_TRUE(plain(message(a + "\\u00e9\\n\\\"" + rep("b", 70) + "\\\\"))) << k;
    EXPECT_TRUE(plain(message(a + "\\\"" + rep("\\t", 40)))) << k;
    EXPECT_FALSE(plain(message(a + "\\x" + rep("b", 70)))) << k;
    EXPECT_FALSE(plain(message(a + "\\ud800" + rep("b", 70)))) << k;
    EXPECT_FALSE(plain(message(a + "\x01" + rep("b", 70)))) << k;
    EXPECT_FALSE(plain(message(a + "\\"))) << k;       // the closing quote escaped
    EXPECT_FALSE(plain(message(a + "\\u12"))) << k;    // an escape cut by the end of the string
  }
  auto emoji = [](const std::string& e) {
    return post(R"("reactions":[{"user":"v","emoji_name":")" + e + R"(","create_at":100}])");
  };
  EXPECT_TRUE(plain(emoji(rep("x", 64))));
  EXPECT_FALSE(plain(emoji(rep("x", 65))));
  EXPECT_FALSE(plain(emoji(rep("é", 33))));  // 66 bytes, 33 runes: valid
  auto props = [](size_t n) { return post(R"("props":{"a":")" + rep("<", n) + "\"}"); };
  EXPECT_TRUE(plain(props(133000)));
  EXPECT_FALSE(plain(props(133400)));  // 800,424 runes as JSON (\u003c each): too large
  EXPECT_FALSE(plain(props(140000)));
  std::string deep = rep("[", 70) + rep("]", 70);
  EXPECT_FALSE(plain(post(R"("props":{"a":)" + deep + "}")));
  std::string shallow = rep("[", 60) + rep("]", 60);
  EXPECT_TRUE(plain(post(R"("props":{"a":)" + shallow + "}")));
  std::string members;
  for (int i = 0; i < 9; ++i) members += fmt::format("{}\"m{}\"", i ? "," : "", i);
  EXPECT_TRUE(plain(R"({"type":"direct_post","direct_post":{"channel_members":[)" + members +
                    R"(],"user":"u","message":"m","create_at":1}})"));  // too many: a finding
}

// Integers of every length up to and past the 18 digits the reader takes, in the places a post
// has them, and the bytes that can end one: the value the rules read, the same verdicts.
TEST(PlainPostReader, IntegersOfEveryLength) {
  if (scanner_kernels().empty()) GTEST_SKIP() << "no scanner kernel on this CPU";
  ValidateOptions options;
  const std::string digits = "9876543210123456789012";
  for (size_t n = 1; n <= 21; ++n) {
    std::string number = digits.substr(0, n);
    for (const std::string& sign : {std::string(), std::string("-")}) {
      std::string value = sign + number;
      std::vector<std::string> lines = {
          R"({"type":"post","post":{"team":"tm","channel":"c","user":"u","message":"m","create_at":)" + value + "}}",
          R"({"type":"post","post":{"team":"tm","channel":"c","user":"u","message":"m","create_at":)" + value +
              R"(,"edit_at":)" + value + " }}",
          post(R"("reactions":[{"user":"v","emoji_name":"x","create_at":)" + value + "}]"),
          post(R"("reactions":[{"user":"v","create_at":)" + value + R"(,"emoji_name":"x"}])"),
      };
      for (const std::string& line : lines) {
        EXPECT_EQ(plain(line), n <= 18) << line;
        if (n > 18) continue;
        for (ScannerKernel k : scanner_kernels()) {
          Decoded decoded;
          ASSERT_TRUE(read_line(validate::PlainPostReader(options, k), line, decoded)) << line;
          const validate::PostData& d = decoded.post;
          int64_t expected = std::stoll(value);
          if (line.find("reactions") == std::string::npos) EXPECT_EQ(d.create_at.value, expected) << line;
          else EXPECT_EQ((*d.reactions.items)[d.reactions.begin].create_at.value, expected) << line;
        }
      }
    }
  }
  for (const char* value : {"0", "-0", "00", "01", "1.5", "1e3", "12\\u0030", "12a", "12\xc3\xa9", "--1", "-"})
    plain(R"({"type":"post","post":{"team":"tm","channel":"c","user":"u","message":"m","create_at":)" +
          std::string(value) + "}}");
  EXPECT_TRUE(plain(R"({"type":"post","post":{"team":"tm","channel":"c","user":"u","message":"m","create_at":0}})"));
  EXPECT_FALSE(plain(R"({"type":"post","post":{"team":"tm","channel":"c","user":"u","message":"m","create_at":-0}})"));
  EXPECT_FALSE(plain(R"({"type":"post","post":{"team":"tm","channel":"c","user":"u","message":"m","create_at":01}})"));
}

// Every one-byte edit of the sample lines (a byte replaced, removed or added) gets the same
// verdict with the shortcut as without; the shortcut reads some of them and declines others.
TEST(PlainPostReader, EveryOneByteEditOfTheSamplesGetsTheSameVerdict) {
  if (scanner_kernels().empty()) GTEST_SKIP() << "no scanner kernel on this CPU";
  const std::string bytes = "\"\\{}[],:09-aAeEnt.u /\x01\x7f\xff\xc3\xe2";
  size_t variants = 0, read = 0;
  for (const std::string& base : {kPost, kDirectPost, kMinimal, spaced(kMinimal)}) {
    auto check = [&](const std::string& line) {
      std::vector<std::string> full = outcome(line + "\n", ScannerKernel::kNone, {});
      for (ScannerKernel k : scanner_kernels()) ASSERT_EQ(outcome(line + "\n", k, {}), full) << line;
      ++variants;
      read += reads(line);
    };
    for (size_t i = 0; i < base.size(); ++i) {
      for (char c : bytes) {
        if (base[i] == c) continue;
        std::string v = base;
        v[i] = c;
        check(v);
      }
      check(base.substr(0, i) + base.substr(i + 1));
      check(base.substr(0, i) + "\"" + base.substr(i));
    }
  }
  EXPECT_GT(variants, 10000u);
  EXPECT_GT(read, 0u);
}

TEST(PlainPostReader, WholeFilesWithReferencesGetTheSameFindings) {
  std::string text = std::string(kPreamble) + kPost + "\n" + kDirectPost + "\n" + kMinimal + "\n" +
                     R"({"type":"user","user":{"username":"w","email":"w@example.com"}})" + "\n" + kPost + "\n" +
                     kDirectPost + "\n";
  for (bool per_line : {false, true}) {
    std::vector<Finding> full = validate_text(text, {}, per_line, ScannerKernel::kNone);
    for (ScannerKernel k : scanner_kernels()) {
      std::vector<Finding> fast = validate_text(text, {}, per_line, k);
      ASSERT_EQ(fast.size(), full.size());
      for (size_t i = 0; i < full.size(); ++i) {
        EXPECT_EQ(fast[i].line, full[i].line);
        EXPECT_EQ(fast[i].field, full[i].field);
        EXPECT_EQ(fast[i].rule, full[i].rule);
        EXPECT_EQ(fast[i].message, full[i].message);
      }
    }
    // w is undefined before line 9, zz and team t throughout.
    std::set<uint64_t> lines;
    for (const Finding& f : full) lines.insert(f.line);
    EXPECT_EQ(lines, (std::set<uint64_t>{6, 7, 8, 10}));
  }
}

}  // namespace
}  // namespace mm::test
