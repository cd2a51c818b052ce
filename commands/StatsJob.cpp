#include "commands/StatsJob.h"

#include <chrono>
#include <thread>

#include <oneapi/tbb/global_control.h>

#include "io/OutputFile.h"
#include "pipeline/OrderedPipeline.h"

namespace mm {

namespace {

struct StatsJob {
  struct Slot {
    Chunk chunk;
    uint32_t lines = 0;
    simdjson::ondemand::parser parser;
    StatsStage::Result result;
  };
  StatsStage stage;
  StatsReport* report;
  FindingsSink findings{StatsReport::kMaxFindings};

  void process(Slot& slot) const { slot.lines = stage.process(slot.chunk, slot.parser, slot.result); }
  void consume(Slot& slot) {
    if (slot.chunk.first_line == 1) report->info = read_export_info(first_line_of(slot.chunk));
    report->counts.merge(slot.result.counts, slot.chunk.first_line);
    findings.add_chunk(slot.result.findings, slot.chunk.first_line);
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

struct CopyJob {
  struct Slot {
    Chunk chunk;
    uint32_t lines = 0;
  };
  OutputFile* out;

  void process(Slot& slot) const {
    slot.lines = static_cast<uint32_t>(count_newlines(slot.chunk.data, slot.chunk.size));
  }
  void consume(Slot& slot) { out->write(slot.chunk.bytes()); }
};

}  // namespace

StatsReport run_stats(const std::string& path, const RunOptions& options) {
  auto start = std::chrono::steady_clock::now();
  StatsReport report;
  report.input = path;
  auto reader = open_chunk_reader(path, options.input, options.chunk_size);
  StatsJob job{StatsStage(), &report};
  run_pipeline(*reader, job, pipeline_options(options));
  report.malformed = job.findings.total();
  report.findings = std::move(job.findings.kept());
  report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return report;
}

uint64_t run_copy(const std::string& path, const std::string& out_path, const OutputOptions& out_options,
                  const RunOptions& options) {
  auto reader = open_chunk_reader(path, options.input, options.chunk_size);
  OutputFile out(out_path, out_options);
  CopyJob job{&out};
  PipelineTotals totals = run_pipeline(*reader, job, pipeline_options(options));
  out.commit();
  return totals.bytes;
}

}  // namespace mm
