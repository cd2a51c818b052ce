#include <cstdio>
#include <optional>

#include <fmt/format.h>

#include "cli/Command.h"
#include "io/Error.h"
#include "io/OutputPaths.h"
#include "io/OutputSet.h"
#include "io/TextEscape.h"
#include "commands/PlanJob.h"
#include "stages/ImportLayout.h"
#include "report/HtmlReport.h"
#include "report/MergeReport.h"
#include "report/ReportOutput.h"
#include "model/PlanFile.h"
#include "report/PlanReport.h"
#include "stages/PreviousPlan.h"

namespace mm::cli {

namespace {

bool valid_prefix(const std::string& p) {
  if (p.empty()) return false;
  for (char c : p)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_')) return false;
  return true;
}

void print_summary(const PlanRequest& request, const PlanOutcome& o, const std::string& plan_path) {
  const auto& conflicts = o.detection.conflicts;
  size_t errors = 0, risks = 0, infos = 0;
  for (const Conflict& c : conflicts) {
    errors += c.severity == ConflictSeverity::kError;
    risks += c.severity == ConflictSeverity::kRisk;
    infos += c.severity == ConflictSeverity::kInfo;
  }
  fmt::print("plan: {} into {}\n", escaped(request.source), escaped(request.target));
  fmt::print("  source: {} teams, {} channels, {} users, {} emoji; target: {} teams, {} channels, {} users, {} emoji\n",
             o.source.teams.size(), o.source.channels.size(), o.source.users.size(), o.source.emoji.size(),
             o.target.teams.size(), o.target.channels.size(), o.target.users.size(), o.target.emoji.size());
  fmt::print("{}", format_scoped_import_note(o.source.info));
  size_t unresolved = unresolved_errors(conflicts);
  fmt::print("conflicts: {} ({} error, {} risk, {} info), {}\n", conflicts.size(), errors, risks, infos,
             unresolved ? fmt::format("{} error(s) left unresolved", unresolved)
                        : std::string("every error resolved by the plan's defaults"));
  fmt::print("{}", format_conflict_summary(conflicts));
  const MergePlan& p = o.detection.plan;
  size_t renamed = 0, merged = 0, mapped = 0, held = 0;
  for (const auto& [k, d] : p.channels) {
    renamed += d.action == ChannelAction::kRename;
    merged += d.action == ChannelAction::kMerge;
  }
  for (const auto& [k, d] : p.users) {
    mapped += d.action == UserAction::kMap;
    held += !d.emit;
  }
  fmt::print("plan written to {}: {} channels merged, {} renamed; {} users mapped, {} left out "
             "(memberships via apply's OUT.memberships.sh)\n",
             escaped(plan_path), merged, renamed, mapped, held);
  double mbs = o.seconds > 0 ? o.source_bytes / o.seconds / 1e6 : 0;
  fmt::print("elapsed {:.3f} s (index {:.3f} s, post scan {:.3f} s; source {} lines, {:.0f} MB/s)\n", o.seconds,
             o.index_seconds, o.scan_seconds, o.source_lines, mbs);
}

}  // namespace

void add_plan_command(CLI::App& app, CommonOptions& common, CommandRun& run) {
  auto* sub = app.add_subcommand("plan", "Find the conflicts between a source and a target export; write a merge plan");
  static std::string source, target, out, report, notify_csv, import_path, html, previous, prefix = "src-";
  static bool json = false;
  static std::vector<std::string> team_map, email_aliases;
  sub->add_option("SOURCE", source, "Source export (the instance merged in): .jsonl, .jsonl.zst or .zip")->required();
  sub->add_option("--target", target, "Target export (the instance merged into)")->required();
  sub->add_option("--out", out, "Plan file to write (TOML, docs/plan-format.md)")->required();
  sub->add_option("--report", report, "Write every conflict and its resolution as JSON");
  sub->add_option("--notify-csv", notify_csv, "Write the users to notify before the merge as CSV");
  sub->add_option("--html", html, "Write the merge report as one self-contained HTML page");
  sub->add_flag("--json", json, "Print the report (as --report writes it) to stdout instead of the summary");
  sub->add_option("--import-path", import_path, "Directory holding the source's data/ tree, or the export .zip itself: check attachments");
  sub->add_option("--team-map", team_map, "SRC=DST: merge source team SRC into target team DST (repeatable)");
  sub->add_option("--email-domain-alias", email_aliases,
                  "OLD=NEW: e-mails at OLD are the same people as at NEW in the target (repeatable)");
  sub->add_option("--previous-plan", previous,
                  "The plan of an earlier phase: its decisions are kept, what it imported is no conflict");
  sub->add_option("--channel-prefix", prefix, "Prefix for renamed channels and emoji (default \"src-\")");
  add_common_options(sub, common);
  sub->callback([&run, &common] {
    run = [&common] {
      if (!valid_prefix(prefix))
        throw Error(fmt::format("--channel-prefix {}: only a-z, 0-9, '-' and '_' (it becomes part of names)", prefix));
      // Before anything is read or written: no output is an input, in the import tree, or another output.
      RunPaths paths;
      paths.input("SOURCE", source);
      paths.input("--target", target);
      paths.input("--previous-plan", previous);
      paths.import_tree(import_path);
      paths.output("--out", out);
      paths.output("--report", report);
      paths.output("--notify-csv", notify_csv);
      paths.output("--html", html);
      check_output_paths(paths);
      PlanRequest request;
      request.source = source;
      request.target = target;
      request.import_path = import_path;
      if (!import_path.empty()) check_import_layout(import_path);
      request.options.prefix = prefix;
      for (const std::string& m : team_map) request.options.team_map.push_back(parse_mapping(m, "--team-map"));
      for (const std::string& m : email_aliases)
        request.options.email_domain_aliases.push_back(parse_mapping(m, "--email-domain-alias"));
      request.run = make_run_options(common);
      // Read before the exports: a plan that cannot be read stops the run at once.
      std::optional<MergePlan> previous_plan;
      std::string previous_text;
      if (!previous.empty()) {
        previous_text = read_plan_text(previous);
        previous_plan = parse_plan(previous_text, previous);
      }
      PlanOutcome outcome = run_plan(request);
      if (previous_plan) {
        std::vector<std::string> problems = carry_previous_plan(*previous_plan, previous, previous_text,
                                                                outcome.source, outcome.target, outcome.detection);
        if (!problems.empty()) {
          for (const std::string& p : problems) fmt::print(stderr, "  {}\n", escaped(p));
          throw Error(fmt::format("{}: {} decision{} of the previous plan no longer hold{} against {} (listed "
                                  "above); nothing was written",
                                  previous, problems.size(), problems.size() == 1 ? "" : "s",
                                  problems.size() == 1 ? "s" : "", target));
        }
      }
      uint64_t unreadable = 0;
      for (const InstanceIndex* index : {&outcome.source, &outcome.target}) {
        unreadable += index->malformed;
        for (const Finding& f : index->findings)
          fmt::print(stderr, "{}:{}: skipped unreadable line: {}\n", escaped(index->file), f.line, escaped(f.message));
        if (index->malformed > index->findings.size())
          fmt::print(stderr, "{}: … and {} more unreadable lines\n", escaped(index->file), index->malformed - index->findings.size());
      }
      // The plan, the report, the page and the CSV: all in place, or none.
      OutputSet outputs;
      write_plan(outcome.detection.plan, outputs.file(out));
      if (!report.empty() || !html.empty() || json) {
        MergeReport merge = build_merge_report(outcome, out, import_path);
        std::string doc;  // for --json; a report file alone is written a piece at a time
        if (json) doc = format_merge_report_json(merge);
        if (!report.empty()) {
          if (json) outputs.file(report).write(doc);
          else write_merge_report_json(merge, outputs.file(report));
        }
        if (!html.empty()) outputs.file(html).write(render_report_page(merge));
        if (json) std::fwrite(doc.data(), 1, doc.size(), stdout);
      }
      if (!notify_csv.empty())
        outputs.file(notify_csv)
            .write(format_notify_csv(outcome.detection.plan, outcome.source, outcome.detection.conflicts));
      outputs.commit();
      if (!json) print_summary(request, outcome, out);
      if (!json && previous_plan)
        fmt::print("continues {}: its {} team, {} channel, {} user and {} emoji decisions kept\n", escaped(previous),
                   previous_plan->teams.size(), previous_plan->channels.size(), previous_plan->users.size(),
                   previous_plan->emoji.size());
      if (unreadable)
        fmt::print(json ? stderr : stdout, "{} unreadable line(s) skipped: the plan may miss conflicts they hold (see `mattermerge validate`)\n",
                   unreadable);
      return unresolved_errors(outcome.detection.conflicts) || unreadable ? kExitFindings : kExitOk;
    };
  });
}

}  // namespace mm::cli
