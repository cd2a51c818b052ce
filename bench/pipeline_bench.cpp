// Throughput of the pieces every command runs on: chunking (read() and mmap), the structural
// scanner, the line classifier, the stats stage (scanned and parsed) and the validator (with and
// without its plain post reader), on an in-memory-cached
// export: $MATTERMERGE_BENCH_EXPORT if set (a gen-synthetic source.jsonl, say), else a small
// synthetic one written on first use. Results in bytes/s.
#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>

#include "pipeline/ChunkReader.h"
#include "jsonl/Lines.h"
#include "jsonl/LineClassifier.h"
#include "stages/StatsStage.h"
#include "jsonl/StructuralScanner.h"
#include "stages/validate/LineValidator.h"
#include "stages/validate/ReferenceTracker.h"

namespace {

const std::string& sample_path() {
  static std::string path = [] {
    if (const char* given = std::getenv("MATTERMERGE_BENCH_EXPORT")) return std::string(given);
    std::string p = "/tmp/mattermerge-bench-sample.jsonl";
    std::FILE* f = std::fopen(p.c_str(), "wb");
    std::mt19937 rng(1);
    std::string line;
    for (int i = 0; i < 200000; ++i) {
      line = "{\"type\":\"post\",\"post\":{\"team\":\"eng\",\"channel\":\"town-square\",\"user\":\"user" +
             std::to_string(i % 500) + "\",\"message\":\"";
      line.append(40 + rng() % 400, 'm');
      line += "\",\"props\":{},\"create_at\":1700000000000,\"reactions\":[{\"user\":\"u\",\"emoji_name\":\"+1\",\"create_at\":1700000000001}],\"replies\":[]}}\n";
      std::fwrite(line.data(), 1, line.size(), f);
    }
    std::fclose(f);
    return p;
  }();
  return path;
}

// A chunk from the middle of the export, where its post lines are (its first chunk holds the
// teams, channels and users).
void middle_chunk(mm::ChunkReader& reader, mm::Chunk& chunk) {
  uint64_t half = reader.raw_size() / 2;
  while (reader.next(chunk) && chunk.offset + chunk.size < half) {
  }
}

void BM_Chunker(benchmark::State& state, mm::InputMethod method) {
  const std::string& path = sample_path();
  uint64_t bytes = 0;
  for (auto _ : state) {
    auto reader = mm::open_chunk_reader(path, method, static_cast<size_t>(state.range(0)));
    mm::Chunk chunk;
    while (reader->next(chunk)) bytes += chunk.size;
  }
  state.SetBytesProcessed(static_cast<int64_t>(bytes));
}
BENCHMARK_CAPTURE(BM_Chunker, read, mm::InputMethod::kRead)->Arg(256 << 10)->Arg(1 << 20)->Arg(4 << 20);
BENCHMARK_CAPTURE(BM_Chunker, mmap, mm::InputMethod::kMmap)->Arg(256 << 10)->Arg(1 << 20)->Arg(4 << 20);

void BM_Classifier(benchmark::State& state) {
  auto reader = mm::open_chunk_reader(sample_path(), mm::InputMethod::kRead, 1 << 20);
  mm::Chunk chunk;
  middle_chunk(*reader, chunk);
  simdjson::ondemand::parser parser;
  mm::LineClassifier classifier;
  uint64_t posts = 0;
  for (auto _ : state) {
    mm::for_each_line(chunk, [&](const mm::Line& line) {
      posts += classifier.classify(parser, line) == mm::LineType::kPost;
    });
  }
  benchmark::DoNotOptimize(posts);
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * chunk.size));
}
BENCHMARK(BM_Classifier);

// Arg: the kernel (ScannerKernel: 1 = AVX2, 2 = AVX-512).
void BM_StructuralScanner(benchmark::State& state) {
  auto kernel = static_cast<mm::ScannerKernel>(state.range(0));
  if (!mm::scanner_kernel_supported(kernel)) return state.SkipWithError("kernel not supported here");
  auto reader = mm::open_chunk_reader(sample_path(), mm::InputMethod::kRead, 1 << 20);
  mm::Chunk chunk;
  middle_chunk(*reader, chunk);
  uint64_t brackets = 0;
  for (auto _ : state)
    mm::scan_structurals(kernel, chunk.data, chunk.data + chunk.size, [&](const char* p, bool) { brackets += *p != '\n'; });
  benchmark::DoNotOptimize(brackets);
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * chunk.size));
}
BENCHMARK(BM_StructuralScanner)->Arg(1)->Arg(2);

// Arg: the scanner kernel (0 = none: every line parsed, 1 = AVX2, 2 = AVX-512).
void BM_StatsStage(benchmark::State& state) {
  auto kernel = static_cast<mm::ScannerKernel>(state.range(0));
  if (!mm::scanner_kernel_supported(kernel)) return state.SkipWithError("kernel not supported here");
  auto reader = mm::open_chunk_reader(sample_path(), mm::InputMethod::kRead, 1 << 20);
  mm::Chunk chunk;
  middle_chunk(*reader, chunk);
  simdjson::ondemand::parser parser;
  mm::StatsStage stage(kernel);
  mm::StatsStage::Result result;
  for (auto _ : state) benchmark::DoNotOptimize(stage.process(chunk, parser, result));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * chunk.size));
}
BENCHMARK(BM_StatsStage)->Arg(2)->Arg(1)->Arg(0);

// LineValidator (every rule, names looked up in the table of the names the export defined before
// the chunk, as in a run), Arg: PlainPostReader's kernel (0 = none: every line through the DOM,
// 1 = AVX2, 2 = AVX-512).
void BM_LineValidator(benchmark::State& state) {
  auto kernel = static_cast<mm::ScannerKernel>(state.range(0));
  if (!mm::scanner_kernel_supported(kernel)) return state.SkipWithError("kernel not supported here");
  mm::validate::ValidateOptions options;
  mm::InstanceNames names;
  mm::validate::ReferenceTracker tracker(names, false);
  mm::validate::LineValidator validator(options, &names, kernel);
  simdjson::dom::parser parser;
  mm::validate::LineValidator::Result result;
  auto reader = mm::open_chunk_reader(sample_path(), mm::InputMethod::kRead, 1 << 20);
  mm::Chunk chunk;
  uint64_t half = reader->raw_size() / 2;
  while (reader->next(chunk) && chunk.offset + chunk.size < half) {
    uint32_t lines = validator.process(chunk, parser, result);
    tracker.consume(result.out, chunk.first_line);
    (void)lines;
  }
  for (auto _ : state) benchmark::DoNotOptimize(validator.process(chunk, parser, result));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * chunk.size));
}
BENCHMARK(BM_LineValidator)->Arg(2)->Arg(1)->Arg(0);

// simdjson's DOM parse of every line, nothing else: what `validate` cost per line before
// PlainPostReader, and still costs for the lines that reader declines.
void BM_DomParseEveryLine(benchmark::State& state) {
  auto reader = mm::open_chunk_reader(sample_path(), mm::InputMethod::kRead, 1 << 20);
  mm::Chunk chunk;
  middle_chunk(*reader, chunk);
  simdjson::dom::parser parser;
  uint64_t objects = 0;
  for (auto _ : state) {
    mm::for_each_line(chunk, [&](const mm::Line& line) {
      simdjson::dom::element root;
      objects += !parser.parse(line.text.data(), line.text.size(), false).get(root) && root.is_object();
    });
  }
  benchmark::DoNotOptimize(objects);
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * chunk.size));
}
BENCHMARK(BM_DomParseEveryLine);

}  // namespace
