#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "jsonl/LineClassifier.h"
#include "stages/StatsStage.h"
#include "jsonl/StructuralScanner.h"
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

// Lines the scanned path must either read exactly as the parser does, or hand to the parser.
const std::vector<std::string> kEdgeLines = {
    R"({"type":"post","post":{"message":"a \"quoted\" {[bracket]}","reactions":[{"user":"u"},{"user":"v"}],"replies":[{"reactions":[{}],"attachments":[{"path":"a"}]},{}],"attachments":[{}]}})",
    R"({"type":"post","post":{"props":{"attachments":[{"a":1},{"b":2}],"replies":[{}]},"replies":[]}})",
    R"({"type":"direct_post","direct_post":{"replies":null,"attachments":[{"path":"x"}],"reactions":[]}})",
    R"({"Type":"post","POST":{"Reactions":[{}],"REPLIES":[{"Attachments":[{}]}]}})",
    R"({"type":"post","post":{"reactions":[{}]},"post":{"reactions":[{},{}]}})",
    R"({"type":"post","post":{"reactions":[{}]},"post":null})",
    R"({"type":"team","type":"post","post":{"reactions":[{}]}})",
    R"({"type":"post","type":{"reactions":[{}]}})",
    R"({"type":"post","TYPE":{}})",
    R"({"type":"post","post":{"reactions":[{}]},"x":1})",
    R"({"type":"post","post":{"reactions":[{}]},"post":{}})",
    R"({"post":{"replies":[{}]},"type":"user"})",
    R"({"type":"post","post":{"reactions":[null,{}],"attachments":[1,2,3]}})",
    R"({"type":"post","post":{"replies":[{},"x"]}})",
    R"({"type":"post","post":{"replies":{"a":[{}]}}})",
    R"({"type":"post","post":{"rea\u0063tions":[{}]}})",
    R"({"ty\u0070e":"post"})",
    R"({"type":"po\u0073t","post":{"reactions":[{}]}})",
    R"({"type" : "post", "post" : {"reactions" : [ {} ]}})",
    // Whitespace between tokens, as Python's json.dumps writes it, and tabs: the scanned path reads it.
    R"({ "type" : "post" , "post" : { "reactions" : [ { } , { } ] , "replies" : [ { "attachments" : [ { } ] } , { } ] , "attachments" : [ ] } })",
    "{\t\"type\"\t:\t\"direct_post\",\t\"direct_post\":\t{\"reactions\":\t[{}],\"replies\":[ {\"reactions\" :[{} ,{}]} ]}}",
    R"({ "post" : { "replies" : [ { } ] } , "type" : "post" , "type" : "user" })",
    R"({ "type" : "post" , "post" : { "reactions" : [ { } ] } , "type" : null })",
    R"({ "type" : "post" , "post" : { "reactions" : [ { } ] } , "x" : 1 , "y" : [ 1 , { } ] , "z" : "w" })",
    R"({ "type" : "post" , "post" : { "reactions" : [ { } ] , "attachments" : [ { } , 1 ] } })",
    R"({ "type" : "post" , "p\u006fst" : { "reactions" : [ { } ] } })",
    R"({ "type" : "post" , "post" : { "r\u0065actions" : [ { } ] , "replies" : [ ] } })",
    "{ \"type\" : \"post\" , \"post\" : { \"reactions\" : [ { } ] }\r}",
    R"( {"type":"post"})",
    R"({"type":"post"} )",
    R"({"type":"post"}x)",
    R"({"type":"post"}{"type":"user"})",
    R"({"type":"post","post":{"reactions":[{}]})",
    R"({"type":"post","post":{"reactions":[{}]}}})",
    R"({"type":"post","post":{"reactions":[{]}})",
    R"({"type":"post","message":"unterminated)",
    R"({"type":1})",
    R"({"type":null,"post":{}})",
    R"({"type":"widget","widget":{"reactions":[{}]}})",
    R"({"version":1})",
    R"({})",
    R"([{"type":"post"}])",
    R"("type")",
    R"(not json)",
    "",
    "\r",
    R"({"type":"post","post":{"message":"back\\\\","reactions":[{}]}})",
    R"({"type":"post","post":{"message":"\\\"","reactions":[{}]}})",
    std::string("{\"type\":\"post\",\"post\":{\"message\":\"") + std::string(200, '[') + "\",\"reactions\":[{}]}}",
    std::string("{\"type\":\"post\",\"post\":{\"props\":") + std::string(70, '[') + std::string(70, ']') + "}}",
    "{\"type\":\"post\",\"post\":{\"message\":\"caf\xC3\xA9\",\"reactions\":[{}]}}",
    "{\"type\":\"post\",\"post\":{\"message\":\"caf\xC3\",\"reactions\":[{}]}}",
    R"({"type":"emoji","emoji":{"name":"x"}})" "\r",
    // A member given twice: the importer keeps the last (jsonl/PostView.h).
    R"({"type":"post","post":{"reactions":[{}],"reactions":[{},{}]}})",
    R"({"type":"post","post":{"replies":[{"attachments":[{}]}],"replies":[ ]}})",
    R"({"type":"post","post":{"replies":[{"reactions":[{}],"reactions":[ ]}]}})",
    R"({"type":"post","post":{"reactions":[{}]},"direct_post":{"reactions":[{},{}]}})",
    R"({"type":"direct_post","post":{"reactions":[{}]},"direct_post":{"reactions":[{},{}]}})",
    R"({"type":"post","post":{"reactions":[{}]},"post":{"reactions":[{},{}]}})",
    R"({"type":"post","post":{"reactions":[{}]},"post":[{}]})",
    R"({"type":"post","post":{"reactions":[{}]},"post":"x"})",
};

StatsStage::Result run_stats(const std::string& text, ScannerKernel kernel) {
  Chunk chunk;
  test::fill_chunk(chunk, text);
  simdjson::ondemand::parser parser;
  StatsStage stage(kernel);
  StatsStage::Result result;
  uint32_t lines = stage.process(chunk, parser, result);
  EXPECT_EQ(lines, result.counts.lines);
  return result;
}

void expect_same(const StatsStage::Result& scanned, const StatsStage::Result& parsed) {
  EXPECT_EQ(scanned.counts.lines_by_type, parsed.counts.lines_by_type);
  EXPECT_EQ(scanned.counts.lines, parsed.counts.lines);
  EXPECT_EQ(scanned.counts.replies, parsed.counts.replies);
  EXPECT_EQ(scanned.counts.reactions, parsed.counts.reactions);
  EXPECT_EQ(scanned.counts.attachments, parsed.counts.attachments);
  EXPECT_EQ(scanned.counts.largest_line, parsed.counts.largest_line);
  EXPECT_EQ(scanned.counts.largest_line_bytes, parsed.counts.largest_line_bytes);
  ASSERT_EQ(scanned.findings.size(), parsed.findings.size());
  for (size_t i = 0; i < scanned.findings.size(); ++i) {
    EXPECT_EQ(scanned.findings[i].line, parsed.findings[i].line);
    EXPECT_EQ(scanned.findings[i].message, parsed.findings[i].message);
  }
}

TEST(StatsStage, ScannedPathCountsEachEdgeLineAsTheParserDoes) {
  if (!structural_scanner_available()) GTEST_SKIP() << "no AVX2";
  for (const std::string& line : kEdgeLines) {
    SCOPED_TRACE(line);
    for (ScannerKernel kernel : test::scanner_kernels())
      for (const char* eol : {"\n", "\r\n", ""})
        expect_same(run_stats(line + eol, kernel), run_stats(line + eol, ScannerKernel::kNone));
  }
}

TEST(StatsStage, ScannedPathCountsAMixedChunkAsTheParserDoes) {
  if (!structural_scanner_available()) GTEST_SKIP() << "no AVX2";
  std::mt19937 rng(11);
  for (int round = 0; round < 50; ++round) {
    std::string text = round % 2 ? "\xEF\xBB\xBF" : "";  // a BOM before line 1
    for (int i = 0; i < 200; ++i) text += kEdgeLines[rng() % kEdgeLines.size()] + (rng() % 5 ? "\n" : "\r\n");
    SCOPED_TRACE(round);
    for (ScannerKernel kernel : test::scanner_kernels())
      expect_same(run_stats(text, kernel), run_stats(text, ScannerKernel::kNone));
  }
}

TEST(StatsStage, ScannedPathCountsNestedArrays) {
  if (!structural_scanner_available()) GTEST_SKIP() << "no AVX2";
  StatsStage::Result r =
      run_stats(kEdgeLines[0] + "\n" + kEdgeLines[1] + "\n" + kEdgeLines[3] + "\n", best_scanner_kernel());
  EXPECT_EQ(r.counts.count(LineType::kPost), 3u);
  EXPECT_EQ(r.counts.replies, 3u);      // 2 + 0 (props' "replies" is not the post's) + 1
  EXPECT_EQ(r.counts.reactions, 4u);    // 2 + 1 in a reply, + 1 under "Reactions"
  EXPECT_EQ(r.counts.attachments, 3u);  // 1 + 1 in a reply, + 1 under "Attachments"
}

TEST(StatsStage, InvalidUtf8IsReadAsGoReadsItOnEitherPath) {
  // The importer replaces invalid bytes with U+FFFD: the line is a post all the same.
  std::string text =
      "{\"type\":\"post\",\"post\":{\"message\":\"\xFF\xC3\",\"reactions\":[{}]}}\n"
      "{\"type\":\"po\xFFst\"}\n"
      "{\"type\":\"user\"}\n"
      "{\"type\":\"post\",\"\xFF\"}\n";
  for (ScannerKernel kernel : {best_scanner_kernel(), ScannerKernel::kNone}) {
    StatsStage::Result r = run_stats(text, kernel);
    EXPECT_EQ(r.counts.count(LineType::kPost), 1u);
    EXPECT_EQ(r.counts.count(LineType::kUnknown), 1u);
    EXPECT_EQ(r.counts.count(LineType::kUser), 1u);
    EXPECT_EQ(r.counts.count(LineType::kMalformed), 1u);
    EXPECT_EQ(r.counts.reactions, 1u);
  }
}

TEST(StatsStage, AMemberGivenTwiceCountsByItsLastOccurrenceOnEitherPath) {
  struct Case {
    const char* line;
    uint64_t replies, reactions, attachments;
    bool scanner_blind = false;  // a null or "[]" after a counted array: no bracket to see (StatsStage.h)
  };
  const Case cases[] = {
      {R"({"type":"post","post":{"reactions":[{}],"reactions":[{},{}]}})", 0, 2, 0},
      {R"({"type":"post","post":{"replies":[{"attachments":[{}]}],"replies":[ ]}})", 0, 0, 0},
      {R"({"type":"post","post":{"replies":[{"reactions":[{}],"reactions":[ ]}]}})", 1, 0, 0},
      {R"({"type":"post","post":{"replies":[{"attachments":[{}]}],"replies":[]}})", 0, 0, 0, true},
      {R"({"type":"post","post":{"reactions":[{}]},"direct_post":{"reactions":[{},{}]}})", 0, 1, 0},
      {R"({"type":"direct_post","post":{"reactions":[{}]},"direct_post":{"reactions":[{},{}]}})", 0, 2, 0},
      {R"({"type":"post","post":{"reactions":[{}]},"post":{"reactions":[{},{}]}})", 0, 2, 0},
      {R"({"type":"post","post":{"reactions":[{}]},"post":null})", 0, 0, 0},
      {R"({"type":"post","post":{"reactions":[{}],"reactions":null}})", 0, 0, 0, true},
  };
  std::vector<ScannerKernel> kernels = {ScannerKernel::kNone};
  if (structural_scanner_available()) kernels.push_back(best_scanner_kernel());
  for (const Case& c : cases) {
    SCOPED_TRACE(c.line);
    for (ScannerKernel kernel : kernels) {
      if (kernel != ScannerKernel::kNone && c.scanner_blind) continue;
      StatsStage::Result r = run_stats(std::string(c.line) + "\n", kernel);
      EXPECT_EQ(r.counts.replies, c.replies);
      EXPECT_EQ(r.counts.reactions, c.reactions);
      EXPECT_EQ(r.counts.attachments, c.attachments);
    }
  }
}

}  // namespace
}  // namespace mm
