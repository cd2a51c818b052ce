#include "commands/ApplyJob.h"

#include <sys/stat.h>
#include <unistd.h>

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
#include "io/ZipWriter.h"
#include "pipeline/StageJob.h"
#include "stages/ApplyStage.h"
#include "stages/ImportPath.h"
#include "stages/MembershipScript.h"
#include "stages/PlanCheck.h"
#include "model/PlanFile.h"
#include "stages/validate/LineValidator.h"
#include "stages/validate/ReferenceTracker.h"

namespace mm {

namespace {

using validate::LineValidator;
using validate::NameTable;
using validate::ReferenceTracker;

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

bool is_regular_file(const std::string& path) {
  struct stat st;
  return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

// One pass over the target: the names the plan is re-checked against and, for validation, its
// definitions. Post lines are skipped unparsed.
struct TargetParsers {
  simdjson::ondemand::parser parser;
  simdjson::dom::parser dom;
};
struct TargetChunk {
  TargetNames names;
  LineValidator::Result result;
};
struct TargetPass {
  const LineValidator* validator;  // null: no validation

  static bool is_post_line(std::string_view text) {
    return text.starts_with(R"({"type":"post")") || text.starts_with(R"({"type":"direct_post")");
  }

  uint32_t process(const Chunk& chunk, TargetParsers& parsers, TargetChunk& out) const {
    out.names = TargetNames();
    out.result.out.clear();
    return for_each_line(chunk, [&](const Line& line) {
      if (is_post_line(line.text)) return;
      out.names.add_line(parsers.parser, line);
      if (validator) validator->validate_line(parsers.dom, line, false, out.result);
    });
  }
};
struct TargetConsumer {
  TargetNames* names;
  ReferenceTracker* tracker;  // null: no validation

  void consume(const Chunk& chunk, TargetChunk& out) {
    names->merge(out.names);
    if (!tracker) return;
    for (const validate::Definition& d : out.result.out.defs) {
      validate::NameDef def = d.def;
      def.line = chunk.first_line + d.line;
      def.in_target = true;
      tracker->add_target(d.kind, d.key, def);
    }
  }
  void overlong_line(uint64_t, uint64_t) {}  // not a name the plan is checked against
};

// Where the rewritten lines go: an output of the set (.jsonl, .jsonl.zst), or for a zip a
// .jsonl in the zip's staging directory, packed at the end (and removed with that directory).
class JsonlSink {
 public:
  JsonlSink(OutputSet& outputs, const std::string& out) {
    if (ends_with(out, ".zip")) {
      zip_path_ = outputs.staged_file(out);
      jsonl_ = std::make_unique<OutputFile>(std::filesystem::path(zip_path_).replace_filename("import.jsonl").string());
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

struct ApplyParsers {
  simdjson::ondemand::parser parser;
  ApplyStage::Scratch scratch;
};
struct ApplyPass {
  const ApplyStage* stage;
  uint32_t process(const Chunk& chunk, ApplyParsers& p, ApplyStage::Result& result) const {
    return stage->process(chunk, p.parser, p.scratch, result);
  }
};

// Validation of the rewritten bytes (the pipeline's second parallel stage), per slot.
struct Revalidation {
  simdjson::dom::parser dom;
  LineValidator::Result checked;
  Chunk out_chunk;  // a view of the output bytes for the validator
  uint32_t out_lines = 0;
};

// The rewritten chunks, validated, then written in order.
struct ApplyConsumer {
  const LineValidator* validator;  // null: no validation
  ReferenceTracker* tracker;
  JsonlSink* sink;
  ApplyReport* report;
  std::vector<Membership>* memberships;
  std::unordered_set<std::string>* files;  // zip: distinct referenced files
  FindingsSink* findings;  // of the rewritten lines

  void check(const Chunk& chunk, ApplyStage::Result& result, Revalidation& v) const {
    v.out_lines = 0;
    if (!validator) return;
    Chunk& view = v.out_chunk;
    if (result.whole_chunk) {
      view.data = chunk.data;
      view.size = chunk.size;
    } else {
      std::string& out = result.out;
      out.reserve(out.size() + simdjson::SIMDJSON_PADDING);  // simdjson reads past the end
      view.data = out.data();
      view.size = out.size();
    }
    view.offset = chunk.offset == 0 ? 0 : 1;  // the validator checks line 1 in the first chunk
    view.seq = chunk.seq;
    v.out_lines = validator->process(view, v.dom, v.checked);
  }

  void consume(const Chunk& chunk, ApplyStage::Result& result, Revalidation& v) {
    std::string_view bytes = result.whole_chunk ? chunk.bytes() : std::string_view(result.out);
    sink->write(bytes);
    report->counts.merge(result.counts);
    report->bytes_in += chunk.size;
    memberships->insert(memberships->end(), result.memberships.begin(), result.memberships.end());
    if (files)
      for (std::string& f : result.files) files->insert(std::move(f));
    if (!validator) return;
    uint64_t first = report->lines_out + 1;
    tracker->consume(v.checked.out, first);
    findings->add_chunk(v.checked.out.findings, first);
    report->lines_out += v.out_lines;
  }

  // An error with or without validation: the importer would stop at this line, so no output.
  void overlong_line(uint64_t line, uint64_t bytes) {
    report->bytes_in += bytes;
    Finding f = overlong_line_finding(report->lines_out + 1, bytes);
    f.message += fmt::format(" (source line {})", line);
    findings->add(std::move(f));
  }
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
  ApplyReport report;
  report.out = options.out;
  if (!ends_with(options.out, ".jsonl") && !ends_with(options.out, ".jsonl.zst") && !ends_with(options.out, ".zip"))
    throw Error(options.out + ": --out must end in .jsonl, .jsonl.zst or .zip");

  MergePlan plan = read_plan_file(options.plan);

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
  paths.import_tree(options.import_path);
  paths.output("--out", options.out);
  paths.output("memberships script", script_path);
  paths.output("--html", options.html);
  check_output_paths(paths);

  // Files are not checked by the validation: a fixed attachment path names a file that exists
  // only under its old path until the zip is packed (below).
  validate::ValidateOptions rules;
  NameTable names;
  ReferenceTracker tracker(names, !target.empty());
  TargetNames target_names;
  if (!target.empty()) {
    validate::ValidateOptions target_rules;  // no file checks on the target
    LineValidator target_validator(target_rules, nullptr);
    auto reader = open_chunk_reader(target, run.input, run.chunk_size);
    TargetConsumer consumer{&target_names, options.validate ? &tracker : nullptr};
    run_stage<TargetParsers, TargetChunk>(*reader, TargetPass{options.validate ? &target_validator : nullptr},
                                          consumer, pipeline_options(run, false));
  }
  std::vector<std::string> problems = check_plan(plan, target.empty() ? nullptr : &target_names);
  if (!problems.empty())
    throw Error(fmt::format("{}: the plan cannot be applied ({} problem{}):{}", options.plan, problems.size(),
                            problems.size() == 1 ? "" : "s", join_lines(problems)));

  // The import tree, opened before any output: every file packed is read beneath it.
  std::unique_ptr<ImportTree> tree;
  if (!options.import_path.empty()) tree = std::make_unique<ImportTree>(options.import_path);

  RewriteMaps maps(plan);
  OutputSet outputs;
  JsonlSink sink(outputs, options.out);
  std::unordered_set<std::string> files;
  ApplyStage stage(maps, sink.is_zip());
  LineValidator validator(rules, &names);
  std::vector<Membership> memberships;
  FindingsSink findings(options.max_findings);
  ApplyConsumer consumer{options.validate ? &validator : nullptr, &tracker, &sink, &report, &memberships,
                         sink.is_zip() ? &files : nullptr, &findings};
  auto reader = open_chunk_reader(options.source, run.input, run.chunk_size);
  report.lines_in =
      run_stage<ApplyParsers, ApplyStage::Result, Revalidation>(*reader, ApplyPass{&stage}, consumer,
                                                                pipeline_options(run, true))
          .lines;
  report.errors = findings.errors();
  report.warnings = findings.warnings();
  report.findings = std::move(findings.kept());
  report.validated = options.validate;
  report.bytes_out = sink.bytes_written();
  report.memberships = memberships.size();
  if (!options.validate) report.lines_out = report.lines_in - report.counts[Change::kLinesDropped];
  if (report.errors > 0) {
    report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return report;  // nothing committed: the output set's destructor removes every temporary
  }

  // The script goes with its output; without left-out users an earlier run's script of the same
  // output is removed by the same commit, so it cannot be taken for this run's.
  if (!memberships.empty()) {
    report.memberships_script = script_path;
    outputs.file(script_path).write(format_membership_script(memberships));
  } else {
    outputs.remove(script_path);
  }

  sink.finish_jsonl();
  if (sink.is_zip()) {
    ZipWriter zip(sink.zip_path());
    zip.add_file("import.jsonl", sink.jsonl_path(), false);
    // A fixed attachment's file is its old path's, packed under the new path.
    std::unordered_map<std::string, std::string> fixed_from;
    for (const auto& [path, fix] : plan.attachments)
      if (fix.action == AttachmentAction::kFix) fixed_from.emplace(fix.new_path, path);
    std::vector<std::string> sorted(files.begin(), files.end());
    std::sort(sorted.begin(), sorted.end());
    for (const std::string& path : sorted) {
      std::optional<std::string> entry = resolve_import_path(path);
      auto from = fixed_from.find(path);
      std::optional<std::string> source_entry = from == fixed_from.end() ? entry : resolve_import_path(from->second);
      bool packed = false;
      if (entry && source_entry) {
        if (tree) {
          struct stat st;
          if (tree->stat(*source_entry, st) == 0) {
            if (S_ISREG(st.st_mode)) {
              zip.add_tree_file(*entry, *tree, *source_entry, static_cast<uint64_t>(st.st_size), st.st_mtime);
              packed = true;
            }
          } else if (leaves_tree(errno)) {
            // Never packed, whatever the plan says: the zip goes onto the target server.
            throw Error(fmt::format("{}: \"{}\" ({}/{}): {}; nothing was written (`plan --import-path` drops "
                                    "such a file from the import)",
                                    options.source, path, tree->dir(), *source_entry, kLeavesTreeDetail));
          }
        } else if (ends_with(options.source, ".zip")) {
          packed = zip.add_from_zip(*entry, options.source, *source_entry);
        }
      }
      (packed ? report.files_packed : report.files_missing)++;
    }
    zip.commit();
  }
  outputs.commit();
  report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return report;
}

}  // namespace mm
