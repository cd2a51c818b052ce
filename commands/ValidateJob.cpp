#include "commands/ValidateJob.h"

#include <chrono>

#include <oneapi/tbb/global_control.h>

#include "jsonl/LineType.h"
#include "pipeline/OrderedPipeline.h"
#include "stages/validate/LineValidator.h"
#include "stages/validate/ReferenceTracker.h"

namespace mm {

namespace {

using validate::LineValidator;
using validate::NameTable;
using validate::ReferenceTracker;

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

struct ValidateJob {
  struct Slot {
    Chunk chunk;
    uint32_t lines = 0;
    simdjson::dom::parser parser;
    LineValidator::Result result;
  };
  const LineValidator* validator;
  ReferenceTracker* tracker;
  ValidateReport* report;
  FindingsSink* findings;

  void process(Slot& slot) const { slot.lines = validator->process(slot.chunk, slot.parser, slot.result); }

  void consume(Slot& slot) {
    uint64_t first = slot.chunk.first_line;
    if (first == 1) report->info = read_export_info(first_line_of(slot.chunk));
    tracker->consume(slot.result.out, first);
    for (size_t i = 0; i < kLineTypeCount; ++i) report->counts[i] += slot.result.counts[i];
    report->bytes += slot.chunk.size;
    findings->add_chunk(slot.result.out.findings, first);
  }

  void overlong_line(uint64_t line, uint64_t bytes) {
    report->counts[static_cast<size_t>(LineType::kMalformed)]++;
    report->bytes += bytes;
    findings->add(overlong_line_finding(line, bytes));
  }
};

// Reads the names a target export defines; its post and direct_post lines are skipped unparsed.
struct TargetJob {
  using Slot = ValidateJob::Slot;
  const LineValidator* validator;
  ReferenceTracker* tracker;
  ValidateReport* report;

  static bool is_post_line(std::string_view text) { return is_post_type(peek_type(text)); }

  void process(Slot& slot) const {
    slot.result.out.clear();
    slot.lines = for_each_line(slot.chunk, [&](const Line& line) {
      if (is_post_line(line.text)) return;
      validator->validate_line(slot.parser, line, false, slot.result);
    });
  }

  void consume(Slot& slot) {
    for (const validate::Definition& d : slot.result.out.defs) {
      validate::NameDef def = d.def;
      def.line = slot.chunk.first_line + d.line;
      def.in_target = true;
      tracker->add_target(d.kind, d.key, def);
      report->target_definitions++;
    }
  }
  void overlong_line(uint64_t, uint64_t) {}  // the target's lines are not validated
};

}  // namespace

ValidateReport run_validate(const std::string& path, const ValidateRunOptions& options, const RunOptions& run) {
  ValidateReport report;
  report.input = path;
  NameTable names;
  ReferenceTracker tracker(names, !options.target.empty());

  if (!options.target.empty()) {
    auto start = std::chrono::steady_clock::now();
    report.target = options.target;
    validate::ValidateOptions target_rules;  // no file checks on the target
    LineValidator target_validator(target_rules, nullptr);
    auto reader = open_chunk_reader(options.target, run.input, run.chunk_size);
    TargetJob job{&target_validator, &tracker, &report};
    report.target_lines = run_pipeline(*reader, job, pipeline_options(run, false)).lines;
    report.target_seconds = seconds_since(start);
  }

  auto start = std::chrono::steady_clock::now();
  LineValidator validator(options.rules, &names);
  auto reader = open_chunk_reader(path, run.input, run.chunk_size);
  FindingsSink findings(options.max_findings);
  ValidateJob job{&validator, &tracker, &report, &findings};
  report.lines = run_pipeline(*reader, job, pipeline_options(run)).lines;
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
