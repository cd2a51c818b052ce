// Findings in bounded memory (model/FindingsSink.h): a chunk keeps its first kMaxKeptFindings
// and counts the rest by rule; a run keeps its first N, counts all by severity and rule; the
// validator on a chunk of a hundred thousand bad lines holds ten thousand findings.
#include <gtest/gtest.h>

#include <string>

#include <simdjson.h>

#include "model/FindingsSink.h"
#include "stages/StatsStage.h"
#include "stages/validate/LineValidator.h"
#include "tests/unit/TestUtil.h"

namespace mm {
namespace {

Finding finding(uint64_t line, std::string rule, Severity severity = Severity::kError) {
  return {line, "line", "", std::move(rule), "m", severity};
}

TEST(FindingList, KeepsTheFirstAndCountsTheRestByRule) {
  FindingList list;
  for (uint64_t i = 0; i < kMaxKeptFindings + 5; ++i) list.push_back(finding(i, i % 2 ? "odd" : "even"));
  EXPECT_TRUE(list.full());
  EXPECT_EQ(list.size(), kMaxKeptFindings);
  EXPECT_EQ(list.kept().back().line, kMaxKeptFindings - 1);
  EXPECT_EQ(list.total(), kMaxKeptFindings + 5);
  EXPECT_TRUE(list.counted("odd", Severity::kWarning));  // full: counted, not kept
  EXPECT_EQ(list.total(), kMaxKeptFindings + 6);
  list.clear();
  EXPECT_EQ(list.total(), 0u);
  EXPECT_FALSE(list.counted("odd", Severity::kError));
}

TEST(FindingsSink, KeepsTheFirstNOfARunRebasedAndCountsAllByRule) {
  FindingsSink sink(3);
  FindingList a, b;
  a.push_back(finding(0, "r1"));
  a.push_back(finding(4, "r2", Severity::kWarning));
  for (uint64_t i = 0; i < kMaxKeptFindings; ++i) b.push_back(finding(i, "r1"));
  b.count("r3", Severity::kError, 7);
  sink.add_chunk(a, 1);
  sink.add_chunk(b, 100);
  sink.add(overlong_line_finding(20000, 1 << 25));
  EXPECT_EQ(sink.errors(), 1 + kMaxKeptFindings + 7 + 1);
  EXPECT_EQ(sink.warnings(), 1u);
  EXPECT_EQ(sink.errors_by_rule().at("r1"), 1 + kMaxKeptFindings);
  EXPECT_EQ(sink.errors_by_rule().at("r3"), 7u);
  EXPECT_EQ(sink.errors_by_rule().at("app.import.bulk_import.file_scan.error"), 1u);
  EXPECT_EQ(sink.warnings_by_rule().at("r2"), 1u);
  ASSERT_EQ(sink.kept().size(), 3u);
  EXPECT_EQ(sink.kept()[0].line, 1u);
  EXPECT_EQ(sink.kept()[1].line, 5u);
  EXPECT_EQ(sink.kept()[2].line, 100u);
  EXPECT_TRUE(sink.truncated());
}

TEST(FindingsSink, ZeroOrTooManyKeepsTheBound) {
  FindingsSink sink(0);
  for (uint64_t i = 0; i < kMaxKeptFindings + 10; ++i) sink.add(finding(i, "r"));
  EXPECT_EQ(sink.kept().size(), kMaxKeptFindings);
  EXPECT_EQ(sink.total(), kMaxKeptFindings + 10);
}

// Many tiny bad lines: the chunk's findings stay at the bound, all are counted.
TEST(FindingsBound, ValidatorChunkOfBadLinesKeepsTheBoundAndCountsAll) {
  std::string text = "{\"type\":\"version\",\"version\":1}\n";
  const uint64_t bad = 3 * kMaxKeptFindings;
  for (uint64_t i = 0; i < bad; ++i) text += i % 3 == 0 ? "\n" : i % 3 == 1 ? "{}\n" : "{\"type\":\"post\",\"post\":7}\n";
  Chunk chunk;
  test::fill_chunk(chunk, text);
  validate::ValidateOptions options;
  validate::LineValidator validator(options, nullptr);
  simdjson::dom::parser parser;
  validate::LineValidator::Result result;
  EXPECT_EQ(validator.process(chunk, parser, result), bad + 1);
  EXPECT_EQ(result.out.findings.size(), kMaxKeptFindings);
  EXPECT_EQ(result.out.findings.total(), bad);
  uint64_t decode = 0;
  for (const FindingList::RuleCount& c : result.out.findings.more())
    if (c.rule == validate::kJsonDecodeRule) decode += c.count;
  for (const Finding& f : result.out.findings) decode += f.rule == validate::kJsonDecodeRule;
  EXPECT_EQ(decode, 2 * kMaxKeptFindings);  // the empty lines and the post that is not an object
}

TEST(FindingsBound, StatsChunkOfBadLinesKeepsTheBoundAndCountsAll) {
  std::string text;
  for (uint64_t i = 0; i < 2 * kMaxKeptFindings; ++i) text += "\n";
  Chunk chunk;
  test::fill_chunk(chunk, text);
  StatsStage stage;
  simdjson::ondemand::parser parser;
  StatsStage::Result result;
  stage.process(chunk, parser, result);
  EXPECT_EQ(result.findings.size(), kMaxKeptFindings);
  EXPECT_EQ(result.findings.total(), 2 * kMaxKeptFindings);
}

}  // namespace
}  // namespace mm
