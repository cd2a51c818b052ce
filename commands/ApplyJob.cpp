#include "commands/ApplyJob.h"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <condition_variable>
#include <deque>
#include <exception>
#include <mutex>
#include <thread>
#include <chrono>
#include <filesystem>
#include <memory>
#include <unordered_map>
#include <unordered_set>

#include <fmt/format.h>
#include <oneapi/tbb/global_control.h>

#include "io/Error.h"
#include "io/ImportTree.h"
#include "io/OutputFile.h"
#include "io/OutputPaths.h"
#include "io/OutputSet.h"
#include "io/StreamZipWriter.h"
#include "io/ZipWriter.h"
#include "jsonl/LineType.h"
#include "pipeline/OrderedPipeline.h"
#include "pipeline/PassTimer.h"
#include "pipeline/SpanChunker.h"
#include "pipeline/StageJob.h"
#include "stages/ApplyStage.h"
#include "stages/DeltaStage.h"
#include "stages/ImportPath.h"
#include "stages/MembershipScript.h"
#include "stages/PackVerifier.h"
#include "stages/PlanCheck.h"
#include "model/PlanFile.h"
#include "stages/validate/LineValidator.h"
#include "stages/validate/ReferenceTracker.h"

namespace mm {

namespace {

using validate::LineValidator;
using validate::ReferenceTracker;

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

bool is_regular_file(const std::string& path) {
  struct stat st;
  return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

// One pass over the target (validate::DefinitionsStage): its definitions, the one name index the
// plan is re-checked against and the source validated against. Post lines are skipped unparsed.
struct TargetConsumer {
  ReferenceTracker* tracker;

  void consume(const Chunk& chunk, LineValidator::Result& result) { tracker->add_target(result.out, chunk); }
  void overlong_line(uint64_t, uint64_t) {}  // defines no name
};

// Where the rewritten lines go: an output of the set (.jsonl, .jsonl.zst), or for a zip a
// .jsonl in the zip's staging directory, packed at the end (and removed with that directory).
class JsonlSink {
 public:
  JsonlSink(OutputSet& outputs, const std::string& out) {
    if (ends_with(out, ".zip")) {
      zip_path_ = outputs.staged_file(out);
      OutputOptions scratch;
      scratch.sync = false;  // read back into the zip and removed with the staging directory
      jsonl_ = std::make_unique<OutputFile>(std::filesystem::path(zip_path_).replace_filename("import.jsonl").string(),
                                            scratch);
      file_ = jsonl_.get();
    } else {
      file_ = &outputs.file(out, OutputOptions::for_path(out));
    }
  }
  void write(std::string_view bytes) { file_->write(bytes); }
  uint64_t bytes_written() const { return file_->bytes_written(); }
  bool is_zip() const { return !zip_path_.empty(); }
  // zip: the .jsonl complete, beside the archive to be packed. (.jsonl/.zst: the set commits it.)
  void finish_jsonl() {
    if (jsonl_) jsonl_->commit();
  }
  const std::string& jsonl_path() const { return jsonl_->path(); }
  const std::string& zip_path() const { return zip_path_; }

 private:
  OutputFile* file_ = nullptr;
  std::unique_ptr<OutputFile> jsonl_;
  std::string zip_path_;
};

// zip: each distinct file the output references, with the first SOURCE line naming it and what it
// is there (how its content type is checked when it is packed).
struct FileUse {
  uint64_t line = 0;
  AttachmentRefKind kind = AttachmentRefKind::kAttachment;
};
using ReferencedFiles = std::unordered_map<std::string, FileUse>;

// zip with --import-path: the referenced files packed on a thread of their own while the
// transform runs (io/StreamZipWriter.h), in the order the output first names them, each
// type-checked and hashed in the read that packs it (stages/PackVerifier.h). The ordered step
// hands a file over as soon as it first sees it; a bounded queue keeps memory flat (the step waits
// when the packer is behind). The first error (a file leaving the tree, a type mismatch the plan
// did not know, a read or write error) stops the packing and is thrown by finish(): nothing is
// committed.
class TreePacker {
 public:
  static constexpr size_t kQueued = 1024;

  TreePacker(StreamZipWriter& zip, const ImportTree& tree, const MergePlan& plan, std::string source)
      : zip_(zip), tree_(tree), source_(std::move(source)), verifier_(source_) {
    // A fixed attachment's file is its old path's, packed under the new path.
    for (const auto& [path, fix] : plan.attachments)
      if (fix.action == AttachmentAction::kFix) fixed_from_.emplace(fix.new_path, path);
    thread_ = std::thread([this] { run(); });
  }
  // Unfinished (the transform failed): the files still queued are not packed.
  ~TreePacker() {
    {
      std::lock_guard lock(mutex_);
      queue_.clear();
      failed_ = true;
    }
    space_.notify_all();
    stop();
  }

  // A file the output references, first named at SOURCE line use.line.
  void add(const std::string& path, FileUse use) {
    std::unique_lock lock(mutex_);
    space_.wait(lock, [&] { return queue_.size() < kQueued || failed_; });
    if (failed_) return;
    queue_.push_back({path, use});
    ready_.notify_one();
  }

  // Waits for every file handed over; throws the packing's first error.
  void finish() {
    stop();
    if (error_) std::rethrow_exception(error_);
  }

  uint64_t packed = 0, missing = 0;  // read after finish()
  PackVerifier& verifier() { return verifier_; }

 private:
  struct Job {
    std::string path;
    FileUse use;
  };

  void stop() {
    {
      std::lock_guard lock(mutex_);
      closed_ = true;
    }
    ready_.notify_all();
    if (thread_.joinable()) thread_.join();
  }

  void run() {
    for (;;) {
      Job job;
      {
        std::unique_lock lock(mutex_);
        ready_.wait(lock, [&] { return !queue_.empty() || closed_; });
        if (queue_.empty()) return;
        job = std::move(queue_.front());
        queue_.pop_front();
      }
      space_.notify_one();
      try {
        pack(job);
      } catch (...) {
        std::lock_guard lock(mutex_);
        error_ = std::current_exception();
        failed_ = true;
        queue_.clear();
        space_.notify_all();
        return;
      }
    }
  }

  void pack(const Job& job) {
    const std::string& path = job.path;
    std::optional<std::string> entry = resolve_import_path(path);
    auto from = fixed_from_.find(path);
    std::optional<std::string> source_entry = from == fixed_from_.end() ? entry : resolve_import_path(from->second);
    if (!entry || !source_entry) {
      missing++;
      return;
    }
    TreeFile file = tree_.open_file(*source_entry);
    if (!file) {
      int err = errno;
      if (leaves_tree(err) || ambiguous_in_tree(err))
        // Never packed, whatever the plan says: the zip goes onto the target server.
        throw Error(fmt::format("{}: \"{}\" ({}): {}; nothing was written (`plan --import-path` drops "
                                "such a file from the import)",
                                source_, path, tree_.where(*source_entry),
                                leaves_tree(err) ? kLeavesTreeDetail : kAmbiguousDetail));
      missing++;
      return;
    }
    if (!file.regular()) {
      missing++;
      return;
    }
    if (!entries_.insert(*entry).second) {  // two spellings of one file: one entry
      packed++;
      return;
    }
    std::unique_ptr<PackTee> tee = verifier_.tee(path, job.use.kind, job.use.line);
    zip_.add_stored(*entry, file, tee.get());
    packed++;
  }

  StreamZipWriter& zip_;
  const ImportTree& tree_;
  std::string source_;
  PackVerifier verifier_;
  std::unordered_map<std::string, std::string> fixed_from_;
  std::unordered_set<std::string> entries_;
  std::mutex mutex_;
  std::condition_variable ready_, space_;
  std::deque<Job> queue_;
  bool closed_ = false;
  bool failed_ = false;
  std::exception_ptr error_;
  std::thread thread_;
};

void add_files(ReferencedFiles* files, TreePacker* packer, ApplyStage::Result& r, const Chunk& chunk) {
  if (!files) return;
  for (size_t i = 0; i < r.files.size(); ++i) {
    FileUse use{chunk.line_number(r.file_refs[i].line), r.file_refs[i].kind};
    auto [it, added] = files->try_emplace(std::move(r.files[i]), use);
    if (added && packer) packer->add(it->first, use);
  }
}

// A stage with its own per-slot Scratch (ApplyStage, DeltaStage) as the pipeline's stage: its
// parsers are the slot's, reused from chunk to chunk.
template <class S>
struct ScratchParsers {
  simdjson::ondemand::parser parser;
  typename S::Scratch scratch;
};
template <class S>
struct ScratchPass {
  const S* stage;
  uint32_t process(const Chunk& chunk, ScratchParsers<S>& p, typename S::Result& result) const {
    return stage->process(chunk, p.parser, p.scratch, result);
  }
};

// Validation of the rewritten bytes (the pipeline's second parallel stage), per slot.
struct Revalidation {
  simdjson::dom::parser dom;
  LineValidator::Result checked;
  Chunk out_chunk;  // a view of the output bytes for the validator
  uint32_t out_lines = 0;

  // `out`: the rewritten bytes of `chunk`; null when the chunk went out unchanged.
  void check(const LineValidator* validator, const Chunk& chunk, std::string* out) {
    out_lines = 0;
    if (!validator) return;
    Chunk& view = out_chunk;
    if (!out) {
      view.data = chunk.data;
      view.size = chunk.size;
    } else {
      out->reserve(out->size() + simdjson::SIMDJSON_PADDING);  // simdjson reads past the end
      view.data = out->data();
      view.size = out->size();
    }
    view.offset = chunk.seq == 0 ? 0 : 1;  // the validator checks line 1 in the first chunk
    view.mark_bom();  // none: apply drops it
    view.seq = chunk.seq;
    out_lines = validator->process(view, dom, checked);
  }

  // In order: the checked lines' references and findings, numbered as output lines.
  void consume(ReferenceTracker& tracker, FindingsSink& findings, uint64_t& lines_out) {
    uint64_t first = lines_out + 1;
    tracker.consume(checked.out, first);
    findings.add_chunk(checked.out.findings, first);
    lines_out += out_lines;
  }
};

// An error with or without validation: the importer would stop at this line, so no output.
void add_overlong_line(FindingsSink& findings, uint64_t lines_out, uint64_t line, uint64_t bytes) {
  Finding f = overlong_line_finding(lines_out + 1, bytes);
  f.message += fmt::format(" (source line {})", line);
  findings.add(std::move(f));
}

// Where the writing passes (apply, apply --since) put what they make.
struct ApplyOutput {
  const LineValidator* validator;  // null: no validation
  ReferenceTracker* tracker;
  JsonlSink* sink;
  ApplyReport* report;
  std::vector<Membership>* memberships;
  ReferencedFiles* files;  // zip: distinct referenced files
  TreePacker* packer;      // zip with --import-path: packs them as they come
  FindingsSink* findings;  // of the rewritten lines
};

// The rewritten chunks (each line checked as it was written, ApplyStage), written in order.
struct ApplyConsumer : ApplyOutput {
  void consume(const Chunk& chunk, ApplyStage::Result& result) {
    std::string_view bytes = result.whole_chunk ? chunk.bytes() : std::string_view(result.out);
    sink->write(bytes);
    report->counts.merge(result.counts);
    report->bytes_in += chunk.size;
    memberships->insert(memberships->end(), result.memberships.begin(), result.memberships.end());
    add_files(files, packer, result, chunk);
    if (validator) {
      uint64_t first = report->lines_out + 1;
      tracker->consume(result.checked.out, first);
      findings->add_chunk(result.checked.out.findings, first);
      report->lines_out += result.lines_out;
    }
  }

  void overlong_line(uint64_t line, uint64_t bytes) {
    report->bytes_in += bytes;
    add_overlong_line(*findings, report->lines_out, line, bytes);
  }
};

// --since, pass 1: every BASE line split and hashed into the lines table, unparsed.
struct NoParser {};
struct BaseSplitPass {
  uint32_t process(const Chunk& chunk, NoParser&, SinceIndex::ChunkLines& lines) const {
    return SinceIndex::split(chunk, lines);
  }
};
struct BaseSplitConsumer {
  SinceIndex* index;
  void consume(const Chunk& chunk, SinceIndex::ChunkLines& lines) { index->add_lines(lines, chunk.first_line); }
  void overlong_line(uint64_t line, uint64_t bytes) { index->add_overlong(line, bytes); }
};

// --since, pass 2: the new export against BASE's lines, unparsed; what is not unchanged is kept by
// its place and keyed, while its chunk is at hand, into a table of its own, which the look at BASE
// (pass 3) finds what is gone and what was edited in.
struct KeysParsers {
  simdjson::ondemand::parser parser;
  LineKeyer keyer;
  LineDigest digest;
};
struct SiftResult {
  DeltaSift::Result sifted;
  std::vector<SinceIndex::Entry> entries;
};
struct SiftPass {
  const DeltaSift* sift;
  uint32_t process(const Chunk& chunk, KeysParsers& p, SiftResult& r) const {
    uint32_t n = sift->process(chunk, r.sifted);
    r.entries.clear();
    for (const DeltaSift::Kept& k : r.sifted.kept) {
      p.keyer.digest(p.parser, DeltaSift::line_of(chunk, r.sifted, k), p.digest);
      SinceIndex::entries_of(p.digest, r.entries);
    }
    return n;
  }
};
struct SiftConsumer {
  std::vector<LineSpan>* spans;
  SinceIndex* keys;
  uint64_t unchanged = 0;
  uint64_t end = 0;  // where the last chunk ended in the stream
  void consume(const Chunk& chunk, SiftResult& r) {
    unchanged += r.sifted.unchanged;
    for (const DeltaSift::Kept& k : r.sifted.kept)
      spans->push_back({k.offset, k.bytes, chunk.first_line + k.index, false});
    keys->add(r.entries);
    end = chunk.offset + chunk.size;
  }
  // Reported by the writing pass, in its place.
  void overlong_line(uint64_t line, uint64_t bytes) {
    spans->push_back({end, bytes, line, true});
    end += bytes;
  }
};

void add_events(SinceReport& since, std::vector<DeltaEvent>& events, const Chunk& chunk) {
  for (DeltaEvent& e : events) {
    if (since.events.size() >= SinceReport::kMaxEvents) break;
    e.line = chunk.line_number(e.line);
    since.events.push_back(std::move(e));
  }
}

// --since, pass 4 (writing): the source's kept lines against the table, validated, then written in
// order. (bytes_in and lines_in are the sift's: it read every line.)
struct DeltaConsumer : ApplyOutput {

  void check(const Chunk& chunk, DeltaStage::Result& r, Revalidation& v) const {
    // The version line, which the validator wants as line 1, comes first in the first chunk.
    v.check(validator, chunk, &r.out);
  }

  void consume(const Chunk& chunk, DeltaStage::Result& r, Revalidation& v) {
    sink->write(r.out);
    report->counts.merge(r.apply.counts);
    report->since->counts.merge(r.counts);
    add_events(*report->since, r.events, chunk);
    memberships->insert(memberships->end(), r.memberships.begin(), r.memberships.end());
    memberships->insert(memberships->end(), r.apply.memberships.begin(), r.apply.memberships.end());
    add_files(files, packer, r.apply, chunk);
    if (!validator) {
      report->lines_out += static_cast<uint64_t>(std::count(r.out.begin(), r.out.end(), '\n'));
      return;
    }
    v.consume(*tracker, *findings, report->lines_out);
  }

  void overlong_line(uint64_t line, uint64_t bytes) {
    report->since->counts.buckets[static_cast<size_t>(DeltaBucket::kUnkeyed)]++;
    add_overlong_line(*findings, report->lines_out, line, bytes);
  }
};

// --since, pass 3: BASE's lines read again (not seen, or not posts), each read once for all it
// gives: its keys into BASE's table (which the writing pass decides against), what the new export
// no longer has and BASE's texts of edited messages (BaseReview, against the new export's keys)
// and, for the validation, BASE's definitions as the plan rewrote them (on the target since phase 1).
struct BaseParsers {
  simdjson::ondemand::parser parser;
  LineKeyer keyer;
  LineDigest digest;
  ApplyStage::Scratch scratch;
  ApplyStage::Result rewritten;
  std::string line;
  simdjson::dom::parser dom;
};
struct BaseResult {
  std::vector<SinceIndex::Entry> entries;
  BaseReview::Result review;
  LineValidator::Result checked;
};
struct BasePass {
  const BaseReview* review;
  const ApplyStage* stage;
  const LineValidator* validator;  // null: no validation

  uint32_t process(const Chunk& chunk, BaseParsers& p, BaseResult& result) const {
    result.entries.clear();
    result.review.clear();
    result.checked.out.clear();
    return for_each_line(chunk, [&](const Line& line) {
      p.keyer.digest(p.parser, line, p.digest);
      SinceIndex::entries_of(p.digest, result.entries);
      review->process_line(line, p.digest, result.review);
      if (!validator || is_post_type(p.digest.type)) return;
      p.rewritten.clear();
      LineChange change = stage->rewrite_line(p.parser, line, p.scratch, p.rewritten);
      if (change == LineChange::kDropped) return;
      Line as_imported = line;
      if (change == LineChange::kRewritten) {
        p.line.clear();
        p.scratch.splice.write(p.line);
        size_t size = p.line.size();
        p.line.reserve(size + simdjson::SIMDJSON_PADDING);
        as_imported = Line{std::string_view(p.line.data(), size), line.index, p.line.capacity()};
      }
      validator->validate_line(p.dom, as_imported, false, result.checked);
    });
  }
};
struct BaseConsumer {
  SinceIndex* index;
  ReferenceTracker* tracker;  // null: no validation
  SinceReport* since;
  BaseTexts* texts;

  void consume(const Chunk& chunk, BaseResult& result) {
    index->add(result.entries);
    since->counts.merge(result.review.counts);
    add_events(*since, result.review.events, chunk);
    for (auto& [key, text] : result.review.texts) texts->emplace(key, std::move(text));
    if (tracker) tracker->add_target(result.checked.out, chunk);
  }
  void overlong_line(uint64_t, uint64_t) {}  // never in the delta's tables: the new export's is reported
};

std::string join_lines(const std::vector<std::string>& lines) {
  std::string out;
  for (const std::string& l : lines) out += "\n  " + l;
  return out;
}

}  // namespace

std::string membership_script_path(const std::string& out) { return out + ".memberships.sh"; }

ApplyReport run_apply(const ApplyOptions& options, const RunOptions& run) {
  auto start = std::chrono::steady_clock::now();
  PassTimer timer(run.timings);
  ApplyReport report;
  report.out = options.out;
  if (!ends_with(options.out, ".jsonl") && !ends_with(options.out, ".jsonl.zst") && !ends_with(options.out, ".zip"))
    throw Error(options.out + ": --out must end in .jsonl, .jsonl.zst or .zip");

  MergePlan plan = read_plan_file(options.plan);
  timer.mark("plan read");

  // The target: given, or the one the plan was made against.
  std::string target = options.target;
  if (target.empty() && !plan.target.empty()) {
    // As written (relative to where `plan` ran), else relative to the plan file.
    std::string beside_plan = (std::filesystem::path(options.plan).parent_path() / plan.target).string();
    if (is_regular_file(plan.target)) target = plan.target;
    else if (is_regular_file(beside_plan)) target = beside_plan;
  }
  report.target = target;

  // Before anything is written: no output is an input, inside the import tree, or another output.
  const std::string script_path = membership_script_path(options.out);
  RunPaths paths;
  paths.input("SOURCE", options.source);
  paths.input("--plan", options.plan);
  paths.input(options.target.empty() ? "plan's recorded target" : "--target", target);
  paths.input("--since", options.since);
  paths.import_tree(options.import_path);
  paths.output("--out", options.out);
  paths.output("memberships script", script_path);
  paths.output("--html", options.html);
  check_output_paths(paths);

  // Files are not checked by the validation: a fixed attachment path names a file that exists
  // only under its old path until the zip is packed (below).
  validate::ValidateOptions rules;
  InstanceNames names;
  ReferenceTracker tracker(names, !target.empty() || !options.since.empty());
  if (!target.empty()) {
    validate::ValidateOptions target_rules;  // no file checks on the target
    LineValidator target_validator(target_rules, nullptr);
    auto reader = open_chunk_reader(target, run.input, run.chunk_size);
    TargetConsumer consumer{&tracker};
    run_stage<simdjson::dom::parser, LineValidator::Result>(*reader, validate::DefinitionsStage{&target_validator},
                                                            consumer, pipeline_options(run, false));
  }
  // A delta goes onto a target that phase 1 already changed: the names the plan creates exist
  // there now, as phase 1 created them (`plan --previous-plan` checks that they are those), so only
  // the checks within the source are made.
  if (!target.empty()) timer.mark("target");
  const bool check_target = !target.empty() && options.since.empty();
  std::vector<std::string> problems = check_plan(plan, check_target ? &names : nullptr);
  if (!problems.empty())
    throw Error(fmt::format("{}: the plan cannot be applied ({} problem{}):{}", options.plan, problems.size(),
                            problems.size() == 1 ? "" : "s", join_lines(problems)));

  // The import tree, opened before any output: every file packed is read beneath it.
  std::unique_ptr<ImportTree> tree;
  if (!options.import_path.empty()) tree = std::make_unique<ImportTree>(options.import_path);

  RewriteMaps maps(plan);
  OutputSet outputs;
  JsonlSink sink(outputs, options.out);
  ReferencedFiles files;
  LineValidator validator(rules, &names);
  ApplyStage stage(maps, sink.is_zip(), options.validate ? &validator : nullptr);
  std::vector<Membership> memberships;
  FindingsSink findings(options.max_findings);
  // A zip of the tree is written as the files come, beside the transform; import.jsonl goes last.
  std::unique_ptr<StreamZipWriter> stream_zip;
  std::unique_ptr<TreePacker> packer;
  if (sink.is_zip() && tree) {
    stream_zip = std::make_unique<StreamZipWriter>(sink.zip_path());
    packer = std::make_unique<TreePacker>(*stream_zip, *tree, plan, options.source);
  }
  const ApplyOutput output{options.validate ? &validator : nullptr, &tracker, &sink, &report, &memberships,
                            sink.is_zip() ? &files : nullptr, packer.get(), &findings};
  if (options.since.empty()) {
    ApplyConsumer consumer{output};
    auto reader = open_chunk_reader(options.source, run.input, run.chunk_size);
    report.lines_in = run_stage<ScratchParsers<ApplyStage>, ApplyStage::Result>(
                          *reader, ScratchPass<ApplyStage>{&stage}, consumer, pipeline_options(run, true))
                          .lines;
  } else {
    report.since.emplace();
    SinceReport& since = *report.since;
    since.base = options.since;
    since.source = options.source;
    // Four passes (docs/apply.md): BASE and the source split and hashed, unparsed, the source's
    // lines that are not unchanged keyed on the way; then BASE's lines left (not seen, or not
    // posts) read again by their place, keyed and reviewed against them; then the source's kept
    // lines read again by their place and written.
    SinceIndex index;
    {
      BaseSplitConsumer consumer{&index};
      auto reader = open_chunk_reader(options.since, run.input, run.chunk_size);
      since.base_lines =
          run_stage<NoParser, SinceIndex::ChunkLines>(*reader, BaseSplitPass{}, consumer, pipeline_options(run, false))
              .lines;
    }
    timer.mark("BASE split");
    index.finish_lines();
    timer.mark("BASE sorted");
    std::vector<LineSpan> kept;
    uint64_t unchanged = 0;
    BaseTexts texts;
    {
      SinceIndex fresh;
      {
        DeltaSift sift(index);
        SiftConsumer consumer{&kept, &fresh};
        auto reader = open_chunk_reader(options.source, run.input, run.chunk_size);
        PipelineTotals totals = run_stage<KeysParsers, SiftResult>(*reader, SiftPass{&sift}, consumer,
                                                                   pipeline_options(run, false));
        report.lines_in = totals.lines;
        report.bytes_in = totals.bytes;
        unchanged = consumer.unchanged;
      }
      fresh.finish();
      timer.mark("source sifted");
      std::vector<LineSpan> base_kept = index.lines_to_read();
      BaseReview review(index, fresh);
      BasePass pass{&review, &stage, options.validate ? &validator : nullptr};
      BaseConsumer consumer{&index, options.validate ? &tracker : nullptr, &since, &texts};
      SpanChunker reader(options.since, base_kept, run.chunk_size);
      run_stage<BaseParsers, BaseResult>(reader, pass, consumer, pipeline_options(run, false));
      index.finish();
      since.index_bytes = index.bytes() + fresh.bytes();
      timer.mark("BASE reviewed");
    }
    DeltaStage write(index, stage, maps, texts);
    DeltaConsumer consumer{output};
    SpanChunker reader(options.source, kept, run.chunk_size);
    run_stage<ScratchParsers<DeltaStage>, DeltaStage::Result, Revalidation>(reader, ScratchPass<DeltaStage>{&write},
                                                                            consumer, pipeline_options(run, true));
    since.counts.buckets[static_cast<size_t>(DeltaBucket::kUnchanged)] += unchanged;
  }
  timer.mark("written");
  if (packer) {
    packer->finish();
    report.files_packed = packer->packed;
    report.files_missing = packer->missing;
    report.files_type_checked = packer->verifier().type_checked();
    report.files_hashed = packer->verifier().hashed();
    report.type_mismatches = packer->verifier().mismatches();
    report.type_mismatches_listed = std::move(packer->verifier().listed());
  }
  report.errors = findings.errors();
  report.warnings = findings.warnings();
  report.findings = std::move(findings.kept());
  report.validated = options.validate;
  report.bytes_out = sink.bytes_written();
  report.memberships = memberships.size();
  if (!options.validate && !report.since) report.lines_out = report.lines_in - report.counts[Change::kLinesDropped];
  if (report.errors > 0) {
    report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return report;  // nothing committed: the output set's destructor removes every temporary
  }

  // The script goes with its output; without left-out users an earlier run's script of the same
  // output is removed by the same commit, so it cannot be taken for this run's.
  if (!memberships.empty()) {
    report.memberships_script = script_path;
    OutputFile& script = outputs.file(script_path);
    write_membership_script(memberships, [&](std::string_view piece) { script.write(piece); });
  } else {
    outputs.remove(script_path);
  }

  sink.finish_jsonl();
  // Deflated on as many threads as the pipeline ran on (io/ParallelDeflate.h).
  auto threads = static_cast<unsigned>(
      tbb::global_control::active_value(tbb::global_control::max_allowed_parallelism));
  if (stream_zip) {
    stream_zip->add_deflated("import.jsonl", sink.jsonl_path(), threads);
    timer.mark("zip: import.jsonl deflated");
    stream_zip->finish();
  } else if (sink.is_zip()) {
    // Without the tree: the files come from the source zip, copied by libzip as the archive is
    // written.
    ZipWriter zip(sink.zip_path());
    zip.add_file("import.jsonl", sink.jsonl_path(), false, threads);
    // A fixed attachment's file is its old path's, packed under the new path.
    std::unordered_map<std::string, std::string> fixed_from;
    for (const auto& [path, fix] : plan.attachments)
      if (fix.action == AttachmentAction::kFix) fixed_from.emplace(fix.new_path, path);
    std::vector<std::string> sorted;
    sorted.reserve(files.size());
    for (const auto& [path, use] : files) sorted.push_back(path);
    std::sort(sorted.begin(), sorted.end());
    for (const std::string& path : sorted) {
      std::optional<std::string> entry = resolve_import_path(path);
      auto from = fixed_from.find(path);
      std::optional<std::string> source_entry = from == fixed_from.end() ? entry : resolve_import_path(from->second);
      bool packed = entry && source_entry && ends_with(options.source, ".zip") &&
                    zip.add_from_zip(*entry, options.source, *source_entry);
      (packed ? report.files_packed : report.files_missing)++;
    }
    zip.commit();
  }
  outputs.commit();
  timer.mark("committed");
  report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return report;
}

}  // namespace mm
