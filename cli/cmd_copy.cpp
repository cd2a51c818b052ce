#include <fmt/format.h>

#include "cli/Command.h"
#include "io/Error.h"
#include "pipeline/StatsJob.h"

namespace mm::cli {

void add_copy_command(CLI::App& app, CommonOptions& common, CommandRun& run) {
  auto* sub = app.add_subcommand("copy", "Copy an export through the pipeline (testing and benchmarks)");
  sub->group("");  // hidden from --help
  static std::string input, output;
  sub->add_option("EXPORT", input, "Export to read")->required();
  sub->add_option("--out", output, "Output file (.jsonl or .jsonl.zst)")->required();
  add_common_options(sub, common);
  sub->callback([&run, &common] {
    run = [&common] {
      uint64_t bytes = run_copy(input, output, make_run_options(common));
      fmt::print(stderr, "{}: {} bytes\n", output, bytes);
      return kExitOk;
    };
  });
}

}  // namespace mm::cli
