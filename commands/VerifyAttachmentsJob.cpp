#include "commands/VerifyAttachmentsJob.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <unordered_map>
#include <unordered_set>

#include <fmt/format.h>
#include <oneapi/tbb/blocked_range.h>
#include <oneapi/tbb/enumerable_thread_specific.h>
#include <oneapi/tbb/global_control.h>
#include <oneapi/tbb/parallel_for.h>

#include "io/Error.h"
#include "pipeline/StageJob.h"
#include "stages/AttachmentRefs.h"
#include "stages/FilePolicy.h"
#include "stages/FixOut.h"
#include "stages/FileTypes.h"
#include "stages/OrphanWalk.h"

namespace mm {

namespace {

struct HashKey {
  uint64_t low, high, size;
  bool operator==(const HashKey&) const = default;
};
struct HashKeyHash {
  size_t operator()(const HashKey& k) const noexcept { return static_cast<size_t>(k.low ^ (k.size * 0x9E3779B97F4A7C15ull)); }
};

// A chunk's references and their checks, as the consumer reads them.
struct ChunkChecks {
  const Chunk& chunk;
  AttachmentRefs::Result& refs;
  std::vector<FileCheck>& checks;
};

// The references' file checks (the pipeline's second parallel stage), then, in order, the report
// and, with --fix-out, the corrected export.
struct VerifyConsumer {
  const AttachmentVerifier* verifier;
  tbb::enumerable_thread_specific<VerifyScratch>* scratch;
  VerifyAttachmentsReport* report;
  bool hash;
  FixOutTree* fix;  // nullptr without --fix-out
  std::unordered_set<std::string> referenced;
  std::unordered_map<HashKey, uint32_t, HashKeyHash> by_hash;  // -> index in all_groups
  std::vector<DuplicateGroup> all_groups;
  FixOutScratch fix_scratch;
  FixOutCounts fix_counts;
  FindingsSink malformed{VerifyAttachmentsReport::kMaxMalformed};

  void check(const Chunk& chunk, AttachmentRefs::Result& chunk_refs, std::vector<FileCheck>& checks) const {
    ChunkChecks slot{chunk, chunk_refs, checks};
    const auto& refs = slot.refs.refs;
    slot.checks.resize(refs.size());
    tbb::parallel_for(tbb::blocked_range<size_t>(0, refs.size()), [&](const tbb::blocked_range<size_t>& range) {
      VerifyScratch& local = scratch->local();
      for (size_t i = range.begin(); i != range.end(); ++i) {
        const AttachmentReference& ref = refs[i];
        FileCheck& c = slot.checks[i];
        c = verifier->check(slot.refs.path(ref), ref.kind, local);
        if (fix && file_policy(ref.kind, c).fix_out == FixOutAction::kKeep) fix->keep(c.resolved);
      }
    });
  }

  void consume(const Chunk& chunk, AttachmentRefs::Result& chunk_refs, std::vector<FileCheck>& checks) {
    ChunkChecks slot{chunk, chunk_refs, checks};
    const uint64_t first_line = slot.chunk.first_line;
    const auto& refs = slot.refs.refs;
    for (size_t i = 0; i < refs.size(); ++i) {
      const AttachmentReference& ref = refs[i];
      const FileCheck& c = slot.checks[i];
      report->references++;
      if (ref.kind == AttachmentRefKind::kEmojiImage) report->emoji_images++;
      if (ref.kind == AttachmentRefKind::kProfileImage) report->profile_images++;
      report->bytes_read += c.bytes_read;
      report->by_problem[static_cast<size_t>(c.problem)]++;
      if (c.problem == FileProblem::kNone) report->ok++;
      else if (c.severity == Severity::kError) report->errors++;
      else report->warnings++;
      // Only a file that exists can be an orphan: missing ones are not remembered.
      bool first_reference = !c.resolved.empty() && c.problem != FileProblem::kMissing &&
                             referenced.insert(c.resolved).second;
      if (hash && c.hashed && first_reference) {
        HashKey key{c.hash.low64, c.hash.high64, c.size};
        auto [it, inserted] = by_hash.emplace(key, static_cast<uint32_t>(all_groups.size()));
        if (inserted) all_groups.push_back({c.hash, c.size, {}});
        all_groups[it->second].paths.push_back(c.resolved);
      }
    }
    if (fix) write_fixed(slot);
    else report_issues(slot);
    uint64_t before = malformed.total();
    malformed.add_chunk(slot.refs.findings, first_line);
    report->errors += malformed.total() - before;
  }

  void overlong_line(uint64_t line, uint64_t bytes) {
    if (fix)  // the corrected export cannot hold a line that was never read
      throw Error(fmt::format("{}:{}: {}; --fix-out cannot copy it", report->input, line,
                              overlong_line_finding(line, bytes).message));
    malformed.add(overlong_line_finding(line, bytes));
    report->errors++;
  }

  void add_issue(const ChunkChecks& slot, size_t i, std::string fix_note) {
    if (report->issue_count++ >= VerifyAttachmentsReport::kMaxListedIssues) return;
    const AttachmentReference& ref = slot.refs.refs[i];
    const FileCheck& c = slot.checks[i];
    AttachmentIssue issue;
    issue.line = slot.chunk.first_line + ref.line;
    issue.path = std::string(slot.refs.path(ref));
    issue.field = ref.field();
    issue.problem = c.problem;
    issue.severity = c.severity;
    issue.detected = c.detected;
    issue.extension = c.extension;
    issue.expected = c.expected;
    issue.detail = c.detail;
    issue.fix = std::move(fix_note);
    report->issues.push_back(std::move(issue));
  }

  void write_fixed(const ChunkChecks& slot) {
    mm::write_fixed(
        slot.chunk, slot.refs, slot.checks, [&](const FileCheck& c) { return fix->rename(c); },
        [&](std::string_view bytes) { fix->jsonl().write(bytes); }, fix_scratch, fix_counts);
    const std::vector<std::string>& notes = fix_scratch.notes;
    for (size_t k = 0; k < notes.size(); ++k)
      if (slot.checks[k].problem != FileProblem::kNone || !notes[k].empty()) add_issue(slot, k, notes[k]);
  }

  void report_issues(const ChunkChecks& slot) {
    for (size_t i = 0; i < slot.refs.refs.size(); ++i)
      if (slot.checks[i].problem != FileProblem::kNone) add_issue(slot, i, "");
  }
};

}  // namespace

VerifyAttachmentsReport run_verify_attachments(const std::string& input, const VerifyAttachmentsOptions& options,
                                               const RunOptions& run) {
  auto start = std::chrono::steady_clock::now();
  VerifyAttachmentsReport report;
  report.input = input;
  AttachmentVerifier verifier(options.import_dir, {options.hash});
  auto reader = open_chunk_reader(input, run.input, run.chunk_size);
  tbb::enumerable_thread_specific<VerifyScratch> scratch;

  // OUTDIR, checked before anything is written (stages/FixOut.h).
  std::unique_ptr<FixOutTree> fix;
  if (!options.fix_out.empty() && verifier.tree().is_zip())
    // OUTDIR is built of hard links to the tree's files where it can be (io/TreeLinker.h); a
    // zip's entries would all be copies, as large as unpacking the export: unpacking it is the
    // honest way to get there.
    throw Error(fmt::format("{}: --fix-out needs the import tree as a directory; unpack the export first "
                            "(unzip -d DIR {}) and give DIR as --import-path",
                            options.import_dir, options.import_dir));
  if (!options.fix_out.empty())
    fix = std::make_unique<FixOutTree>(input, options.fix_out, options.import_dir, verifier.tree().fd());
  VerifyConsumer job{&verifier, &scratch, &report, options.hash, fix.get(), {}, {}, {}, {}, {}};
  PipelineTotals totals = run_stage<simdjson::ondemand::parser, AttachmentRefs::Result, std::vector<FileCheck>>(
      *reader, AttachmentRefs{}, job, pipeline_options(run));
  report.lines = totals.lines;
  report.malformed_count = job.malformed.total();
  report.malformed = std::move(job.malformed.kept());
  if (fix) {
    report.fix_linked = fix->linked();
    report.fix_copied = fix->copied();
    report.fix_renamed = fix->renamed();
    report.fix_dropped = job.fix_counts.dropped;
    report.fix_dropped_lines = job.fix_counts.dropped_lines;
  }
  Orphans orphans = find_orphans(verifier.tree(), job.referenced, options.max_listed_orphans);
  report.orphan_count = orphans.count;
  report.orphan_bytes = orphans.bytes;
  report.orphan_paths = std::move(orphans.paths);
  for (DuplicateGroup& g : job.all_groups)
    if (g.paths.size() >= 2) report.duplicates.push_back(std::move(g));
  if (fix) fix->commit();
  report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return report;
}

}  // namespace mm
