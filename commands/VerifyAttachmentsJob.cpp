#include "commands/VerifyAttachmentsJob.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <system_error>
#include <unordered_map>
#include <unordered_set>

#include <fmt/format.h>
#include <oneapi/tbb/blocked_range.h>
#include <oneapi/tbb/enumerable_thread_specific.h>
#include <oneapi/tbb/global_control.h>
#include <oneapi/tbb/parallel_for.h>

#include "io/Error.h"
#include "io/OutputFile.h"
#include "io/OutputPaths.h"
#include "io/OutputSet.h"
#include "io/TreeLinker.h"
#include "pipeline/StageJob.h"
#include "stages/AttachmentRefs.h"
#include "stages/FilePolicy.h"
#include "stages/FileTypes.h"
#include "stages/OrphanWalk.h"

namespace mm {

namespace fs = std::filesystem;

namespace {

struct HashKey {
  uint64_t low, high, size;
  bool operator==(const HashKey&) const = default;
};
struct HashKeyHash {
  size_t operator()(const HashKey& k) const noexcept { return static_cast<size_t>(k.low ^ (k.size * 0x9E3779B97F4A7C15ull)); }
};

struct FixOut {
  OutputFile* out = nullptr;
  TreeLinker* linker = nullptr;
  std::atomic<uint64_t> linked{0}, copied{0};
  std::unordered_map<std::string, std::string> renamed;  // resolved source -> resolved target
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
  FixOut* fix;  // nullptr without --fix-out
  std::unordered_set<std::string> referenced;
  std::unordered_map<HashKey, uint32_t, HashKeyHash> by_hash;  // -> index in all_groups
  std::vector<DuplicateGroup> all_groups;
  std::string line_buffer;
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
        if (fix && file_policy(ref.kind, c).fix_out == FixOutAction::kKeep) place(c.resolved, c.resolved);
      }
    });
  }

  void place(const std::string& from, const std::string& to) const {
    TreeLinker::Placed placed = fix->linker->place(from, to);
    if (placed == TreeLinker::Placed::kLinked) fix->linked++;
    if (placed == TreeLinker::Placed::kCopied) {
      fix->linked++;
      fix->copied++;
    }
  }

  // Serial: the corrected name of a file whose extension lies.
  std::string rename_target(const FileCheck& c) {
    auto it = fix->renamed.find(c.resolved);
    if (it != fix->renamed.end()) return it->second;
    std::string_view extension = renamed_extension(c);
    for (int attempt = 1;; ++attempt) {
      std::string target = renamed_path(c.resolved, extension, attempt);
      if (fix->linker->exists_in_source(target)) continue;  // never shadow a file of the tree
      TreeLinker::Placed placed = fix->linker->place(c.resolved, target);
      if (placed == TreeLinker::Placed::kExisted) continue;
      if (placed == TreeLinker::Placed::kCopied) fix->copied++;
      report->fix_renamed++;
      fix->renamed.emplace(c.resolved, target);
      return target;
    }
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
    const auto& refs = slot.refs.refs;
    const Chunk& chunk = slot.chunk;
    size_t pos = 0;  // next chunk byte not yet written
    size_t i = 0;
    while (i < refs.size()) {
      size_t j = i;
      while (j < refs.size() && refs[j].line == refs[i].line) ++j;
      // refs[i, j) belong to one line.
      const AttachmentReference& first = refs[i];
      std::string_view text = slot.refs.line_text(chunk, first);  // the reading with U+FFFD, if any
      std::vector<PathReplacement> replacements;
      std::vector<ElementRemoval> removals;
      std::vector<MemberRemoval> member_removals;
      bool drop_line = false;
      std::vector<std::string> notes(j - i);
      for (size_t k = i; k < j; ++k) {
        const FileCheck& c = slot.checks[k];
        switch (file_policy(refs[k].kind, c).fix_out) {
          case FixOutAction::kKeep:
            break;
          case FixOutAction::kRename: {
            std::string target = rename_target(c);
            std::string new_path = target.substr(5);  // without "data/"
            replacements.push_back({refs[k].value_begin, refs[k].value_end, new_path});
            notes[k - i] = "renamed to " + new_path;
            break;
          }
          case FixOutAction::kDrop:
            removals.push_back({refs[k].array_begin, refs[k].element_begin});
            notes[k - i] = "reference dropped";
            report->fix_dropped++;
            break;
          case FixOutAction::kDropLine:
            drop_line = true;
            notes[k - i] = "line dropped";
            break;
          case FixOutAction::kDropMember:
            member_removals.push_back({refs[k].element_begin, refs[k].value_end});
            notes[k - i] = "profile_image dropped";
            report->fix_dropped++;
            break;
        }
      }
      if (drop_line) {
        report->fix_dropped_lines++;
        fix->out->write(std::string_view(chunk.data + pos, first.line_begin - pos));
        pos = first.line_begin + first.line_size;
        if (pos < chunk.size && chunk.data[pos] == '\r') ++pos;
        if (pos < chunk.size && chunk.data[pos] == '\n') ++pos;
      } else if (!replacements.empty() || !removals.empty() || !member_removals.empty()) {
        fix->out->write(std::string_view(chunk.data + pos, first.line_begin - pos));
        line_buffer.clear();
        rewrite_attachment_line(text, replacements, removals, member_removals, line_buffer);
        fix->out->write(line_buffer);
        pos = first.line_begin + first.line_size;
      }
      for (size_t k = i; k < j; ++k)
        if (slot.checks[k].problem != FileProblem::kNone || !notes[k - i].empty()) add_issue(slot, k, notes[k - i]);
      i = j;
    }
    fix->out->write(std::string_view(chunk.data + pos, chunk.size - pos));
  }

  void report_issues(const ChunkChecks& slot) {
    for (size_t i = 0; i < slot.refs.refs.size(); ++i)
      if (slot.checks[i].problem != FileProblem::kNone) add_issue(slot, i, "");
  }
};

bool directory_is_empty(const fs::path& dir) {
  return fs::directory_iterator(dir) == fs::directory_iterator();
}

// Checks OUTDIR before anything is written (not the export, not inside the import directory,
// new or an empty directory) and creates its parent; returns the path to stage it beside: the
// real path of an existing OUTDIR, so that a link to it is not what gets replaced.
std::string prepare_fix_out(const std::string& input, const std::string& out_dir, const std::string& import_dir) {
  RunPaths paths;
  paths.input("EXPORT", input);
  paths.tree("--import-path", import_dir);
  paths.output("--fix-out", out_dir);
  check_output_paths(paths);
  std::error_code ec;
  fs::path out = fs::absolute(out_dir).lexically_normal();
  if (fs::exists(out, ec)) {
    if (!fs::is_directory(out, ec)) throw Error(fmt::format("{}: --fix-out: exists and is not a directory", out_dir));
    if (!directory_is_empty(out)) throw Error(fmt::format("{}: --fix-out: exists and is not empty", out_dir));
    return fs::canonical(out, ec).string();
  }
  if (out.has_relative_path() && out.filename().empty()) out = out.parent_path();  // "dir/"
  fs::create_directories(out.parent_path(), ec);
  if (ec) throw_io_error(out.parent_path().string(), "--fix-out: cannot create directory", ec.value());
  return out.string();
}

}  // namespace

VerifyAttachmentsReport run_verify_attachments(const std::string& input, const VerifyAttachmentsOptions& options,
                                               const RunOptions& run) {
  auto start = std::chrono::steady_clock::now();
  VerifyAttachmentsReport report;
  report.input = input;
  AttachmentVerifier verifier(options.import_dir, {options.hash});
  auto reader = open_chunk_reader(input, run.input, run.chunk_size);
  tbb::enumerable_thread_specific<VerifyScratch> scratch;

  // OUTDIR is built as a registered staging directory beside it and renamed into place at the
  // end: a failure or a signal leaves no partial OUTDIR (io/OutputSet.h).
  bool fixing = !options.fix_out.empty();
  OutputSet outputs;
  std::unique_ptr<OutputFile> out;
  std::unique_ptr<TreeLinker> linker;
  FixOut fix;
  if (fixing) {
    std::string stage = outputs.staged_dir(prepare_fix_out(input, options.fix_out, options.import_dir));
    linker = std::make_unique<TreeLinker>(verifier.tree().fd(), stage);
    out = std::make_unique<OutputFile>(stage + "/import.jsonl", OutputOptions{});
    fix.out = out.get();
    fix.linker = linker.get();
  }
  VerifyConsumer job{&verifier, &scratch, &report, options.hash, fixing ? &fix : nullptr, {}, {}, {}, {}};
  PipelineTotals totals = run_stage<simdjson::ondemand::parser, AttachmentRefs::Result, std::vector<FileCheck>>(
      *reader, AttachmentRefs{}, job, pipeline_options(run));
  report.lines = totals.lines;
  report.malformed_count = job.malformed.total();
  report.malformed = std::move(job.malformed.kept());
  report.fix_linked = fix.linked;
  report.fix_copied = fix.copied;
  Orphans orphans = find_orphans(options.import_dir, job.referenced, options.max_listed_orphans);
  report.orphan_count = orphans.count;
  report.orphan_bytes = orphans.bytes;
  report.orphan_paths = std::move(orphans.paths);
  for (DuplicateGroup& g : job.all_groups)
    if (g.paths.size() >= 2) report.duplicates.push_back(std::move(g));
  if (out) {
    out->commit();
    linker.reset();
    outputs.commit();
  }
  report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return report;
}

}  // namespace mm
