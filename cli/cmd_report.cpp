// `mattermerge report REPORT.json --html PAGE.html`: the HTML merge report rendered again from a
// REPORT.json that `plan --report` wrote (for a reviewed plan), without reading the exports.
#include "cli/Command.h"
#include "io/Error.h"
#include "report/MergeReport.h"
#include "report/ReportOutput.h"

namespace mm::cli {

void add_report_command(CLI::App& app, CommandRun& run) {
  auto* sub = app.add_subcommand("report", "Render a plan's REPORT.json as a self-contained HTML page");
  static std::string input, html;
  sub->add_option("REPORT", input, "REPORT.json written by `mattermerge plan --report`")->required();
  sub->add_option("--html", html, "HTML page to write")->required();
  sub->callback([&run] {
    run = [] {
      write_report_page(html, read_merge_report(input));
      return kExitOk;
    };
  });
}

}  // namespace mm::cli
