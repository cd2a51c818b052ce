#include "commands/ReconcileJob.h"

#include <algorithm>
#include <chrono>

#include "model/FindingsSink.h"
#include "model/PlanFile.h"
#include "pipeline/OrderedPipeline.h"
#include "pipeline/StageJob.h"

namespace mm {

namespace {

constexpr size_t kUnreadableKept = 20;

// One pass of ReconcileStage over an export; `on_chunk` takes each chunk's result in order.
enum class Pass { kBase, kAfter, kSource };

struct ReconcileParsers {
  simdjson::ondemand::parser parser;
  ReconcileStage::Scratch scratch;
};
struct ReconcilePass {
  const ReconcileStage* stage;
  Pass pass;
  uint32_t process(const Chunk& chunk, ReconcileParsers& p, ReconcileStage::Result& result) const {
    switch (pass) {
      case Pass::kBase: return stage->process_base(chunk, p.parser, p.scratch, result);
      case Pass::kAfter: return stage->process_after(chunk, p.parser, p.scratch, result);
      case Pass::kSource: return stage->process_source(chunk, p.parser, p.scratch, result);
    }
    return 0;
  }
};

template <class OnChunk>
struct ReconcileConsumer {
  ReconcileReport::Unreadable* unreadable;
  OnChunk on_chunk;

  void consume(const Chunk& chunk, ReconcileStage::Result& result) {
    for (uint32_t index : result.malformed) note_unreadable(chunk.first_line + index);
    on_chunk(chunk, result);
  }
  // A line longer than the importer reads was not imported either: it cannot be proven.
  void overlong_line(uint64_t line, uint64_t) { note_unreadable(line); }
  void note_unreadable(uint64_t line) {
    if (unreadable->lines.size() < kUnreadableKept) unreadable->lines.push_back(line);
    unreadable->count++;
  }
};

template <class OnChunk>
uint64_t run_pass(const std::string& path, const ReconcileStage& stage, Pass pass, ReconcileReport& report,
                  const RunOptions& run, bool progress, OnChunk on_chunk) {
  ReconcileReport::Unreadable unreadable{path, 0, {}};
  auto reader = open_chunk_reader(path, run.input, run.chunk_size);
  ReconcileConsumer<OnChunk> consumer{&unreadable, std::move(on_chunk)};
  PipelineTotals totals = run_stage<ReconcileParsers, ReconcileStage::Result>(
      *reader, ReconcilePass{&stage, pass}, consumer, pipeline_options(run, progress));
  if (unreadable.count) report.unreadable.push_back(std::move(unreadable));
  return totals.lines;
}

}  // namespace

ReconcileReport run_reconcile(const ReconcileOptions& options, const RunOptions& run) {
  auto start = std::chrono::steady_clock::now();
  ReconcileReport report;
  report.options = options;
  MergePlan plan = read_plan_file(options.plan);
  RewriteMaps maps(plan);
  KeyCounts after;
  BaseMessages base;
  ReconcileStage stage(maps, &after, options.since.empty() ? nullptr : &base, options.compare_attachments);

  if (!options.since.empty()) {
    report.base_lines = run_pass(options.since, stage, Pass::kBase, report, run, false,
                                 [&](const Chunk&, ReconcileStage::Result& result) {
      const std::vector<uint64_t>& keys = result.keys;
      for (size_t i = 0; i + 1 < keys.size(); i += 2) add_base_message(base, keys[i], keys[i + 1]);
      report.base_posts += keys.size() / 2;
    });
  }
  report.after_lines = run_pass(options.after, stage, Pass::kAfter, report, run, false,
                                [&](const Chunk&, ReconcileStage::Result& result) {
    for (uint64_t key : result.keys) after.add(key);
  });
  report.after_objects = after.size();

  const size_t keep = options.max_problems == 0 || options.max_problems > kMaxKeptFindings ? kMaxKeptFindings
                                                                                          : options.max_problems;
  KeyCounts source_posts;  // post identities of SOURCE, for the suspects below
  std::vector<std::pair<ReconcileProblem, uint64_t>> suspects;
  report.source_lines = run_pass(options.source, stage, Pass::kSource, report, run, true,
                                 [&](const Chunk& chunk, ReconcileStage::Result& result) {
    report.counts.merge(result.counts);
    for (ReconcileProblem& p : result.problems) {
      if (report.problems.size() >= keep) break;
      p.line += chunk.first_line;
      report.problems.push_back(std::move(p));
    }
    for (uint64_t identity : result.keys) source_posts.add(identity);
    for (auto& suspect : result.suspects) {
      suspect.first.line += chunk.first_line;
      suspects.push_back(std::move(suspect));
    }
  });
  // A post whose identity AFTER holds more often than SOURCE does has a copy (ReconcileStage.h).
  for (auto& [problem, identity] : suspects) {
    if (after.count(identity) <= source_posts.count(identity)) continue;
    report.counts.move(problem.kind, Outcome::kFound, Outcome::kDoubled);
    if (report.problems.size() < keep) report.problems.push_back(std::move(problem));
  }
  std::stable_sort(report.problems.begin(), report.problems.end(),
                   [](const ReconcileProblem& a, const ReconcileProblem& b) { return a.line < b.line; });
  report.problems_total = report.missing() + report.doubled();
  report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return report;
}

}  // namespace mm
