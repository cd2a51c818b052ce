// mattermerge: plan, apply and check a merge of two Mattermost instances through bulk exports.
#include <cstdio>
#include <exception>
#include <new>
#include <thread>

#include <oneapi/tbb/global_control.h>
#include <simdjson.h>

#include <fmt/format.h>

#include "cli/Command.h"
#include "io/Error.h"
#include "io/TempFileRegistry.h"
#include "io/TextEscape.h"
#include "jsonl/StructuralScanner.h"

int main(int argc, char** argv) {
  using namespace mm;
  CLI::App app{"mattermerge: merge one Mattermost instance into another through bulk export and import"};
  app.require_subcommand(1);
  app.add_flag_callback("--version", [] {
    fmt::print("mattermerge {} (simdjson {}.{}.{}, kernel {}, stage 1 {}; stats structure scanner {})\n",
               MATTERMERGE_VERSION, int(simdjson::SIMDJSON_VERSION_MAJOR), int(simdjson::SIMDJSON_VERSION_MINOR),
               int(simdjson::SIMDJSON_VERSION_REVISION), simdjson::builtin_implementation()->name(),
               simdjson::get_active_implementation()->name(), scanner_kernel_name(best_scanner_kernel()));
    throw CLI::Success();
  }, "Print the version and exit");
  cli::CommonOptions common;
  cli::CommandRun run;
  cli::add_stats_command(app, common, run);
  cli::add_copy_command(app, common, run);
  cli::add_validate_command(app, common, run);
  cli::add_verify_attachments_command(app, common, run);
  cli::add_plan_command(app, common, run);
  cli::add_apply_command(app, common, run);
  cli::add_reconcile_command(app, common, run);
  cli::add_bench_command(app, common, run);
  cli::add_report_command(app, run);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? kExitOk : kExitUsage;
  }

  install_signal_cleanup();
  unsigned threads = common.threads ? common.threads : std::max(1u, std::thread::hardware_concurrency());
  tbb::global_control limit(tbb::global_control::max_allowed_parallelism, threads);
  try {
    return run ? run() : kExitUsage;
  } catch (const Error& e) {
    // Messages hold paths and names from the input: escaped for the terminal (io/TextEscape.h).
    fmt::print(stderr, "mattermerge: {}\n", escaped(e.what()));
    return e.exit_code();
  } catch (const std::bad_alloc&) {
    fmt::print(stderr, "mattermerge: out of memory\n");
    return kExitUsage;
  } catch (const std::exception& e) {
    fmt::print(stderr, "mattermerge: {}\n", escaped(e.what()));
    return kExitUsage;
  }
}
