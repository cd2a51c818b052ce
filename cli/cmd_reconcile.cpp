#include <cstdio>

#include <fmt/format.h>

#include "cli/Command.h"
#include "io/Error.h"
#include "io/JsonWriter.h"
#include "io/TextEscape.h"
#include "commands/ReconcileJob.h"

namespace mm::cli {

namespace {

std::string_view outcome_word(Outcome o) { return o == Outcome::kDoubled ? "doubled" : "missing"; }

void print_text(const ReconcileReport& r) {
  const ReconcileOptions& o = r.options;
  std::string out;
  for (const ReconcileProblem& p : r.problems) {
    out += fmt::format("{}:{}: {} {}: {}", escaped(o.source), p.line, object_noun(p.kind), outcome_word(p.outcome),
                       escaped(p.what));
    if (p.outcome == Outcome::kDoubled) out += fmt::format(" ({} in the target)", p.count);
    out += '\n';
  }
  if (r.problems.size() < r.problems_total)
    out += fmt::format("{}: … {} more not shown (--max-errors)\n", escaped(o.source),
                       r.problems_total - r.problems.size());
  for (const ReconcileReport::Unreadable& u : r.unreadable) {
    for (uint64_t line : u.lines) out += fmt::format("{}:{}: not JSON: not compared\n", escaped(u.file), line);
    if (u.count > u.lines.size())
      out += fmt::format("{}: … {} more lines that are not JSON\n", escaped(u.file), u.count - u.lines.size());
  }
  std::fwrite(out.data(), 1, out.size(), stdout);

  fmt::print("\n{}: {}\n", escaped(o.source), r.complete() ? "every object arrived" : "INCOMPLETE");
  fmt::print("  after           {} ({} lines, {} keys)\n", escaped(o.after), r.after_lines, r.after_objects);
  if (!o.since.empty()) fmt::print("  since           {} ({} lines, {} posts)\n", escaped(o.since), r.base_lines, r.base_posts);
  // With --since, a column more: what `apply --since` left out (posts of channels BASE had archived).
  const bool since = !o.since.empty();
  std::string head = fmt::format("  {:<20} {:>10} {:>10} {:>10} {:>16}", "", "found", "missing", "doubled", "dropped by plan");
  if (since) head += fmt::format(" {:>18}", "left out by apply");
  fmt::print("{}\n", head);
  for (size_t k = 0; k < kObjectKindCount; ++k) {
    ObjectKind kind = static_cast<ObjectKind>(k);
    std::string row = fmt::format("  {:<20} {:>10} {:>10} {:>10} {:>16}", kObjectKindNames[k],
                                  r.counts.get(kind, Outcome::kFound), r.counts.get(kind, Outcome::kMissing),
                                  r.counts.get(kind, Outcome::kDoubled), r.counts.get(kind, Outcome::kDropped));
    if (since) row += fmt::format(" {:>18}", r.counts.get(kind, Outcome::kLeftOut));
    fmt::print("{}\n", row);
  }
  if (since && r.counts.total(Outcome::kLeftOut))
    fmt::print("  left out by apply: posts of channels archived in {} (apply --since: in_archived_channel)\n",
               escaped(o.since));
  if (!o.compare_attachments) fmt::print("  attachments not compared (--no-attachments)\n");
  if (uint64_t n = r.unreadable_lines()) fmt::print("  not JSON        {:>14} lines\n", n);
  fmt::print("  elapsed         {:>14.3f} s\n", r.seconds);
}

void print_json(const ReconcileReport& r) {
  const ReconcileOptions& o = r.options;
  std::string out;
  JsonWriter w(out);
  w.begin_object();
  w.key("source").value(o.source);
  w.key("plan").value(o.plan);
  w.key("after").value(o.after);
  if (o.since.empty()) w.key("since").null();
  else w.key("since").value(o.since);
  w.key("complete").value(r.complete());
  w.key("attachments_compared").value(o.compare_attachments);
  w.key("source_lines").value(r.source_lines);
  w.key("after_lines").value(r.after_lines);
  w.key("after_keys").value(r.after_objects);
  w.key("kinds").begin_object();
  for (size_t k = 0; k < kObjectKindCount; ++k) {
    w.key(kObjectKindNames[k]).begin_object();
    for (size_t i = 0; i < kOutcomeCount; ++i)
      w.key(kOutcomeNames[i]).value(r.counts.get(static_cast<ObjectKind>(k), static_cast<Outcome>(i)));
    w.end_object();
  }
  w.end_object();
  w.key("missing_count").value(r.missing());
  w.key("doubled_count").value(r.doubled());
  auto list = [&](std::string_view key, Outcome outcome) {
    w.key(key).begin_array();
    for (const ReconcileProblem& p : r.problems) {
      if (p.outcome != outcome) continue;
      w.begin_object().key("kind").value(object_noun(p.kind)).key("line").value(p.line).key("what").value(p.what);
      if (outcome == Outcome::kDoubled) w.key("count").value(p.count);
      w.end_object();
    }
    w.end_array();
  };
  list("missing", Outcome::kMissing);
  list("doubled", Outcome::kDoubled);
  w.key("truncated").value(r.problems.size() < r.problems_total);
  w.key("not_json").begin_array();
  for (const ReconcileReport::Unreadable& u : r.unreadable) {
    w.begin_object().key("file").value(u.file).key("count").value(u.count).key("lines").begin_array();
    for (uint64_t line : u.lines) w.value(line);
    w.end_array().end_object();
  }
  w.end_array();
  w.key("elapsed_seconds").value(r.seconds);
  w.end_object();
  out += '\n';
  std::fwrite(out.data(), 1, out.size(), stdout);
}

}  // namespace

void add_reconcile_command(CLI::App& app, CommonOptions& common, CommandRun& run) {
  auto* sub = app.add_subcommand(
      "reconcile", "Prove from an export of the target made after the import that every source object arrived");
  static ReconcileOptions options;
  static bool json = false;
  sub->add_option("SOURCE", options.source, "The source export that was applied and imported")->required();
  sub->add_option("--plan", options.plan, "The plan it was applied with")->required();
  sub->add_option("--after", options.after, "Export of the target made after the import (and OUT.memberships.sh)")
      ->required();
  sub->add_option("--since", options.since,
                  "After a delta: the base export the first phase imported (posts both hold are expected with "
                  "its message)");
  static bool no_attachments = false;
  sub->add_flag("--no-attachments", no_attachments,
                "AFTER was exported with `mmctl export create --no-attachments`: attachments are not compared");
  sub->add_option("--max-errors", options.max_problems,
                  "Missing and doubled objects listed at most (all are counted; 0: the first 10,000)")
      ->capture_default_str();
  sub->add_flag("--json", json, "Print one JSON document to stdout");
  add_common_options(sub, common);
  sub->callback([&run, &common] {
    run = [&common] {
      options.compare_attachments = !no_attachments;
      ReconcileReport report = run_reconcile(options, make_run_options(common));
      if (json) print_json(report);
      else print_text(report);
      return report.complete() ? kExitOk : kExitFindings;
    };
  });
}

}  // namespace mm::cli
