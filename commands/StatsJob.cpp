#include "commands/StatsJob.h"

#include <chrono>
#include <thread>

#include <oneapi/tbb/global_control.h>

#include "io/OutputFile.h"
#include "pipeline/StageJob.h"

namespace mm {

namespace {

// The counts and findings of the chunks, in order.
struct StatsConsumer {
  StatsReport* report;
  FindingsSink findings{StatsReport::kMaxFindings};

  void consume(const Chunk& chunk, StatsStage::Result& result) {
    if (chunk.first_line == 1) report->info = read_export_info(first_line_of(chunk));
    report->counts.merge(result.counts, chunk.first_line);
    findings.add_chunk(result.findings, chunk.first_line);
  }
  void overlong_line(uint64_t line, uint64_t bytes) {
    StatsCounts counts;
    counts.add_line(bytes, 0);
    counts.lines_by_type[static_cast<size_t>(LineType::kMalformed)] = 1;
    counts.bytes = bytes;
    report->counts.merge(counts, line);
    findings.add(overlong_line_finding(line, bytes));
  }
};

// The bytes as they are, in order (lines counted for the pipeline's line numbers).
struct LineCounter {
  uint32_t process(const Chunk& chunk, NoStage&, NoStage&) const {
    return static_cast<uint32_t>(count_newlines(chunk.data, chunk.size));
  }
};
struct CopyConsumer {
  OutputFile* out;
  void consume(const Chunk& chunk, NoStage&) { out->write(chunk.bytes()); }
};

}  // namespace

StatsReport run_stats(const std::string& path, const RunOptions& options) {
  auto start = std::chrono::steady_clock::now();
  StatsReport report;
  report.input = path;
  auto reader = open_chunk_reader(path, options.input, options.chunk_size);
  StatsStage stage;
  StatsConsumer consumer{&report};
  run_stage<simdjson::ondemand::parser, StatsStage::Result>(*reader, stage, consumer, pipeline_options(options));
  report.malformed = consumer.findings.total();
  report.findings = std::move(consumer.findings.kept());
  report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return report;
}

uint64_t run_copy(const std::string& path, const std::string& out_path, const OutputOptions& out_options,
                  const RunOptions& options) {
  auto reader = open_chunk_reader(path, options.input, options.chunk_size);
  OutputFile out(out_path, out_options);
  CopyConsumer consumer{&out};
  PipelineTotals totals = run_stage<NoStage, NoStage>(*reader, LineCounter{}, consumer, pipeline_options(options));
  out.commit();
  return totals.bytes;
}

}  // namespace mm
