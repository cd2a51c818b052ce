#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include <unistd.h>

#include <cstdio>

#include "io/Error.h"
#include "io/FileSource.h"
#include "io/TempFileRegistry.h"
#include "pipeline/ChunkReader.h"
#include "jsonl/Lines.h"
#include "tests/unit/TestUtil.h"

namespace mm {
namespace {

struct ReadBack {
  std::string bytes;
  std::vector<std::string> lines;
  std::vector<uint64_t> line_numbers;
  size_t chunks = 0;
};

// Reads a file through a chunk reader, as the pipeline would, and collects chunks and lines.
ReadBack read_all(const std::string& path, InputMethod method, size_t chunk_size) {
  ReadBack r;
  auto reader = open_chunk_reader(path, method, chunk_size);
  Chunk chunk;
  uint64_t next_line = 1;
  while (reader->next(chunk)) {
    r.chunks++;
    EXPECT_EQ(chunk.offset, r.bytes.size());
    // Every chunk but the last ends with a newline.
    r.bytes.append(chunk.data, chunk.size);
    // simdjson may read the padding: it must be addressable.
    volatile char last_pad = chunk.data[chunk.size + simdjson::SIMDJSON_PADDING - 1];
    (void)last_pad;
    uint32_t n = for_each_line(chunk, [&](const Line& line) {
      r.lines.emplace_back(line.text);
      r.line_numbers.push_back(next_line + line.index);
    });
    next_line += n;
    reader->release_before(chunk.offset + chunk.size);  // as the pipeline does once a chunk is consumed
  }
  return r;
}

// Resident pages of mapped files, in KiB (RssFile in /proc/self/status).
uint64_t rss_file_kib() {
  std::string status = test::read_file("/proc/self/status");
  size_t at = status.find("RssFile:");
  return at == std::string::npos ? 0 : std::stoull(status.substr(at + 8));
}

class ChunkerTest : public ::testing::TestWithParam<InputMethod> {
 protected:
  test::TempDir dir;
};

TEST_P(ChunkerTest, AFileLargerThanTheReleaseStepsReadsWholeWithBoundedResidentPages) {
  std::string content;
  std::mt19937 rng(5);
  while (content.size() < 3 * MmapChunker::kReleaseStep) {
    content += "{\"type\":\"post\",\"message\":\"" + std::string(100 + rng() % 900, 'a' + rng() % 26) + "\"}\n";
  }
  test::write_file(dir.file("big.jsonl"), content);
  uint64_t before = rss_file_kib();
  uint64_t peak = 0;
  {
    auto reader = open_chunk_reader(dir.file("big.jsonl"), GetParam(), 1 << 20);
    Chunk chunk;
    std::string bytes;
    bytes.reserve(content.size());
    while (reader->next(chunk)) {
      bytes.append(chunk.data, chunk.size);
      reader->release_before(chunk.offset + chunk.size);
      peak = std::max(peak, rss_file_kib());
    }
    EXPECT_TRUE(bytes == content);
  }
  // Mapped pages of done chunks are dropped every release step: never the whole file at once
  // (plus the window mapped ahead of the workers).
  EXPECT_LT(peak - std::min(peak, before),
            (MmapChunker::kReleaseStep + MmapChunker::kPrefaultAhead + MmapChunker::kPrefaultStep + (4 << 20)) / 1024);
}

TEST_P(ChunkerTest, LineSpanningChunkBoundaryIsKeptWhole) {
  std::string content;
  for (int i = 0; i < 1000; ++i) content += "{\"type\":\"post\",\"n\":" + std::to_string(i) + "}\n";
  test::write_file(dir.file("a.jsonl"), content);
  ReadBack r = read_all(dir.file("a.jsonl"), GetParam(), 100);  // lines ~25 bytes: many splits
  EXPECT_EQ(r.bytes, content);
  ASSERT_EQ(r.lines.size(), 1000u);
  EXPECT_GT(r.chunks, 100u);
  for (int i = 0; i < 1000; ++i) {
    EXPECT_EQ(r.lines[i], "{\"type\":\"post\",\"n\":" + std::to_string(i) + "}");
    EXPECT_EQ(r.line_numbers[i], static_cast<uint64_t>(i + 1));
  }
}

TEST_P(ChunkerTest, CrlfIsStrippedFromLinesButKeptInBytes) {
  std::string content = "{\"a\":1}\r\n{\"b\":2}\r\n";
  test::write_file(dir.file("crlf.jsonl"), content);
  ReadBack r = read_all(dir.file("crlf.jsonl"), GetParam(), 64);
  EXPECT_EQ(r.bytes, content);
  ASSERT_EQ(r.lines.size(), 2u);
  EXPECT_EQ(r.lines[0], "{\"a\":1}");
  EXPECT_EQ(r.lines[1], "{\"b\":2}");
}

TEST_P(ChunkerTest, BomOnFirstLineIsSkipped) {
  std::string content = "\xEF\xBB\xBF{\"type\":\"version\",\"version\":1}\n{\"x\":1}\n";
  test::write_file(dir.file("bom.jsonl"), content);
  ReadBack r = read_all(dir.file("bom.jsonl"), GetParam(), 64);
  EXPECT_EQ(r.bytes, content);
  ASSERT_EQ(r.lines.size(), 2u);
  EXPECT_EQ(r.lines[0], "{\"type\":\"version\",\"version\":1}");
}

TEST_P(ChunkerTest, LastLineWithoutNewlineIsALine) {
  std::string content = "{\"a\":1}\n{\"b\":2}";
  test::write_file(dir.file("nonl.jsonl"), content);
  ReadBack r = read_all(dir.file("nonl.jsonl"), GetParam(), 64);
  EXPECT_EQ(r.bytes, content);
  ASSERT_EQ(r.lines.size(), 2u);
  EXPECT_EQ(r.lines[1], "{\"b\":2}");
}

TEST_P(ChunkerTest, EmptyLinesAreLines) {
  std::string content = "{\"a\":1}\n\n\n{\"b\":2}\n";
  test::write_file(dir.file("empty-lines.jsonl"), content);
  ReadBack r = read_all(dir.file("empty-lines.jsonl"), GetParam(), 64);
  ASSERT_EQ(r.lines.size(), 4u);
  EXPECT_EQ(r.lines[1], "");
  EXPECT_EQ(r.lines[2], "");
  EXPECT_EQ(r.line_numbers[3], 4u);
}

TEST_P(ChunkerTest, EmptyFileGivesNoChunk) {
  test::write_file(dir.file("empty.jsonl"), "");
  ReadBack r = read_all(dir.file("empty.jsonl"), GetParam(), 64);
  EXPECT_EQ(r.chunks, 0u);
  EXPECT_TRUE(r.lines.empty());
}

TEST_P(ChunkerTest, FifteenMebibyteLineGrowsItsChunk) {
  std::string big = "{\"type\":\"post\",\"post\":{\"message\":\"";
  big.append(15u << 20, 'x');
  big += "\"}}";
  std::string content = "{\"type\":\"version\",\"version\":1}\n" + big + "\n{\"z\":1}\n";
  test::write_file(dir.file("big.jsonl"), content);
  ReadBack r = read_all(dir.file("big.jsonl"), GetParam(), 1 << 20);
  ASSERT_EQ(r.lines.size(), 3u);
  EXPECT_EQ(r.lines[1].size(), big.size());
  EXPECT_EQ(r.lines[1], big);
  EXPECT_EQ(r.lines[2], "{\"z\":1}");
  EXPECT_EQ(r.line_numbers[2], 3u);
}

// What a reader gives, line by line: the text, or "<overlong N>" for a line it skipped.
std::vector<std::string> lines_or_skips(const std::string& path, InputMethod method, size_t chunk_size,
                                        size_t max_line, size_t* largest_chunk = nullptr) {
  std::vector<std::string> lines;
  auto reader = open_chunk_reader(path, method, chunk_size, max_line);
  Chunk chunk;
  uint64_t offset = 0;
  while (reader->next(chunk)) {
    EXPECT_EQ(chunk.offset, offset);
    offset += chunk.size + chunk.overlong;
    if (largest_chunk) *largest_chunk = std::max(*largest_chunk, chunk.size);
    if (chunk.overlong) {
      EXPECT_EQ(chunk.size, 0u);
      lines.push_back("<overlong " + std::to_string(chunk.overlong) + ">");
      continue;
    }
    for_each_line(chunk, [&](const Line& line) { lines.emplace_back(line.text); });
    reader->release_before(chunk.offset + chunk.size);
  }
  return lines;
}

TEST_P(ChunkerTest, ALineLongerThanTheLimitIsSkippedWithoutBeingHeldWhole) {
  const size_t max_line = 64 << 10;
  std::string v = "{\"type\":\"version\",\"version\":1}";
  std::string at_limit(max_line, 'a');             // kept: the limit itself
  std::string crlf_at_limit(max_line, 'b');        // kept: "\r" is not part of the line
  std::string over(max_line + 1, 'c');             // skipped: one byte over
  std::string far_over(5 * max_line + 17, 'd');    // skipped: several buffers long
  std::string content = v + "\n" + at_limit + "\n" + crlf_at_limit + "\r\n" + over + "\n" + far_over + "\n{}\n" +
                        far_over;  // the last line, without a newline, too long as well
  test::write_file(dir.file("long.jsonl"), content);
  for (size_t chunk_size : {size_t{4096}, size_t{60} << 10}) {
    size_t largest = 0;
    std::vector<std::string> lines =
        lines_or_skips(dir.file("long.jsonl"), GetParam(), chunk_size, max_line, &largest);
    std::vector<std::string> expected = {v,
                                         at_limit,
                                         crlf_at_limit,
                                         "<overlong " + std::to_string(over.size() + 1) + ">",
                                         "<overlong " + std::to_string(far_over.size() + 1) + ">",
                                         "{}",
                                         "<overlong " + std::to_string(far_over.size()) + ">"};
    EXPECT_EQ(lines, expected) << chunk_size;
    EXPECT_LE(largest, max_line + 2 + chunk_size) << chunk_size;
  }
}

TEST_P(ChunkerTest, RandomContentSurvivesAnyChunkSize) {
  std::mt19937 rng(7);
  std::string content;
  for (int i = 0; i < 3000; ++i) {
    content.append(rng() % 300, static_cast<char>('a' + rng() % 26));
    content += (rng() % 5 == 0) ? "\r\n" : "\n";
  }
  test::write_file(dir.file("rand.jsonl"), content);
  std::vector<std::string> expected;
  for (size_t pos = 0; pos < content.size();) {
    size_t nl = content.find('\n', pos);
    std::string line = content.substr(pos, nl - pos);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    expected.push_back(line);
    pos = nl + 1;
  }
  for (size_t chunk_size : {64u, 257u, 4096u, 65536u}) {
    ReadBack r = read_all(dir.file("rand.jsonl"), GetParam(), chunk_size);
    EXPECT_EQ(r.bytes, content) << chunk_size;
    EXPECT_EQ(r.lines, expected) << chunk_size;
  }
}

INSTANTIATE_TEST_SUITE_P(BothInputs, ChunkerTest, ::testing::Values(InputMethod::kRead, InputMethod::kMmap),
                         [](const auto& info) { return info.param == InputMethod::kRead ? "read" : "mmap"; });

}  // namespace
}  // namespace mm

namespace mm {
namespace {

TEST(MmapChunker, AFileTruncatedWhileMappedIsAnIoErrorThatRemovesTemporaryOutputs) {
  test::TempDir dir;
  std::string content;
  while (content.size() < (1 << 20)) content += "{\"type\":\"post\",\"post\":{\"message\":\"m\"}}\n";
  test::write_file(dir.file("in.jsonl"), content);
  test::write_file(dir.file("out.tmp"), "partial");
  EXPECT_EXIT(
      {
        install_signal_cleanup();
        register_temp_file(dir.file("out.tmp").c_str());
        auto reader = open_chunk_reader(dir.file("in.jsonl"), InputMethod::kMmap, 64 << 10);
        if (::truncate(dir.file("in.jsonl").c_str(), 0) != 0) ::_exit(3);
        Chunk chunk;
        while (reader->next(chunk)) {
        }
        ::_exit(0);
      },
      ::testing::ExitedWithCode(2), "memory-mapped input file shrank");
  EXPECT_NE(::access(dir.file("out.tmp").c_str(), F_OK), 0);
}

TEST(ChunkReader, APlainFileIsReadNotMappedByDefault) {
  test::TempDir dir;
  test::write_file(dir.file("in.jsonl"), "{\"type\":\"version\",\"version\":1}\n");
  auto reader = open_chunk_reader(dir.file("in.jsonl"));
  EXPECT_NE(dynamic_cast<StreamChunker*>(reader.get()), nullptr);
  EXPECT_NE(dynamic_cast<MmapChunker*>(open_chunk_reader(dir.file("in.jsonl"), InputMethod::kMmap).get()), nullptr);
}

// The serial input step maps the window ahead of the workers, so the chunks they scan are
// resident before they reach them.
TEST(MmapChunker, TheWindowAheadOfTheWorkersIsMappedBeforeTheyReachIt) {
  test::TempDir dir;
  std::string content;
  while (content.size() < 3 * MmapChunker::kPrefaultAhead)
    content += "{\"type\":\"post\",\"message\":\"" + std::string(200, 'x') + "\"}\n";
  test::write_file(dir.file("in.jsonl"), content);
  uint64_t before = rss_file_kib();
  MmapChunker reader(dir.file("in.jsonl"), 64 << 10);
  uint64_t after_open = rss_file_kib();
  EXPECT_GE(after_open - std::min(after_open, before), MmapChunker::kPrefaultAhead * 9 / 10 / 1024);
  Chunk chunk;
  std::string bytes;
  while (reader.next(chunk)) bytes.append(chunk.data, chunk.size);
  EXPECT_TRUE(bytes == content);
}

TEST(MmapChunker, AFileThatGrowsWhileMappedIsAnError) {
  test::TempDir dir;
  test::write_file(dir.file("in.jsonl"), "{\"type\":\"version\",\"version\":1}\n");
  auto reader = open_chunk_reader(dir.file("in.jsonl"), InputMethod::kMmap, 1024);
  Chunk chunk;
  ASSERT_TRUE(reader->next(chunk));
  std::FILE* f = std::fopen(dir.file("in.jsonl").c_str(), "ab");
  std::fputs("{\"type\":\"team\"}\n", f);
  std::fclose(f);
  try {
    reader->next(chunk);
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("changed size while being read"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace mm
