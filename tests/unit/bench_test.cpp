// `mattermerge bench`'s arithmetic and helpers: sizes as people write them, best and median,
// ratios, the estimate of each step's time, the sample of an export's shape, the floors' byte
// checks, and the spaced shape the generator writes for --shape spaced.
#include <gtest/gtest.h>

#include <filesystem>
#include <random>

#include <fmt/format.h>

#include "io/ByteSize.h"
#include "io/Error.h"
#include "commands/BenchEstimate.h"
#include "commands/BenchFloors.h"
#include "commands/BenchResult.h"
#include "commands/ExportSample.h"
#include "tests/unit/TestUtil.h"
#include "tools/gen-synthetic/SpacedShape.h"

namespace mm {
namespace {

TEST(ByteSize, DecimalAndBinaryUnits) {
  EXPECT_EQ(parse_byte_size("40GB", "--estimate"), 40'000'000'000u);
  EXPECT_EQ(parse_byte_size("40gb", "--estimate"), 40'000'000'000u);
  EXPECT_EQ(parse_byte_size("1.5TiB", "--estimate"), 1'649'267'441'664u);
  EXPECT_EQ(parse_byte_size("750 MB", "--estimate"), 750'000'000u);
  EXPECT_EQ(parse_byte_size("2KiB", "--estimate"), 2048u);
  EXPECT_EQ(parse_byte_size("123456", "--estimate"), 123456u);
  EXPECT_EQ(parse_byte_size("10B", "--estimate"), 10u);
  EXPECT_EQ(parse_byte_size(" 1PB ", "--estimate"), 1'000'000'000'000'000u);
}

TEST(ByteSize, BadInputIsAUsageErrorNamingTheOptionAndText) {
  for (const char* bad : {"", "GB", "40XB", "40G", "1.2.3GB", "-5GB", "0", "0.1B", "40 G B", "99999999999PB"}) {
    try {
      parse_byte_size(bad, "--estimate");
      ADD_FAILURE() << "accepted " << bad;
    } catch (const Error& e) {
      EXPECT_EQ(e.exit_code(), kExitUsage) << bad;
      EXPECT_NE(std::string(e.what()).find("--estimate"), std::string::npos) << e.what();
    }
  }
  try {
    parse_byte_size("40G", "--estimate");
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("GB (1000^3) or GiB (1024^3)"), std::string::npos) << e.what();
  }
}

TEST(BenchResult, BestMedianRatesAndRatio) {
  BenchResult r;
  r.bytes = 1'000'000'000;
  r.lines = 2'000'000;
  r.steps.push_back({"read", true, 0, {0.5, 0.2, 0.4}, 0});
  r.steps.push_back({"stats", false, 0, {1.0, 0.8, 0.9, 1.2}, 40u << 20});
  EXPECT_DOUBLE_EQ(r.steps[0].best(), 0.2);
  EXPECT_DOUBLE_EQ(r.steps[0].median(), 0.4);
  EXPECT_DOUBLE_EQ(r.steps[1].median(), 1.0);  // the upper of the middle two
  EXPECT_DOUBLE_EQ(r.mb_per_second(0.8), 1250.0);
  EXPECT_DOUBLE_EQ(r.lines_per_second(0.8), 2'500'000.0);
  EXPECT_DOUBLE_EQ(r.ratio(r.steps[0]), 1.0);
  EXPECT_DOUBLE_EQ(r.ratio(r.steps[1]), 0.25);
  BenchStep empty{"x", false, 0, {}, 0};
  EXPECT_EQ(empty.best(), 0.0);
  EXPECT_EQ(r.ratio(empty), 0.0);
}

TEST(BenchEstimate, SizeOnlyScalesByBytesAndLinesAlike) {
  // 2 s for 1 GB of 2 M lines; 40 GB at the same bytes per line: 80 s either way.
  StepEstimate e = estimate_step(2.0, 1'000'000'000, 2'000'000, {40'000'000'000, 0});
  EXPECT_DOUBLE_EQ(e.by_bytes, 80.0);
  EXPECT_DOUBLE_EQ(e.by_lines, 80.0);
  EXPECT_DOUBLE_EQ(e.low(), 80.0);
  EXPECT_DOUBLE_EQ(e.high(), 80.0);
}

TEST(BenchEstimate, ShorterLinesCostMoreByLines) {
  // The export has 250 bytes a line against the bench's 500: twice the lines for its bytes.
  StepEstimate e = estimate_step(2.0, 1'000'000'000, 2'000'000, {10'000'000'000, 40'000'000});
  EXPECT_DOUBLE_EQ(e.by_bytes, 20.0);
  EXPECT_DOUBLE_EQ(e.by_lines, 40.0);
  EXPECT_DOUBLE_EQ(e.low(), 20.0);
  EXPECT_DOUBLE_EQ(e.high(), 40.0);
}

TEST(BenchEstimate, NothingMeasuredEstimatesNothing) {
  StepEstimate e = estimate_step(2.0, 0, 0, {10, 0});
  EXPECT_EQ(e.by_bytes, 0.0);
  EXPECT_EQ(e.by_lines, 0.0);
}

TEST(SpacedShape, SpacesAfterColonsAndCommasOutsideStrings) {
  std::string out;
  gen::append_spaced(
      "{\"type\":\"post\",\"post\":{\"message\":\"a: b, \\\"c:\\\\\",\"n\":[1,2],\"e\":\"\\\\\"}}\n{\"x\":1}\n", out);
  EXPECT_EQ(out,
            "{\"type\": \"post\", \"post\": {\"message\": \"a: b, \\\"c:\\\\\", \"n\": [1, 2], \"e\": \"\\\\\"}}\n"
            "{\"x\": 1}\n");
}

TEST(ExportSample, PlainFileShapeFromItsFirstLines) {
  test::TempDir dir;
  std::string text = "{\"type\":\"version\",\"version\":1}\n";
  for (int i = 0; i < 100; ++i) text += "{\"type\":\"post\",\"post\":{\"message\":\"a, b: c\"}}\n";
  text += "{\"type\": \"user\", \"user\": {\"username\": \"u\"}}\n";
  test::write_file(dir.file("e.jsonl"), text);
  ExportSample s = sample_export(dir.file("e.jsonl"));
  EXPECT_EQ(s.format, InputFormat::kJsonl);
  EXPECT_EQ(s.file_bytes, text.size());
  EXPECT_EQ(s.bytes, text.size());
  EXPECT_FALSE(s.bytes_estimated);
  EXPECT_EQ(s.sample_lines, 102u);
  EXPECT_EQ(s.post_lines, 100u);
  EXPECT_EQ(s.spaced_lines, 1u);  // the ", " and ": " inside the message are not spacing

  // A sample smaller than the file: whole lines only, the size still the file's.
  ExportSample part = sample_export(dir.file("e.jsonl"), 100);
  EXPECT_EQ(part.bytes, text.size());
  EXPECT_EQ(part.sample_lines, 2u);
  EXPECT_EQ(part.sample_bytes, text.find('\n', 40) + 1);
}

TEST(ExportSample, CompressedSizeFromTheSampleRatio) {
  test::TempDir dir;
  // Random hex messages: about 2:1 under zstd, so the sample's ratio is far from the file's size.
  std::string text;
  std::mt19937_64 rng(7);
  while (text.size() < (4u << 20))
    text += fmt::format("{{\"type\":\"post\",\"post\":{{\"message\":\"{:016x}{:016x}\"}}}}\n", rng(), rng());
  test::write_file(dir.file("e.jsonl"), text);
  make_zstd_copy(dir.file("e.jsonl"), dir.file("e.jsonl.zst"));
  ExportSample whole = sample_export(dir.file("e.jsonl.zst"));
  EXPECT_EQ(whole.format, InputFormat::kZstd);
  EXPECT_EQ(whole.bytes, text.size());
  EXPECT_FALSE(whole.bytes_estimated);
  ExportSample part = sample_export(dir.file("e.jsonl.zst"), 1 << 20);
  EXPECT_TRUE(part.bytes_estimated);
  EXPECT_GT(part.bytes, text.size() / 2);
  EXPECT_LT(part.bytes, text.size() * 2);
}

TEST(ExportSample, UnreadableOrEmptyIsAnErrorNamingTheFile) {
  test::TempDir dir;
  EXPECT_THROW(sample_export(dir.file("missing.jsonl")), Error);
  test::write_file(dir.file("empty.jsonl"), "");
  try {
    sample_export(dir.file("empty.jsonl"));
    ADD_FAILURE();
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("empty.jsonl"), std::string::npos);
  }
}

TEST(BenchFloors, CountTheBytesTheyMoveAndLeaveNothing) {
  test::TempDir dir;
  std::string text(3 << 20, 'x');
  test::write_file(dir.file("e.jsonl"), text);
  EXPECT_GE(time_read_floor(dir.file("e.jsonl"), text.size()), 0.0);
  EXPECT_GE(time_write_floor(dir.file("e.jsonl"), dir.path(), text.size()), 0.0);
  make_zstd_copy(dir.file("e.jsonl"), dir.file("e.jsonl.zst"));
  EXPECT_GE(time_decompress_floor(dir.file("e.jsonl.zst"), text.size()), 0.0);
  EXPECT_THROW(time_read_floor(dir.file("e.jsonl"), text.size() + 1), Error);
  EXPECT_EQ(test::read_file(dir.file("e.jsonl")), text);
  size_t files = 0;
  for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator(dir.path())) ++files;
  EXPECT_EQ(files, 2u);  // e.jsonl and e.jsonl.zst: the write floor's file removed
}

}  // namespace
}  // namespace mm
