#include <cstdio>
#include <optional>

#include <fmt/format.h>

#include "cli/Command.h"
#include "io/Error.h"
#include "io/TextEscape.h"
#include "commands/ApplyJob.h"
#include "stages/ImportLayout.h"
#include "report/ApplyJson.h"
#include "report/ReportOutput.h"

namespace mm::cli {

namespace {

void print_summary(const ApplyReport& r) {
  for (const Finding& f : r.findings) {
    std::string place = f.field.empty() ? f.type : f.type + "." + f.field;
    fmt::print(stderr, "{}:{}: {}: {}{} [{}]\n", escaped(r.out), f.line, escaped(place),
               f.severity == Severity::kWarning ? "warning: " : "", escaped(f.message), escaped(f.rule));
  }
  if (r.findings.size() < r.errors + r.warnings)
    fmt::print(stderr, "{}: … {} more findings not shown\n", escaped(r.out), r.errors + r.warnings - r.findings.size());
  if (r.errors) {
    fmt::print(stderr, "mattermerge: the rewritten export has {} error{} by the importer's rules: nothing written\n",
               r.errors, r.errors == 1 ? "" : "s");
    return;
  }
  fmt::print("{}\n", escaped(r.out));
  fmt::print("  lines in        {:>14}\n", r.lines_in);
  fmt::print("  lines out       {:>14}\n", r.lines_out);
  for (size_t i = 0; i < kChangeCount; ++i)
    if (r.counts.n[i]) fmt::print("  {:<22} {:>7}\n", kChangeNames[i], r.counts.n[i]);
  if (!r.memberships_script.empty())
    fmt::print("  memberships     {:>14}  (mmctl commands in {})\n", r.memberships, escaped(r.memberships_script));
  if (r.files_packed || r.files_missing)
    fmt::print("  files packed    {:>14}  ({} referenced files not found under --import-path)\n", r.files_packed,
               r.files_missing);
  if (r.files_type_checked || r.files_hashed) {
    fmt::print("  files verified  {:>14}  (content type checked; {} hashed, XXH3-128, in the read that packed them)\n",
               r.files_type_checked, r.files_hashed);
    if (r.type_mismatches)
      fmt::print("  type mismatches {:>14}  (the server keeps them: not image extensions)\n", r.type_mismatches);
    for (const PackedTypeMismatch& m : r.type_mismatches_listed)
      fmt::print("    {} (source line {}): the content is {}, its name says {}\n", escaped(m.path), m.line,
                 escaped(m.detected), escaped(m.expected));
    if (r.type_mismatches > r.type_mismatches_listed.size())
      fmt::print("    … {} more not listed\n", r.type_mismatches - r.type_mismatches_listed.size());
  }
  if (r.since) {
    const SinceReport& d = *r.since;
    fmt::print("  since           {}  ({} lines, a table of {:.1f} MiB)\n", escaped(d.base), d.base_lines,
               static_cast<double>(d.index_bytes) / (1024.0 * 1024.0));
    for (size_t i = 0; i < kDeltaBucketCount; ++i)
      fmt::print("    {:<20} {:>10}\n", kDeltaBucketNames[i], d.counts.buckets[i]);
    for (size_t i = 0; i < kDeltaNoteCount; ++i)
      if (d.counts.notes[i]) fmt::print("    {:<20} {:>10}\n", kDeltaNoteNames[i], d.counts.notes[i]);
    for (const DeltaEvent& e : d.events)
      fmt::print("    {} {}:{}: {}\n", kDeltaNoteNames[static_cast<size_t>(e.note)],
                 escaped(e.note >= DeltaNote::kPostDeleted ? d.base : d.source), e.line, escaped(e.what));
    uint64_t listed = d.events.size(), all = 0;
    for (size_t i = 0; i < kDeltaNoteCount; ++i) all += d.counts.notes[i];
    all -= d.counts[DeltaNote::kMembershipAdded];
    if (listed < all) fmt::print("    … {} more in the --json summary's counts\n", all - listed);
    fmt::print("  delta size      {:>14}  bytes, {:.1f}% of the source's {}\n", r.bytes_out,
               r.bytes_in ? 100.0 * static_cast<double>(r.bytes_out) / static_cast<double>(r.bytes_in) : 0.0,
               r.bytes_in);
  }
  fmt::print("  plan checked    {:>14}\n",
             escaped(r.target.empty() ? "within the source only (no target)"
                     : r.since             ? "within the source only (--since: the target has phase 1's names)"
                                           : "against " + r.target));
  fmt::print("  validated       {:>14}\n", r.validated ? fmt::format("{} warnings", r.warnings) : std::string("no"));
  double mbs = r.seconds > 0 ? r.bytes_in / r.seconds / 1e6 : 0;
  double lps = r.seconds > 0 ? r.lines_in / r.seconds : 0;
  fmt::print("  elapsed         {:>14.3f} s ({:.0f} MB/s, {:.0f} lines/s)\n", r.seconds, mbs, lps);
}

}  // namespace

void add_apply_command(CLI::App& app, CommonOptions& common, CommandRun& run) {
  auto* sub = app.add_subcommand("apply", "Rewrite a source export by a merge plan, ready to import into the target");
  static ApplyOptions options;
  static bool no_validate = false, json = false;
  static std::string html;
  sub->add_option("SOURCE", options.source, "Source export: .jsonl, .jsonl.zst or mmctl .zip")->required();
  sub->add_option("--plan", options.plan, "Plan file written by `mattermerge plan` (TOML)")->required();
  sub->add_option("--out", options.out, "Output: .jsonl, .jsonl.zst, or .zip (import.jsonl + data/)")->required();
  sub->add_option("--import-path", options.import_path, "Directory that holds the source's data/ (attachments), or the export .zip itself");
  sub->add_option("--target", options.target,
                  "Target export: the plan is re-checked and the output validated against it "
                  "(default: the plan's recorded target, when that file exists)");
  sub->add_option("--since", options.since,
                  "Write only what changed since this earlier export of the source (the one phase 1 imported)");
  sub->add_option("--max-errors", options.max_findings, "Findings printed at most (all are counted; 0: the first 10,000)")->capture_default_str();
  sub->add_flag("--no-validate", no_validate, "Do not check the rewritten lines by the importer's rules");
  sub->add_option("--html", html, "Add the summary to this report page (from `plan --html`), or write a page of it");
  sub->add_flag("--json", json, "Print the summary as one JSON document to stdout");
  add_common_options(sub, common);
  sub->add_flag("--timings", common.timings, "Print each pass's wall and CPU time to stderr");
  sub->callback([&run, &common] {
    run = [&common] {
      options.validate = !no_validate;
      if (!options.import_path.empty()) check_import_layout(options.import_path);
      std::optional<ApplyPage> page;
      options.html = html;
      if (!html.empty()) page.emplace(html);  // checked before any output
      ApplyReport report = run_apply(options, make_run_options(common));
      if (page && !report.errors) page->write(report);
      if (json) {
        std::string doc = format_apply_json(report);
        std::fwrite(doc.data(), 1, doc.size(), stdout);
      } else {
        print_summary(report);
      }
      return report.errors ? kExitFindings : kExitOk;
    };
  });
}

}  // namespace mm::cli
