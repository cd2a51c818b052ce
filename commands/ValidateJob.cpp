#include "commands/ValidateJob.h"

#include <chrono>

#include <oneapi/tbb/global_control.h>

#include "jsonl/LineType.h"
#include "pipeline/StageJob.h"
#include "stages/validate/LineValidator.h"
#include "stages/validate/ReferenceTracker.h"

namespace mm {

namespace {

using validate::LineValidator;
using validate::ReferenceTracker;

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// The findings, counts and references of the checked chunks, in order.
struct ValidateConsumer {
  ReferenceTracker* tracker;
  ValidateReport* report;
  FindingsSink* findings;

  void consume(const Chunk& chunk, LineValidator::Result& result) {
    uint64_t first = chunk.first_line;
    if (first == 1) report->info = read_export_info(first_line_of(chunk));
    tracker->consume(result.out, first);
    for (size_t i = 0; i < kLineTypeCount; ++i) report->counts[i] += result.counts[i];
    report->bytes += chunk.size;
    findings->add_chunk(result.out.findings, first);
  }

  void overlong_line(uint64_t line, uint64_t bytes) {
    report->counts[static_cast<size_t>(LineType::kMalformed)]++;
    report->bytes += bytes;
    findings->add(overlong_line_finding(line, bytes));
  }
};

// The target's definitions, added to the names the source is checked against.
struct TargetConsumer {
  ReferenceTracker* tracker;
  ValidateReport* report;

  void consume(const Chunk& chunk, LineValidator::Result& result) {
    report->target_definitions += tracker->add_target(result.out, chunk);
  }
  void overlong_line(uint64_t, uint64_t) {}  // the target's lines are not validated
};

}  // namespace

ValidateReport run_validate(const std::string& path, const ValidateRunOptions& options, const RunOptions& run) {
  ValidateReport report;
  report.input = path;
  InstanceNames names;
  ReferenceTracker tracker(names, !options.target.empty());

  if (!options.target.empty()) {
    auto start = std::chrono::steady_clock::now();
    report.target = options.target;
    validate::ValidateOptions target_rules;  // no file checks on the target
    LineValidator target_validator(target_rules, nullptr);
    auto reader = open_chunk_reader(options.target, run.input, run.chunk_size);
    TargetConsumer consumer{&tracker, &report};
    report.target_lines = run_stage<simdjson::dom::parser, LineValidator::Result>(
                              *reader, validate::DefinitionsStage{&target_validator}, consumer, pipeline_options(run, false))
                              .lines;
    report.target_seconds = seconds_since(start);
  }

  auto start = std::chrono::steady_clock::now();
  LineValidator validator(options.rules, &names);
  auto reader = open_chunk_reader(path, run.input, run.chunk_size);
  FindingsSink findings(options.max_findings);
  ValidateConsumer consumer{&tracker, &report, &findings};
  report.lines =
      run_stage<simdjson::dom::parser, LineValidator::Result>(*reader, validator, consumer, pipeline_options(run)).lines;
  report.seconds = seconds_since(start);
  if (report.lines == 0)
    findings.add({1, "line", "", "app.import.process_import_data_file_version_line.invalid_version.error",
                  "the file is empty: line 1 must be the version line", Severity::kError});
  report.errors = findings.errors();
  report.warnings = findings.warnings();
  report.errors_by_rule = findings.errors_by_rule();
  report.warnings_by_rule = findings.warnings_by_rule();
  report.findings = std::move(findings.kept());
  return report;
}

}  // namespace mm
