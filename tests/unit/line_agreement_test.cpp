// One reading of a line for every command: the key rule (jsonl/JsonKey.h), peek_type
// (jsonl/LineType.h), the On Demand classifier, stats' scanned and parsed paths and validate's
// full and plain readers and plan's instance index give the same type to each line, and the same nested counts where they
// count them. tests/e2e/line_agreement.sh shows the same through the commands.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "jsonl/JsonKey.h"
#include "jsonl/LineClassifier.h"
#include "jsonl/LineType.h"
#include "stages/InstanceIndex.h"
#include "stages/StatsStage.h"
#include "stages/validate/LineValidator.h"
#include "tests/unit/TestUtil.h"

namespace mm {
namespace {

TEST(JsonKey, PlainKeysFoldAsciiCase) {
  EXPECT_TRUE(key_is("type", "type"));
  EXPECT_TRUE(key_is("TyPe", "type"));
  EXPECT_FALSE(key_is("typ", "type"));
  EXPECT_FALSE(key_is("types", "type"));
  EXPECT_FALSE(key_is("", "type"));
  EXPECT_FALSE(key_is("t_pe", "type"));
}

TEST(JsonKey, EscapesAreDecoded) {
  EXPECT_TRUE(key_is(R"(\u0074ype)", "type"));
  EXPECT_TRUE(key_is(R"(\u0054\u0059\u0050\u0045)", "type"));
  EXPECT_TRUE(key_is(R"(ty\u0070e)", "type"));
  EXPECT_TRUE(key_is(R"(\u0063h\u0061nnel)", "channel"));
  EXPECT_FALSE(key_is(R"(\u0074yp)", "type"));
  EXPECT_FALSE(key_is(R"(\u0074ypex)", "type"));
  EXPECT_FALSE(key_is(R"(\ttype)", "type"));
  EXPECT_FALSE(key_is(R"(\u00)", "type"));     // a broken escape matches nothing
  EXPECT_FALSE(key_is(R"(\ud800ype)", "type"));  // a lone surrogate is U+FFFD
}

TEST(JsonKey, GoFoldsKelvinAndLongS) {
  EXPECT_TRUE(key_is("u\xC5\xBF" "er", "user"));  // 'ſ' folds to 's'
  EXPECT_TRUE(key_is(R"(u\u017fer)", "user"));
  EXPECT_TRUE(key_is("\xE2\x84\xAA", "k"));       // Kelvin sign folds to 'k'
  EXPECT_TRUE(key_is(R"(\u212A)", "k"));
  EXPECT_FALSE(key_is("\xC4\xB1" "d", "id"));     // dotless i does not fold to 'i'
  EXPECT_TRUE(go_key_equals("u\xC5\xBF" "er", "user"));
  EXPECT_FALSE(go_key_equals(R"(u\u017fer)", "user"));  // go_key_equals takes decoded keys
}

TEST(JsonKey, DecodesStrings) {
  char buf[16];
  EXPECT_EQ(decode_json_string(R"(a\"b\\c\/\n)", buf, sizeof buf), 7u);
  EXPECT_EQ(std::string(buf, 7), "a\"b\\c/\n");
  EXPECT_EQ(decode_json_string(R"(\ud83d\ude00)", buf, sizeof buf), 4u);  // a surrogate pair
  EXPECT_EQ(std::string(buf, 4), "\xF0\x9F\x98\x80");
  EXPECT_EQ(decode_json_string("0123456789abcdefg", buf, sizeof buf), sizeof buf + 1);  // too long
  EXPECT_EQ(decode_json_string(R"(\x)", buf, sizeof buf), sizeof buf + 1);
}

struct Case {
  std::string line;
  LineType type;
};

// Lines as Go reads them. The post lines carry one reply, one reaction and one attachment.
const std::vector<Case>& cases() {
  static const std::vector<Case> k = {
      {R"({"type":"team","team":{"name":"t","display_name":"T","type":"O"}})", LineType::kTeam},
      {R"({"\u0074ype":"team","t\u0065am":{"name":"t","display_name":"T","type":"O"}})", LineType::kTeam},
      {R"({"TYPE":"team","Team":{"name":"t","display_name":"T","type":"O"}})", LineType::kTeam},
      {R"({"type":"t\u0065am","team":{"name":"t","display_name":"T","type":"O"}})", LineType::kTeam},
      {R"({"type":"post","type":"team","team":{"name":"t","display_name":"T","type":"O"}})", LineType::kTeam},
      {R"({"type":"team","team":{"name":"t","display_name":"T","type":"O"},"type":null})", LineType::kTeam},
      {R"({"type":"post","type":"channel","channel":{"team":"t","name":"c","display_name":"C","type":"O"}})",
       LineType::kChannel},
      {R"({"type":"user","Type":"post","post":{"team":"t","channel":"c","user":"u","message":"m","create_at":1,)"
       R"("replies":[{"user":"u","message":"r","create_at":2}],"reactions":[{"user":"u","emoji_name":"x","create_at":3}],)"
       R"("attachments":[{"path":"a.png"}]}})",
       LineType::kPost},
      {R"( { "type" : "post" , "post" : { "team" : "t" , "channel" : "c" , "user" : "u" , "message" : "m" , )"
       R"("create_at" : 1 , "replies" : [ { "user" : "u" , "message" : "r" , "create_at" : 2 } ] , )"
       R"("reactions" : [ { "user" : "u" , "emoji_name" : "x" , "create_at" : 3 } ] , )"
       R"("attachments" : [ { "path" : "a.png" } ] } } )",
       LineType::kPost},
      {"{\t\"type\"\t:\t\"post\",\"post\":{\"team\":\"t\",\"channel\":\"c\",\"user\":\"u\",\"message\":\"m\",\"create_at\":1,"
       "\"replies\":[{\"user\":\"u\",\"message\":\"r\",\"create_at\":2}],\"reactions\":[{\"user\":\"u\",\"emoji_name\":\"x\","
       "\"create_at\":3}],\"attachments\":[{\"path\":\"a.png\"}]}}",
       LineType::kPost},
      {R"({"type":"post","p\u006fst":{"team":"t","channel":"c","user":"u","message":"m","create_at":1,)"
       R"("r\u0065plies":[{"user":"u","message":"r","create_at":2}],"reactions":[{"user":"u","emoji_name":"x","create_at":3}],)"
       R"("attachments":[{"path":"a.png"}]}})",
       LineType::kPost},
      {"{\"type\":\"post\",\"po\xC5\xBFt\":{\"team\":\"t\",\"channel\":\"c\",\"user\":\"u\",\"message\":\"m\",\"create_at\":1,"
       "\"replies\":[{\"user\":\"u\",\"message\":\"r\",\"create_at\":2}],\"reactions\":[{\"user\":\"u\",\"emoji_name\":\"x\","
       "\"create_at\":3}],\"attachments\":[{\"path\":\"a.png\"}]}}",
       LineType::kPost},
      {R"({"type":"widget"})", LineType::kUnknown},
      {R"({"type":"Post"})", LineType::kUnknown},  // values match exactly
      {R"({"type":"a very long name, longer than any line type"})", LineType::kUnknown},
      {R"({"types":"post"})", LineType::kMalformed},
      {R"({"type":null})", LineType::kMalformed},
      {R"({"type":1})", LineType::kMalformed},
      {R"({"type":"post","type":["post"]})", LineType::kMalformed},
      {R"(["type","post"])", LineType::kMalformed},
      {R"({})", LineType::kMalformed},
  };
  return k;
}

TEST(PeekType, ReadsTheTypeAsGoDoes) {
  for (const Case& c : cases()) {
    SCOPED_TRACE(c.line);
    EXPECT_EQ(peek_type(c.line), c.type);
  }
  EXPECT_EQ(peek_type(R"({"type":"post","post":{"type":"user","x":"}\"{"}})"), LineType::kPost);  // nested keys are not top level
  EXPECT_EQ(peek_type(R"({"a":"\\","type":"emoji"})"), LineType::kEmoji);  // an escaped backslash ends no string
  EXPECT_EQ(peek_type(R"({"a":"\"type\":\"user\"","type":"emoji"})"), LineType::kEmoji);
}

// The exporter's post shape has a fast reading; what follows the payload still counts as Go reads it.
TEST(PeekType, ThePostShapeReadsAsTheGeneralReading) {
  EXPECT_EQ(peek_type(R"({"type":"post","post":{"message":"}"}})"), LineType::kPost);
  EXPECT_EQ(peek_type(R"({"type":"post","post":{"message":"x"} , "type":"user","user":{}})"), LineType::kUser);
  EXPECT_EQ(peek_type(R"({"type":"direct_post","direct_post":{"m":"x"},"type":"post"})"), LineType::kPost);
  EXPECT_EQ(peek_type(R"({"type":"post","post":{"message":"x"},"TYPE":"emoji"})"), LineType::kEmoji);
  EXPECT_EQ(peek_type(R"({"type":"post","post":{"message":"never closed"})"), LineType::kMalformed);
  EXPECT_EQ(peek_type(R"({"type":"post","post":{"m":"x"} )"), LineType::kMalformed);  // no closing brace
  // Read in place past the line (a chunk's padding): the bytes after it change nothing.
  for (const Case& c : cases()) {
    SCOPED_TRACE(c.line);
    std::string padded = c.line + std::string(64, '}') + "\"\\";
    EXPECT_EQ(peek_type(std::string_view(padded.data(), c.line.size()), padded.size()), c.type);
  }
}

// The exporter's opening of a post line, whitespace allowed between its tokens: the fast readings
// of peek_type, plan's post scan and validate's plain reader start from it.
TEST(PostHead, TheExportersOpeningWithOrWithoutWhitespace) {
  struct HeadCase {
    std::string line;
    LineType type;
    std::string payload;  // the text from where the payload starts
  };
  const HeadCase heads[] = {
      {R"({"type":"post","post":{"m":"x"}})", LineType::kPost, R"({"m":"x"}})"},
      {R"({"type": "post", "post": {"m": "x"}})", LineType::kPost, R"({"m": "x"}})"},
      {"\t{ \"type\" :\r\n\"direct_post\" ,\"direct_post\":  null}", LineType::kDirectPost, "null}"},
      {R"({"type":"direct_post","direct_post":{}})", LineType::kDirectPost, "{}}"},
      {R"({"type":"post","direct_post":{}})", LineType::kUnknown, ""},  // the payload's key is another
      {R"({"type":"user","user":{}})", LineType::kUnknown, ""},
      {R"({"post":{},"type":"post"})", LineType::kUnknown, ""},  // "type" not first
      {R"({"Type":"post","post":{}})", LineType::kUnknown, ""},  // Go folds it: not this opening
      {R"({"type":"po\u0073t","post":{}})", LineType::kUnknown, ""},
      {R"({"type":"post" "post":{}})", LineType::kUnknown, ""},  // no comma
      {R"({"type":"post","post")", LineType::kUnknown, ""},
      {"", LineType::kUnknown, ""},
  };
  for (const HeadCase& c : heads) {
    SCOPED_TRACE(c.line);
    const char* payload = nullptr;
    EXPECT_EQ(post_head(c.line, payload), c.type);
    if (c.type != LineType::kUnknown) {
      EXPECT_EQ(std::string_view(payload, c.line.data() + c.line.size() - payload), c.payload);
    }
  }
  // peek_type's fast reading then holds for the spaced shape too.
  EXPECT_EQ(peek_type(R"({"type": "post", "post": {"message": "}"}} )"), LineType::kPost);
  EXPECT_EQ(peek_type(R"({"type": "post", "post": {"message": "x"}, "type": "user"})"), LineType::kUser);
}

TEST(LineAgreement, EveryReaderReadsTheSameType) {
  simdjson::ondemand::parser od;
  simdjson::dom::parser dom;
  LineClassifier classifier;
  validate::ValidateOptions options;
  for (const Case& c : cases()) {
    SCOPED_TRACE(c.line);
    Chunk chunk;
    test::fill_chunk(chunk, c.line + "\n", 1);  // not line 1: no version line needed
    for_each_line(chunk, [&](const Line& line) { EXPECT_EQ(classifier.classify(od, line), c.type); });

    for (ScannerKernel kernel : {best_scanner_kernel(), ScannerKernel::kNone}) {
      StatsStage stats(kernel);
      StatsStage::Result r;
      stats.process(chunk, od, r);
      EXPECT_EQ(r.counts.count(c.type), 1u) << "stats, kernel " << static_cast<int>(kernel);
      if (c.type == LineType::kPost) {
        EXPECT_EQ(r.counts.replies, 1u);
        EXPECT_EQ(r.counts.reactions, 1u);
        EXPECT_EQ(r.counts.attachments, 1u);
      }

      validate::LineValidator validator(options, nullptr, kernel);
      validate::LineValidator::Result v;
      validator.process(chunk, dom, v);
      EXPECT_EQ(v.counts[static_cast<size_t>(c.type)], 1u) << "validate, kernel " << static_cast<int>(kernel);
    }

    // plan's index of an instance: the definitions it reads, the post lines it counts unparsed.
    InstanceIndexer indexer;
    ChunkIndex index;
    indexer.process(chunk, od, index);
    EXPECT_EQ(index.teams.size(), c.type == LineType::kTeam ? 1u : 0u) << "plan";
    EXPECT_EQ(index.channels.size(), c.type == LineType::kChannel ? 1u : 0u) << "plan";
    uint64_t posts = 0;
    for (const auto& [team, n] : index.posts_by_team) posts += n;
    EXPECT_EQ(posts, c.type == LineType::kPost ? 1u : 0u) << "plan";
  }
}

TEST(LineAgreement, TheChunkReaderDecidesTheByteOrderMark) {
  Chunk chunk;
  test::fill_chunk(chunk, "\xEF\xBB\xBF{\"type\":\"version\",\"version\":1}\n");
  EXPECT_TRUE(chunk.bom);
  std::vector<std::string> lines;
  for_each_line(chunk, [&](const Line& line) { lines.emplace_back(line.text); });
  EXPECT_EQ(lines, std::vector<std::string>{"{\"type\":\"version\",\"version\":1}"});
  test::fill_chunk(chunk, "\xEF\xBB\xBF{}\n", 10);  // not the start of the input: bytes of a line
  EXPECT_FALSE(chunk.bom);
}

}  // namespace
}  // namespace mm
