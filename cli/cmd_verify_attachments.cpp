#include <cstdio>

#include <fmt/format.h>

#include "cli/Command.h"
#include "io/Error.h"
#include "io/JsonWriter.h"
#include "io/TextEscape.h"
#include "commands/VerifyAttachmentsJob.h"
#include "stages/ImportLayout.h"

namespace mm::cli {

namespace {

std::string hash_hex(const XXH128_hash_t& h) { return fmt::format("{:016x}{:016x}", h.high64, h.low64); }

// "FILE:LINE: path: problem (detected type, expected type)"
std::string issue_line(const std::string& input, const AttachmentIssue& i) {
  std::string s = fmt::format("{}:{}: {}: {}", escaped(input), i.line, escaped(i.path), name_of(i.problem));
  switch (i.problem) {
    case FileProblem::kTypeMismatch: s += fmt::format(" ({}, {})", escaped(i.detected), escaped(i.expected)); break;
    case FileProblem::kExtensionUnknown:
      s += fmt::format(" ({}, {})", escaped(i.detected),
                       escaped(i.extension.empty() ? "no extension" : "unknown extension ." + i.extension));
      break;
    case FileProblem::kMissing:
    case FileProblem::kUnreadable:
    case FileProblem::kOutsideTree:
    case FileProblem::kTooLarge:
      if (!i.detail.empty()) s += fmt::format(" ({})", escaped(i.detail));
      break;
    default: break;
  }
  if (i.problem != FileProblem::kNone && i.severity == Severity::kWarning) s += " [warning]";
  if (!i.fix.empty()) s += fmt::format("; fix-out: {}", escaped(i.fix));
  return s;
}

void print_text(const VerifyAttachmentsReport& r, const VerifyAttachmentsOptions& o) {
  for (const Finding& f : r.malformed) fmt::print("{}:{}: malformed line skipped: {}\n", escaped(r.input), f.line, escaped(f.message));
  if (r.malformed_count > r.malformed.size())
    fmt::print("{}: … and {} more malformed lines\n", escaped(r.input), r.malformed_count - r.malformed.size());
  for (const AttachmentIssue& i : r.issues) fmt::print("{}\n", issue_line(r.input, i));
  if (r.issue_count > r.issues.size())
    fmt::print("{}: … and {} more problems not listed (counted below)\n", r.input, r.issue_count - r.issues.size());
  for (const DuplicateGroup& g : r.duplicates) {
    fmt::print("duplicate {} {} bytes:", hash_hex(g.hash), g.size);
    for (const std::string& p : g.paths) fmt::print(" {}", escaped(p));
    fmt::print("\n");
  }
  double files_per_s = r.seconds > 0 ? r.references / r.seconds : 0;
  double mb_per_s = r.seconds > 0 ? r.bytes_read / r.seconds / 1e6 : 0;
  fmt::print("{}: {} attachment files checked under {}\n", escaped(r.input), r.references, escaped(o.import_dir));
  fmt::print("  references        {:>12}  ({} emoji images, {} profile images)\n", r.references, r.emoji_images,
             r.profile_images);
  fmt::print("  ok                {:>12}\n", r.ok);
  for (size_t k = 1; k < kFileProblemCount; ++k)
    fmt::print("  {:<17} {:>12}\n", name_of(static_cast<FileProblem>(k)), r.by_problem[k]);
  if (r.malformed_count) fmt::print("  malformed lines   {:>12}\n", r.malformed_count);
  fmt::print("  errors            {:>12}\n", r.errors);
  fmt::print("  warnings          {:>12}\n", r.warnings);
  fmt::print("  bytes read        {:>12}\n", r.bytes_read);
  fmt::print("  orphans           {:>12}  ({} bytes)\n", r.orphan_count, r.orphan_bytes);
  if (o.hash) {
    uint64_t files = 0, redundant = 0;
    for (const DuplicateGroup& g : r.duplicates) {
      files += g.paths.size();
      redundant += g.size * (g.paths.size() - 1);
    }
    fmt::print("  duplicate groups  {:>12}  ({} files, {} redundant bytes)\n", r.duplicates.size(), files, redundant);
  }
  if (!o.fix_out.empty())
    fmt::print("  fix-out           {}/import.jsonl: {} files linked ({} copied), {} renamed, {} references and {} lines dropped\n",
               escaped(o.fix_out), r.fix_linked, r.fix_copied, r.fix_renamed, r.fix_dropped, r.fix_dropped_lines);
  fmt::print("  elapsed           {:>12.3f} s ({:.0f} files/s, {:.1f} MB/s)\n", r.seconds, files_per_s, mb_per_s);
}

void print_json(const VerifyAttachmentsReport& r, const VerifyAttachmentsOptions& o) {
  std::string out;
  JsonWriter w(out);
  w.begin_object();
  w.key("input").value(r.input);
  w.key("import_path").value(o.import_dir);
  w.key("attachments").value(r.references);
  w.key("emoji_images").value(r.emoji_images);
  w.key("profile_images").value(r.profile_images);
  w.key("ok").value(r.ok);
  w.key("errors").value(r.errors);
  w.key("warnings").value(r.warnings);
  w.key("by_problem").begin_object();
  for (size_t k = 1; k < kFileProblemCount; ++k) w.key(name_of(static_cast<FileProblem>(k))).value(r.by_problem[k]);
  w.end_object();
  w.key("problems_count").value(r.issue_count);
  w.key("problems").begin_array();
  for (const AttachmentIssue& i : r.issues) {
    w.begin_object();
    w.key("line").value(i.line);
    w.key("path").value(i.path);
    w.key("field").value(i.field);
    w.key("problem").value(name_of(i.problem));
    w.key("severity").value(i.problem == FileProblem::kNone ? "none" : i.severity == Severity::kError ? "error" : "warning");
    w.key("detected").value(i.detected);
    w.key("extension").value(i.extension);
    if (!i.expected.empty()) w.key("expected").value(i.expected);
    if (!i.detail.empty()) w.key("detail").value(i.detail);
    if (!i.fix.empty()) w.key("fix").value(i.fix);
    w.end_object();
  }
  w.end_array();
  w.key("malformed_lines").begin_array();
  for (const Finding& f : r.malformed) w.begin_object().key("line").value(f.line).key("message").value(f.message).end_object();
  w.end_array();
  w.key("orphans").begin_object();
  w.key("count").value(r.orphan_count).key("bytes").value(r.orphan_bytes);
  w.key("paths").begin_array();
  for (const std::string& p : r.orphan_paths) w.value(p);
  w.end_array();
  w.end_object();
  w.key("duplicates").begin_array();
  for (const DuplicateGroup& g : r.duplicates) {
    w.begin_object().key("xxh3_128").value(hash_hex(g.hash)).key("size").value(g.size).key("paths").begin_array();
    for (const std::string& p : g.paths) w.value(p);
    w.end_array().end_object();
  }
  w.end_array();
  if (!o.fix_out.empty()) {
    w.key("fix_out").begin_object();
    w.key("path").value(o.fix_out);
    w.key("linked").value(r.fix_linked).key("copied").value(r.fix_copied).key("renamed").value(r.fix_renamed);
    w.key("dropped_references").value(r.fix_dropped).key("dropped_lines").value(r.fix_dropped_lines);
    w.end_object();
  }
  w.key("bytes_read").value(r.bytes_read);
  w.key("elapsed_seconds").value(r.seconds);
  w.key("files_per_second").value(r.seconds > 0 ? r.references / r.seconds : 0.0);
  w.key("mb_per_second").value(r.seconds > 0 ? r.bytes_read / r.seconds / 1e6 : 0.0);
  w.end_object();
  out += '\n';
  std::fwrite(out.data(), 1, out.size(), stdout);
}

}  // namespace

void add_verify_attachments_command(CLI::App& app, CommonOptions& common, CommandRun& run) {
  auto* sub = app.add_subcommand("verify-attachments",
                                 "Check every attachment, emoji image and profile image an export refers to under an import directory");
  static std::string input;
  static VerifyAttachmentsOptions options;
  static bool json = false;
  sub->add_option("EXPORT", input, "Export: .jsonl, .jsonl.zst or mmctl .zip")->required();
  sub->add_option("--import-path", options.import_dir, "Directory that holds data/, or the export .zip itself (paths in lines are relative to data/)")
      ->required();
  sub->add_flag("--json", json, "Print one JSON document to stdout");
  sub->add_flag("--hash", options.hash, "Hash every file (XXH3-128) and report groups of identical files");
  sub->add_option("--fix-out", options.fix_out,
                  "Write a corrected export and its attachment tree to this new (or empty) directory");
  add_common_options(sub, common);
  sub->callback([&run, &common] {
    run = [&common] {
      check_import_layout(options.import_dir);
      VerifyAttachmentsReport report = run_verify_attachments(input, options, make_run_options(common));
      if (json) print_json(report, options);
      else print_text(report, options);
      return report.errors ? kExitFindings : kExitOk;
    };
  });
}

}  // namespace mm::cli
