#include <cstdio>

#include <fmt/format.h>

#include "cli/Command.h"
#include "io/Error.h"
#include "io/JsonWriter.h"
#include "io/TextEscape.h"
#include "commands/StatsJob.h"

namespace mm::cli {

namespace {

void print_text(const StatsReport& r) {
  const StatsCounts& c = r.counts;
  for (const Finding& f : r.findings) fmt::print(stderr, "{}:{}: {}\n", escaped(r.input), f.line, escaped(f.message));
  if (r.malformed > r.findings.size())
    fmt::print(stderr, "{}: … and {} more malformed lines\n", escaped(r.input), r.malformed - r.findings.size());
  fmt::print("{}\n", escaped(r.input));
  if (std::string e = describe_export(r.info); !e.empty()) fmt::print("  export          {}\n", escaped(e));
  fmt::print("  lines           {:>14}\n", c.lines);
  for (size_t i = 0; i < kLineTypeCount; ++i)
    if (c.lines_by_type[i]) fmt::print("  {:<15} {:>14}\n", kLineTypeNames[i], c.lines_by_type[i]);
  fmt::print("  replies         {:>14}\n", c.replies);
  fmt::print("  reactions       {:>14}\n", c.reactions);
  fmt::print("  attachments     {:>14}\n", c.attachments);
  fmt::print("  bytes           {:>14}\n", c.bytes);
  fmt::print("  largest line    {:>14} bytes (line {})\n", c.largest_line_bytes, c.largest_line);
  double mbs = r.seconds > 0 ? c.bytes / r.seconds / 1e6 : 0;
  double lps = r.seconds > 0 ? c.lines / r.seconds : 0;
  fmt::print("  elapsed         {:>14.3f} s ({:.0f} MB/s, {:.0f} lines/s)\n", r.seconds, mbs, lps);
}

void print_json(const StatsReport& r) {
  const StatsCounts& c = r.counts;
  std::string out;
  JsonWriter w(out);
  w.begin_object();
  w.key("input").value(r.input);
  w.key("lines").value(c.lines);
  write_export_info(w, r.info);
  w.key("counts").begin_object();
  for (size_t i = 0; i < kLineTypeCount; ++i) w.key(kLineTypeNames[i]).value(c.lines_by_type[i]);
  w.end_object();
  w.key("replies").value(c.replies);
  w.key("reactions").value(c.reactions);
  w.key("attachments").value(c.attachments);
  w.key("bytes").value(c.bytes);
  w.key("largest_line").begin_object().key("line").value(c.largest_line).key("bytes").value(c.largest_line_bytes).end_object();
  w.key("malformed").begin_array();
  for (const Finding& f : r.findings)
    w.begin_object().key("line").value(f.line).key("message").value(f.message).end_object();
  w.end_array();
  w.key("elapsed_seconds").value(r.seconds);
  w.key("mb_per_second").value(r.seconds > 0 ? c.bytes / r.seconds / 1e6 : 0.0);
  w.key("lines_per_second").value(r.seconds > 0 ? c.lines / r.seconds : 0.0);
  w.end_object();
  out += '\n';
  std::fwrite(out.data(), 1, out.size(), stdout);
}

}  // namespace

void add_stats_command(CLI::App& app, CommonOptions& common, CommandRun& run) {
  auto* sub = app.add_subcommand("stats", "Count the lines of an export by type, with replies, reactions and attachments");
  static std::string input;
  static bool json = false;
  sub->add_option("EXPORT", input, "Export: .jsonl, .jsonl.zst or mmctl .zip")->required();
  sub->add_flag("--json", json, "Print one JSON document to stdout");
  add_common_options(sub, common);
  sub->callback([&run, &common] {
    run = [&common] {
      StatsReport report = run_stats(input, make_run_options(common));
      if (json) print_json(report);
      else print_text(report);
      return report.malformed ? kExitFindings : kExitOk;
    };
  });
}

}  // namespace mm::cli
