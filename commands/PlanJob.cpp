#include "commands/PlanJob.h"

#include <algorithm>
#include <chrono>
#include <exception>
#include <thread>
#include <unordered_set>

#include <fmt/format.h>
#include <oneapi/tbb/enumerable_thread_specific.h>
#include <oneapi/tbb/global_control.h>
#include <oneapi/tbb/parallel_for.h>

#include "io/Error.h"
#include "pipeline/StageJob.h"
#include "stages/AttachmentVerifier.h"
#include "stages/PlanConflicts.h"
#include "stages/PostScanner.h"

namespace mm {

namespace {

// An export's objects, merged into its index in order.
struct IndexConsumer {
  InstanceIndex* index;

  void consume(const Chunk& chunk, ChunkIndex& result) {
    if (chunk.first_line == 1) index->info = read_export_info(first_line_of(chunk));
    index->merge(result, chunk.first_line);
  }
  void overlong_line(uint64_t line, uint64_t bytes) { index->overlong_line(line, bytes); }
};

PipelineTotals index_export(const std::string& path, const RunOptions& run, InstanceIndex& index,
                            bool with_progress) {
  index.file = path;
  auto reader = open_chunk_reader(path, run.input, run.chunk_size);
  IndexConsumer consumer{&index};
  PipelineTotals totals = run_stage<simdjson::ondemand::parser, ChunkIndex>(*reader, InstanceIndexer{}, consumer,
                                                                            pipeline_options(run, with_progress));
  index.finish();
  return totals;
}

// The source's posts: mentions and permalinks counted, attachments checked (the pipeline's second
// parallel stage) and their conflicts added with the plan's fixes.
struct ScanConsumer {
  const AttachmentVerifier* verifier;  // null: no attachment checks
  tbb::enumerable_thread_specific<VerifyScratch>* scratch;
  std::vector<uint64_t> mention_messages;
  uint64_t permalink_messages = 0;
  uint64_t attachments = 0;
  std::vector<Conflict>* conflicts;
  MergePlan* plan;
  InstanceIndex* source;  // post lines found malformed join the index's unreadable lines

  void check(const Chunk&, const PostScanner::Result& result, std::vector<FileCheck>& checks) const {
    checks.clear();
    if (!verifier) return;
    VerifyScratch& local = scratch->local();
    for (const PostAttachment& a : result.attachments)
      checks.push_back(verifier->check(a.path, AttachmentRefKind::kAttachment, local));
  }
  void consume(const Chunk& chunk, PostScanner::Result& r, std::vector<FileCheck>& checks) {
    if (mention_messages.empty()) mention_messages.assign(r.mention_messages.size(), 0);
    for (size_t i = 0; i < r.mention_messages.size(); ++i) mention_messages[i] += r.mention_messages[i];
    permalink_messages += r.permalink_messages;
    source->add_unreadable(r.malformed, chunk.first_line);
    if (!verifier) return;
    attachments += r.attachments.size();
    for (size_t i = 0; i < checks.size(); ++i)
      add_attachment_conflict(r.attachments[i], chunk.first_line + r.attachments[i].line, checks[i], *conflicts,
                              *plan);
  }
  void overlong_line(uint64_t, uint64_t) {}  // reported by the index pass over the same file
};

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

PlanOutcome run_plan(const PlanRequest& request) {
  auto start = std::chrono::steady_clock::now();
  PlanOutcome out;

  // Both exports at once: the target on its own thread (the pipelines share the TBB workers).
  std::exception_ptr target_error;
  PipelineTotals target_totals;
  std::thread target_thread([&] {
    try {
      target_totals = index_export(request.target, request.run, out.target, false);
    } catch (...) {
      target_error = std::current_exception();
    }
  });
  PipelineTotals source_totals;
  try {
    source_totals = index_export(request.source, request.run, out.source, true);
  } catch (...) {
    target_thread.join();
    throw;
  }
  target_thread.join();
  if (target_error) std::rethrow_exception(target_error);
  out.source_bytes = source_totals.bytes;
  out.source_lines = source_totals.lines;
  out.target_bytes = target_totals.bytes;
  out.index_seconds = seconds_since(start);

  for (const auto& [from, to] : request.options.team_map)
    if (!out.source.team(from))
      throw Error(fmt::format("--team-map {}={}: {} has no team \"{}\"", from, to, request.source, from));
  PlanOptions options = request.options;
  options.source_file = request.source;
  options.target_file = request.target;
  out.detection = detect_conflicts(out.source, out.target, options);

  auto scan_start = std::chrono::steady_clock::now();
  MentionTargets targets(out.detection.plan);
  PostScanner scanner(targets, !request.import_path.empty());
  std::unique_ptr<AttachmentVerifier> verifier;
  if (!request.import_path.empty())
    verifier = std::make_unique<AttachmentVerifier>(request.import_path, AttachmentVerifier::Options{});
  tbb::enumerable_thread_specific<VerifyScratch> scratch;
  std::vector<Conflict> found;
  ScanConsumer job{verifier.get(), &scratch, {}, 0, 0, &found, &out.detection.plan, &out.source};
  auto reader = open_chunk_reader(request.source, request.run.input, request.run.chunk_size);
  run_stage<simdjson::ondemand::parser, PostScanner::Result, std::vector<FileCheck>>(*reader, scanner, job,
                                                                                     pipeline_options(request.run));
  if (verifier) {
    std::vector<ImageFileRef> refs = image_file_refs(out.source, out.detection.plan);
    std::vector<FileCheck> checks(refs.size());
    tbb::parallel_for(size_t{0}, refs.size(), [&](size_t i) {
      checks[i] = verifier->check(refs[i].path, refs[i].kind, scratch.local());
    });
    add_image_file_conflicts(out.source, refs, checks, found, out.detection.plan);
  }
  out.scan_seconds = seconds_since(scan_start);
  out.attachments_checked = job.attachments;

  add_message_conflicts(job.mention_messages, targets.subjects(), job.permalink_messages, found);
  auto& conflicts = out.detection.conflicts;
  conflicts.insert(conflicts.end(), std::make_move_iterator(found.begin()), std::make_move_iterator(found.end()));
  conflicts.shrink_to_fit();  // grown by doubling: up to half unused for the rest of the run
  sort_conflicts(conflicts);
  out.seconds = seconds_since(start);
  return out;
}

}  // namespace mm
