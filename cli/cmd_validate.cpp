#include <cstdio>
#include <filesystem>

#include <fmt/format.h>

#include "cli/Command.h"
#include "io/Error.h"
#include "io/ImportTree.h"
#include "io/JsonWriter.h"
#include "io/TextEscape.h"
#include "commands/ValidateJob.h"
#include "stages/ImportLayout.h"

namespace mm::cli {

namespace {

std::string place(const Finding& f) {
  if (f.field.empty()) return f.type;
  return f.type + "." + f.field;
}

void print_text(const ValidateReport& r) {
  std::string out;
  for (const Finding& f : r.findings)
    out += fmt::format("{}:{}: {}: {}{} [{}]\n", escaped(r.input), f.line, escaped(place(f)),
                       f.severity == Severity::kWarning ? "warning: " : "", escaped(f.message), escaped(f.rule));
  if (r.truncated())
    out += fmt::format("{}: … {} more findings not shown (--max-errors)\n", escaped(r.input),
                       r.errors + r.warnings - r.findings.size());
  std::fwrite(out.data(), 1, out.size(), stdout);

  fmt::print("\n{}: {}\n", escaped(r.input), r.valid() ? "valid" : "INVALID");
  if (std::string e = describe_export(r.info); !e.empty()) fmt::print("  export          {}\n", escaped(e));
  fmt::print("  lines           {:>14}\n", r.lines);
  for (size_t i = 0; i < kLineTypeCount; ++i)
    if (r.counts[i]) fmt::print("    {:<15} {:>12}\n", kLineTypeNames[i], r.counts[i]);
  fmt::print("  errors          {:>14}\n", r.errors);
  for (const auto& [rule, n] : r.errors_by_rule) fmt::print("    {:>10}  {}\n", n, escaped(rule));
  fmt::print("  warnings        {:>14}\n", r.warnings);
  for (const auto& [rule, n] : r.warnings_by_rule) fmt::print("    {:>10}  {}\n", n, escaped(rule));
  if (!r.target.empty())
    fmt::print("  target          {} ({} lines, {} names, {:.3f} s)\n", escaped(r.target), r.target_lines,
               r.target_definitions, r.target_seconds);
  double mbs = r.seconds > 0 ? r.bytes / r.seconds / 1e6 : 0;
  double lps = r.seconds > 0 ? r.lines / r.seconds : 0;
  fmt::print("  elapsed         {:>14.3f} s ({:.0f} MB/s, {:.0f} lines/s)\n", r.seconds, mbs, lps);
}

void print_json(const ValidateReport& r) {
  std::string out;
  JsonWriter w(out);
  w.begin_object();
  w.key("input").value(r.input);
  w.key("valid").value(r.valid());
  w.key("lines").value(r.lines);
  w.key("bytes").value(r.bytes);
  write_export_info(w, r.info);
  w.key("counts").begin_object();
  for (size_t i = 0; i < kLineTypeCount; ++i) w.key(kLineTypeNames[i]).value(r.counts[i]);
  w.end_object();
  w.key("error_count").value(r.errors);
  w.key("warning_count").value(r.warnings);
  w.key("errors_by_rule").begin_object();
  for (const auto& [rule, n] : r.errors_by_rule) w.key(rule).value(n);
  w.end_object();
  w.key("warnings_by_rule").begin_object();
  for (const auto& [rule, n] : r.warnings_by_rule) w.key(rule).value(n);
  w.end_object();
  auto list = [&](std::string_view key, Severity severity) {
    w.key(key).begin_array();
    for (const Finding& f : r.findings) {
      if (f.severity != severity) continue;
      w.begin_object().key("line").value(f.line).key("type").value(f.type).key("field").value(f.field);
      w.key("rule").value(f.rule).key("message").value(f.message).end_object();
    }
    w.end_array();
  };
  list("errors", Severity::kError);
  list("warnings", Severity::kWarning);
  w.key("truncated").value(r.truncated());
  if (!r.target.empty())
    w.key("target").begin_object().key("path").value(r.target).key("lines").value(r.target_lines).end_object();
  w.key("elapsed_seconds").value(r.seconds);
  w.key("mb_per_second").value(r.seconds > 0 ? r.bytes / r.seconds / 1e6 : 0.0);
  w.key("lines_per_second").value(r.seconds > 0 ? r.lines / r.seconds : 0.0);
  w.end_object();
  out += '\n';
  std::fwrite(out.data(), 1, out.size(), stdout);
}

}  // namespace

void add_validate_command(CLI::App& app, CommonOptions& common, CommandRun& run) {
  auto* sub = app.add_subcommand("validate", "Check an export against the Mattermost importer's rules, every line");
  static std::string input;
  static std::string import_path;
  static std::string target;
  static bool json = false;
  static size_t max_errors = 1000;
  static size_t max_post_size = validate::kDefaultMaxPostSize;
  sub->add_option("EXPORT", input, "Export: .jsonl, .jsonl.zst or mmctl .zip")->required();
  sub->add_option("--import-path", import_path,
                  "Directory holding the export's data/ (an unpacked mmctl export), or the export .zip itself: "
                  "attachment, emoji and profile image files must exist under its data/");
  sub->add_option("--target", target,
                  "Export of the instance the file will be imported into: its teams, channels, users, emoji "
                  "and schemes resolve references; its archived channels cannot be imported into");
  sub->add_flag("--json", json, "Print one JSON document to stdout");
  sub->add_option("--max-errors", max_errors, "Print at most N findings (all are counted; 0: the first 10,000; default 1000)");
  sub->add_option("--max-post-size", max_post_size,
                  "Maximum message length in characters (the target's MaxPostSize; default 16383)")
      ->check(CLI::Range(size_t{1}, size_t{1} << 30));
  add_common_options(sub, common);
  sub->callback([&run, &common] {
    run = [&common] {
      ValidateRunOptions options;
      options.rules.max_post_size = max_post_size;
      options.max_findings = max_errors;
      options.target = target;
      if (!import_path.empty()) {
        check_import_layout(import_path);
        options.rules.import_tree = std::make_shared<ImportTree>(import_path);
      }
      ValidateReport report = run_validate(input, options, make_run_options(common));
      if (json) print_json(report);
      else print_text(report);
      return report.valid() ? kExitOk : kExitFindings;
    };
  });
}

}  // namespace mm::cli
