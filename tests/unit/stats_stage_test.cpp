#include <gtest/gtest.h>

#include "stages/LineClassifier.h"
#include "stages/StatsStage.h"
#include "tests/unit/TestUtil.h"

namespace mm {
namespace {

LineType classify(const std::string& text) {
  Chunk chunk;
  test::fill_chunk(chunk, text, 1);
  simdjson::ondemand::parser parser;
  LineType type = LineType::kMalformed;
  LineClassifier classifier;
  for_each_line(chunk, [&](const Line& line) { type = classifier.classify(parser, line); });
  return type;
}

TEST(LineClassifier, KnownTypes) {
  EXPECT_EQ(classify(R"({"type":"version","version":1})"), LineType::kVersion);
  EXPECT_EQ(classify(R"({"type":"direct_post","direct_post":{}})"), LineType::kDirectPost);
  EXPECT_EQ(classify(R"({"post":{"a":[1,2,{"b":"c"}]},"type":"post"})"), LineType::kPost);
  EXPECT_EQ(classify(R"({"type":"emoji"})"), LineType::kEmoji);
}

TEST(LineClassifier, GoDecodingQuirks) {
  EXPECT_EQ(classify(R"({"Type":"team"})"), LineType::kTeam);                  // keys case-insensitive
  EXPECT_EQ(classify(R"({"type":"team","type":"user"})"), LineType::kUser);    // last one wins
  EXPECT_EQ(classify(R"({"type":"Team"})"), LineType::kUnknown);               // values are not
}

TEST(LineClassifier, Malformed) {
  EXPECT_EQ(classify(""), LineType::kMalformed);
  EXPECT_EQ(classify("not json"), LineType::kMalformed);
  EXPECT_EQ(classify("[1,2]"), LineType::kMalformed);
  EXPECT_EQ(classify(R"({"name":"x"})"), LineType::kMalformed);
  EXPECT_EQ(classify(R"({"type":1})"), LineType::kMalformed);
  EXPECT_EQ(classify(R"({"type":"post")"), LineType::kMalformed);
  EXPECT_EQ(classify(R"({"type":"widget"})"), LineType::kUnknown);
}

TEST(StatsStage, CountsByTypeAndNested) {
  std::string text =
      "{\"type\":\"version\",\"version\":1}\n"
      "{\"type\":\"post\",\"post\":{\"reactions\":[{},{}],\"replies\":[{\"reactions\":[{}],\"attachments\":[{},{}]},{}],\"attachments\":[{}]}}\n"
      "{\"type\":\"direct_post\",\"direct_post\":{\"replies\":null,\"attachments\":[{\"path\":\"x\"}]}}\n"
      "\n"
      "{\"post\":{\"replies\":[{}]},\"type\":\"user\"}\n";  // nested counts only for posts
  Chunk chunk;
  test::fill_chunk(chunk, text);
  simdjson::ondemand::parser parser;
  StatsStage stage;
  StatsStage::Result result;
  EXPECT_EQ(stage.process(chunk, parser, result), 5u);
  const StatsCounts& c = result.counts;
  EXPECT_EQ(c.lines, 5u);
  EXPECT_EQ(c.count(LineType::kVersion), 1u);
  EXPECT_EQ(c.count(LineType::kPost), 1u);
  EXPECT_EQ(c.count(LineType::kDirectPost), 1u);
  EXPECT_EQ(c.count(LineType::kUser), 1u);
  EXPECT_EQ(c.count(LineType::kMalformed), 1u);
  EXPECT_EQ(c.replies, 2u);
  EXPECT_EQ(c.reactions, 3u);
  EXPECT_EQ(c.attachments, 4u);
  EXPECT_EQ(c.largest_line, 1u);  // chunk-local index
  ASSERT_EQ(result.findings.size(), 1u);
  EXPECT_EQ(result.findings[0].line, 3u);
  EXPECT_EQ(result.findings[0].message, "empty line");
}

}  // namespace
}  // namespace mm
