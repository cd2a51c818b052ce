#include <gtest/gtest.h>

#include <chrono>
#include <random>
#include <string>
#include <thread>

#include <oneapi/tbb/global_control.h>

#include "pipeline/OrderedPipeline.h"
#include "jsonl/Lines.h"
#include "tests/unit/TestUtil.h"

namespace mm {
namespace {

// Pass-through with random delays: the output must still be the input, byte for byte, and line
// numbers must be exact.
struct DelayedCopyJob {
  struct Slot {
    Chunk chunk;
    uint32_t lines = 0;
    std::string out;
    std::vector<uint32_t> numbers_seen;  // the "n" of each line, to check global numbering
  };
  std::string* output;
  uint64_t* bad_numbers;
  mutable std::atomic<uint64_t> calls{0};

  void process(Slot& slot) const {
    std::mt19937 rng(static_cast<unsigned>(slot.chunk.seq * 7919 + calls++));
    std::this_thread::sleep_for(std::chrono::microseconds(rng() % 2000));
    slot.out.assign(slot.chunk.data, slot.chunk.size);
    slot.numbers_seen.clear();
    slot.lines = for_each_line(slot.chunk, [&](const Line& line) {
      slot.numbers_seen.push_back(static_cast<uint32_t>(std::stoul(std::string(line.text))));
    });
  }
  void consume(Slot& slot) {
    output->append(slot.out);
    for (uint32_t i = 0; i < slot.numbers_seen.size(); ++i)
      if (slot.numbers_seen[i] != slot.chunk.first_line + i) ++*bad_numbers;
  }
};

TEST(OrderedPipeline, OutputIsInputUnderManyThreadsWithRandomDelays) {
  test::TempDir dir;
  std::string content;
  for (int i = 1; i <= 20000; ++i) content += std::to_string(i) + "\n";
  test::write_file(dir.file("n.jsonl"), content);
  for (int threads : {1, 2, 8}) {
    tbb::global_control limit(tbb::global_control::max_allowed_parallelism, threads);
    auto reader = open_chunk_reader(dir.file("n.jsonl"), InputMethod::kRead, 512);
    std::string output;
    uint64_t bad = 0;
    DelayedCopyJob job{&output, &bad};
    PipelineOptions options;
    options.tokens = 16;
    PipelineTotals totals = run_pipeline(*reader, job, options);
    EXPECT_EQ(output, content) << threads;
    EXPECT_EQ(bad, 0u) << threads;
    EXPECT_EQ(totals.lines, 20000u);
    EXPECT_EQ(totals.bytes, content.size());
  }
}

struct ThrowingJob {
  struct Slot {
    Chunk chunk;
    uint32_t lines = 0;
  };
  void process(Slot& slot) const {
    if (slot.chunk.seq == 5) throw std::runtime_error("stage failed");
    slot.lines = 1;
  }
  void consume(Slot&) {}
};

TEST(OrderedPipeline, StageExceptionIsRethrown) {
  test::TempDir dir;
  std::string content;
  for (int i = 0; i < 5000; ++i) content += "line\n";
  test::write_file(dir.file("x.jsonl"), content);
  auto reader = open_chunk_reader(dir.file("x.jsonl"), InputMethod::kRead, 256);
  ThrowingJob job;
  EXPECT_THROW(run_pipeline(*reader, job), std::runtime_error);
}

}  // namespace
}  // namespace mm
