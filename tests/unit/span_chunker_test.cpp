#include <gtest/gtest.h>

#include <deque>
#include <string>
#include <vector>

#include <zstd.h>

#include "jsonl/Lines.h"
#include "pipeline/ChunkReader.h"
#include "pipeline/SpanChunker.h"
#include "stages/SinceIndex.h"
#include "tests/unit/TestUtil.h"

namespace mm {
namespace {

struct Numbered {
  std::vector<std::string> lines;
  std::vector<uint64_t> numbers;
};

// Every line of `path` with its number, as the pipeline numbers them.
Numbered read_whole(const std::string& path, size_t chunk_size) {
  Numbered r;
  auto reader = open_chunk_reader(path, InputMethod::kRead, chunk_size);
  Chunk chunk;
  uint64_t next = 1;
  while (reader->next(chunk)) {
    chunk.first_line = next;
    next += for_each_line(chunk, [&](const Line& line) {
      r.lines.emplace_back(line.text);
      r.numbers.push_back(chunk.line_number(line.index));
    });
  }
  return r;
}

Numbered read_spans(const std::string& path, const std::vector<LineSpan>& spans, size_t chunk_size) {
  Numbered r;
  SpanChunker reader(path, spans, chunk_size);
  // As the pipeline takes them: placed in order (next), read by any worker in any order (fill).
  std::deque<Chunk> chunks(1);
  while (reader.next(chunks.back())) chunks.emplace_back();
  chunks.pop_back();
  for (auto it = chunks.rbegin(); it != chunks.rend(); ++it) reader.fill(*it);
  for (Chunk& chunk : chunks) {
    EXPECT_EQ(chunk.first_line, chunk.line_numbers.front());
    uint32_t n = for_each_line(chunk, [&](const Line& line) {
      r.lines.emplace_back(line.text);
      r.numbers.push_back(chunk.line_number(line.index));
    });
    EXPECT_EQ(n, chunk.line_numbers.size());
  }
  return r;
}

// BASE's lines table over `path`, split as pass 1 splits it.
void split_into(SinceIndex& index, const std::string& path, size_t chunk_size) {
  auto reader = open_chunk_reader(path, InputMethod::kRead, chunk_size);
  Chunk chunk;
  SinceIndex::ChunkLines lines;
  uint64_t next = 1;
  while (reader->next(chunk)) {
    uint32_t n = SinceIndex::split(chunk, lines);
    index.add_lines(lines, next);
    next += n;
  }
  index.finish_lines();
}

const std::string kPost = R"({"type":"post","post":{"message":"p"}})";

// A BOM, CRLF endings, an empty line, a last line without a newline.
std::string sample() {
  std::string s = "\xEF\xBB\xBF{\"type\":\"version\",\"version\":1}\n";
  for (int i = 0; i < 200; ++i) {
    s += i % 7 == 3 ? R"({"type":"channel","channel":{"name":"c)" + std::to_string(i) + "\"}}\r\n"
                    : R"({"type":"post","post":{"message":"m)" + std::to_string(i) + "\"}}\n";
    if (i == 50) s += "\n";
  }
  s += kPost;  // no newline
  return s;
}

std::string zstd(const std::string& bytes) {
  std::string out(ZSTD_compressBound(bytes.size()), '\0');
  size_t n = ZSTD_compress(out.data(), out.size(), bytes.data(), bytes.size(), 1);
  out.resize(n);
  return out;
}

TEST(SpanChunker, EveryLineNotSeenReadsBackAsTheWholeFile) {
  test::TempDir dir;
  const std::string bytes = sample();
  for (const std::string& name : {std::string("a.jsonl"), std::string("a.jsonl.zst")}) {
    std::string path = dir.file(name);
    test::write_file(path, name.ends_with(".zst") ? zstd(bytes) : bytes);
    SinceIndex index;
    split_into(index, path, 256);
    EXPECT_EQ(index.lines(), 203u);
    std::vector<LineSpan> spans = index.lines_to_read();  // nothing marked: every line
    ASSERT_EQ(spans.size(), 203u);
    Numbered whole = read_whole(path, 256);
    for (size_t chunk_size : {size_t{64}, size_t{300}, size_t{1} << 20}) {
      Numbered back = read_spans(path, spans, chunk_size);
      EXPECT_EQ(back.lines, whole.lines) << name << " " << chunk_size;
      EXPECT_EQ(back.numbers, whole.numbers) << name << " " << chunk_size;
    }
  }
}

TEST(SpanChunker, SeenPostsAreLeftOutAndOtherLinesKeepTheirNumbers) {
  test::TempDir dir;
  const std::string bytes = sample();
  for (const std::string& name : {std::string("b.jsonl"), std::string("b.jsonl.zst")}) {
    std::string path = dir.file(name);
    test::write_file(path, name.ends_with(".zst") ? zstd(bytes) : bytes);
    SinceIndex index;
    split_into(index, path, 200);
    Numbered whole = read_whole(path, 200);
    // Every line whose number is even is seen in the new export.
    for (size_t i = 0; i < whole.lines.size(); ++i)
      if (whole.numbers[i] % 2 == 0) {
        size_t at = index.find_raw(LineKeyer::raw_hash(whole.lines[i]));
        ASSERT_NE(at, SinceIndex::npos);
        index.mark_raw(at);
      }
    Numbered expected;
    for (size_t i = 0; i < whole.lines.size(); ++i) {
      const std::string& l = whole.lines[i];
      bool post = l.find("\"post\"") != std::string::npos;
      // Equal lines are one entry: the last line equals kPost, which no even line does.
      if (whole.numbers[i] % 2 == 1 || !post) {
        expected.lines.push_back(l);
        expected.numbers.push_back(whole.numbers[i]);
      }
    }
    std::vector<LineSpan> spans = index.lines_to_read();
    Numbered back = read_spans(path, spans, 128);
    EXPECT_EQ(back.lines, expected.lines) << name;
    EXPECT_EQ(back.numbers, expected.numbers) << name;
  }
}

}  // namespace
}  // namespace mm
