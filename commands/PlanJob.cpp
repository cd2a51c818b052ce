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
#include "pipeline/OrderedPipeline.h"
#include "stages/AttachmentVerifier.h"
#include "stages/FileTypes.h"
#include "stages/PostScanner.h"

namespace mm {

namespace {

namespace ck = conflict_kind;

// `path` with its last extension replaced (or added).
std::string with_extension(std::string_view path, std::string_view extension) {
  size_t slash = path.rfind('/');
  size_t base = slash == std::string_view::npos ? 0 : slash + 1;
  size_t dot = path.rfind('.');
  std::string stem(dot != std::string_view::npos && dot > base ? path.substr(0, dot) : path);
  return stem + "." + std::string(extension);
}

std::string outside_tree_why(const FileCheck& check) {
  return fmt::format("file_outside_tree: {}; nothing outside the import directory is read or packed", check.detail);
}

struct IndexJob {
  struct Slot {
    Chunk chunk;
    uint32_t lines = 0;
    simdjson::ondemand::parser parser;
    ChunkIndex result;
  };
  InstanceIndexer indexer;
  InstanceIndex* index;

  void process(Slot& slot) const { slot.lines = indexer.process(slot.chunk, slot.parser, slot.result); }
  void consume(Slot& slot) {
    if (slot.chunk.first_line == 1) index->info = read_export_info(first_line_of(slot.chunk));
    index->merge(slot.result, slot.chunk.first_line);
  }
  void overlong_line(uint64_t line, uint64_t bytes) { index->overlong_line(line, bytes); }
};

PipelineTotals index_export(const std::string& path, const RunOptions& run, InstanceIndex& index,
                            bool with_progress) {
  index.file = path;
  auto reader = open_chunk_reader(path, run.input, run.chunk_size);
  IndexJob job{{}, &index};
  PipelineTotals totals = run_pipeline(*reader, job, pipeline_options(run, with_progress));
  index.finish();
  return totals;
}

struct ScanJob {
  struct Slot {
    Chunk chunk;
    uint32_t lines = 0;
    simdjson::ondemand::parser parser;
    PostScanner::Result result;
    std::vector<FileCheck> checks;
  };
  const PostScanner* scanner;
  const AttachmentVerifier* verifier;  // null: no attachment checks
  tbb::enumerable_thread_specific<VerifyScratch>* scratch;
  std::vector<uint64_t> mention_messages;
  uint64_t permalink_messages = 0;
  uint64_t attachments = 0;
  std::vector<Conflict>* conflicts;
  MergePlan* plan;
  InstanceIndex* source;  // post lines found malformed join the index's unreadable lines

  void process(Slot& slot) const { slot.lines = scanner->process(slot.chunk, slot.parser, slot.result); }
  void check(Slot& slot) const {
    slot.checks.clear();
    if (!verifier) return;
    VerifyScratch& local = scratch->local();
    for (const PostAttachment& a : slot.result.attachments)
      slot.checks.push_back(verifier->check(a.path, AttachmentRefKind::kAttachment, local));
  }
  void consume(Slot& slot) {
    const PostScanner::Result& r = slot.result;
    if (mention_messages.empty()) mention_messages.assign(r.mention_messages.size(), 0);
    for (size_t i = 0; i < r.mention_messages.size(); ++i) mention_messages[i] += r.mention_messages[i];
    permalink_messages += r.permalink_messages;
    source->malformed += r.malformed.size();
    for (const Finding& f : r.malformed) {
      if (source->findings.size() >= InstanceIndex::kMaxFindings) break;
      source->findings.push_back(f);
      source->findings.back().line += slot.chunk.first_line;
    }
    if (!verifier) return;
    attachments += r.attachments.size();
    for (size_t i = 0; i < slot.checks.size(); ++i) record(r.attachments[i], slot.checks[i], slot.chunk.first_line);
  }
  void overlong_line(uint64_t, uint64_t) {}  // reported by the index pass over the same file

  // The conflict for a file check: missing (or unreadable: the importer cannot read it either),
  // empty, or content that the server's image decoder would refuse under that extension.
  void record(const PostAttachment& ref, const FileCheck& check, uint64_t first_line) {
    Conflict c;
    c.source_line = first_line + ref.line;
    c.subject = ref.path;
    AttachmentFix fix;
    fix.path = ref.path;
    switch (check.problem) {
      case FileProblem::kOutsideTree:
        c.kind = ck::kFileOutsideTree;
        fix.action = AttachmentAction::kDrop;
        fix.why = outside_tree_why(check);
        c.resolution = "attachment dropped from its post: the file is never read";
        break;
      case FileProblem::kMissing:
      case FileProblem::kUnreadable:
        c.kind = ck::kAttachmentMissing;
        fix.action = AttachmentAction::kDrop;
        fix.why = fmt::format("attachment_missing: {} under the import directory{}; the import would fail",
                              check.problem == FileProblem::kMissing ? "no such file" : "unreadable",
                              check.detail.empty() ? "" : " (" + check.detail + ")");
        c.resolution = "attachment dropped from its post";
        break;
      case FileProblem::kEmpty:
        c.kind = ck::kAttachmentEmpty;
        fix.action = AttachmentAction::kDrop;
        fix.why = "attachment_empty: the file is empty (a known export bug); nothing to import";
        c.resolution = "attachment dropped from its post";
        break;
      case FileProblem::kTypeMismatch: {
        if (check.severity != Severity::kError) return;  // the server does not decode it
        c.kind = ck::kAttachmentTypeMismatch;
        fix.action = AttachmentAction::kFix;
        std::string_view extension = extension_for_type(check.detected);
        fix.new_path = with_extension(ref.path, extension.empty() ? "bin" : extension);
        fix.why = fmt::format("attachment_type_mismatch: the extension says {}, the content is {}; the server's "
                              "image decoder would fail",
                              check.expected, check.detected.empty() ? "unknown" : check.detected);
        c.resolution = fmt::format("extension changed to .{} (apply copies the file to the new path)",
                                   extension.empty() ? "bin" : extension);
        break;
      }
      default:
        return;
    }
    c.severity = severity_of(c.kind);
    conflicts->push_back(std::move(c));
    if (!plan->attachment(fix.path)) plan->add(std::move(fix));
  }
};

// The files named by lines other than posts: the profile images of the source users the import
// creates or updates (a user mapped onto a target account keeps the target's picture; one left
// out has no line), the bots' profile images and the emoji images. The importer decodes a user's
// profile image and fails the whole user line, and so every post of the user, when the file is
// missing, is no image it can decode or has more pixels than MaxImageResolution
// (stages/ImageLimits.h): the plan drops such a profile_image. An emoji whose image is missing, no
// emoji image, or over MaxEmojiFileSize fails its line: the plan drops the emoji (apply removes the
// reactions that use it, which would name an emoji the target never gets). Any of them leading out
// of the import directory (io/ImportTree.h) is dropped the same way and reported as
// file_outside_tree.
void check_image_files(const InstanceIndex& source, const AttachmentVerifier& verifier,
                       tbb::enumerable_thread_specific<VerifyScratch>& scratch, std::vector<Conflict>& found,
                       MergePlan& plan) {
  struct Ref {
    AttachmentRefKind kind;
    bool bot;
    size_t index;
    const std::string* path;
  };
  std::vector<Ref> refs;
  for (size_t i = 0; i < source.users.size(); ++i) {
    const IndexedUser& u = source.users[i];
    if (u.profile_image.empty()) continue;
    const UserDecision* d = plan.user(u.username);
    if (d && (!d->emit || d->action == UserAction::kMap)) continue;
    refs.push_back({AttachmentRefKind::kProfileImage, false, i, &u.profile_image});
  }
  for (size_t i = 0; i < source.bots.size(); ++i)
    if (!source.bots[i].profile_image.empty()) refs.push_back({AttachmentRefKind::kProfileImage, true, i, &source.bots[i].profile_image});
  for (size_t i = 0; i < source.emoji.size(); ++i)
    if (!source.emoji[i].image.empty()) refs.push_back({AttachmentRefKind::kEmojiImage, false, i, &source.emoji[i].image});
  std::vector<FileCheck> checks(refs.size());
  tbb::parallel_for(size_t{0}, refs.size(), [&](size_t i) {
    checks[i] = verifier.check(*refs[i].path, refs[i].kind, scratch.local());
  });
  auto drop_file = [&](const std::string& path, std::string why) {
    if (plan.attachment(path)) return;
    AttachmentFix fix;
    fix.path = path;
    fix.action = AttachmentAction::kDrop;
    fix.why = std::move(why);
    plan.add(std::move(fix));
  };
  for (size_t i = 0; i < refs.size(); ++i) {
    const FileCheck& check = checks[i];
    const Ref& ref = refs[i];
    if (check.problem == FileProblem::kNone || check.severity != Severity::kError) continue;
    const bool outside = check.problem == FileProblem::kOutsideTree;
    std::string problem = check.problem == FileProblem::kTypeMismatch
                              ? fmt::format("content is {}, not an image it decodes",
                                            check.detected.empty() ? "unknown" : check.detected)
                              : check.problem == FileProblem::kTooLarge ? check.detail
                                                                   : std::string(name_of(check.problem));
    Conflict c;
    if (ref.kind == AttachmentRefKind::kEmojiImage) {
      const IndexedEmoji& e = source.emoji[ref.index];
      const bool too_large = check.problem == FileProblem::kTooLarge;
      c.kind = outside ? ck::kFileOutsideTree : too_large ? ck::kEmojiImageTooLarge : ck::kEmojiImageUnusable;
      c.subject = outside ? e.image : e.name;
      c.source_line = e.line;
      c.resolution = "emoji dropped: its line and the reactions using it removed";
      EmojiDecision d;
      d.name = e.name;
      d.action = EmojiAction::kDrop;
      d.why = outside ? outside_tree_why(check)
                      : fmt::format("{}: {} ({}); the importer would fail the emoji line",
                                    too_large ? "emoji_image_too_large" : "emoji_image_unusable", e.image, problem);
      plan.add(std::move(d));
    } else {
      const std::string& username = ref.bot ? source.bots[ref.index].username : source.users[ref.index].username;
      c.kind = outside ? ck::kFileOutsideTree : ck::kProfileImageUnusable;
      c.subject = outside ? *ref.path : username;
      c.source_line = ref.bot ? source.bots[ref.index].line : source.users[ref.index].line;
      c.resolution = ref.bot ? "profile_image removed: the bot is imported with the default picture"
                             : "profile_image removed: the user is imported with the default picture";
      drop_file(*ref.path, outside ? outside_tree_why(check)
                                   : fmt::format("profile_image_unusable: {}{} ({}); the importer would fail the {} line",
                                                 ref.bot ? "bot " : "", username, problem, ref.bot ? "bot" : "user"));
    }
    c.severity = severity_of(c.kind);
    found.push_back(std::move(c));
  }
}

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
  ScanJob job{&scanner, verifier.get(), &scratch, {}, 0, 0, &found, &out.detection.plan, &out.source};
  auto reader = open_chunk_reader(request.source, request.run.input, request.run.chunk_size);
  run_pipeline(*reader, job, pipeline_options(request.run));
  std::stable_sort(out.source.findings.begin(), out.source.findings.end(),
                   [](const Finding& a, const Finding& b) { return a.line < b.line; });
  if (verifier) check_image_files(out.source, *verifier, scratch, found, out.detection.plan);
  out.scan_seconds = seconds_since(scan_start);
  out.attachments_checked = job.attachments;

  for (size_t i = 0; i < job.mention_messages.size(); ++i) {
    if (!job.mention_messages[i]) continue;
    Conflict c;
    c.kind = ck::kMentionRewrite;
    c.severity = severity_of(c.kind);
    c.subject = targets.subjects()[i];
    c.count = job.mention_messages[i];
    c.resolution = fmt::format("{} message(s) rewritten", c.count);
    found.push_back(std::move(c));
  }
  if (job.permalink_messages) {
    Conflict c;
    c.kind = ck::kPermalink;
    c.severity = severity_of(c.kind);
    c.subject = "permalinks";
    c.count = job.permalink_messages;
    c.resolution = "left as they are: links to source posts cannot survive the import";
    found.push_back(std::move(c));
  }
  auto& conflicts = out.detection.conflicts;
  conflicts.insert(conflicts.end(), std::make_move_iterator(found.begin()), std::make_move_iterator(found.end()));
  sort_conflicts(conflicts);
  out.seconds = seconds_since(start);
  return out;
}

}  // namespace mm
