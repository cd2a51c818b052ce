#include <fmt/format.h>

#include "cli/Command.h"
#include "io/Error.h"
#include "io/OutputFile.h"
#include "io/OutputPaths.h"
#include "io/TextEscape.h"
#include "commands/StatsJob.h"

namespace mm::cli {

void add_copy_command(CLI::App& app, CommonOptions& common, CommandRun& run) {
  auto* sub = app.add_subcommand("copy", "Copy an export through the pipeline (testing and benchmarks)");
  sub->group("");  // hidden from --help
  static std::string input, output;
  static int zstd_level = 3, zstd_workers = 0;
  sub->add_option("EXPORT", input, "Export to read")->required();
  sub->add_option("--out", output, "Output file (.jsonl or .jsonl.zst)")->required();
  sub->add_option("--zstd-level", zstd_level, "zstd level for a .zst output (default 3)")->check(CLI::Range(1, 19));
  sub->add_option("--zstd-workers", zstd_workers, "zstd worker threads for a .zst output (default 0: none)")
      ->check(CLI::Range(0, 64));
  add_common_options(sub, common);
  sub->callback([&run, &common] {
    run = [&common] {
      RunPaths paths;
      paths.input("EXPORT", input);
      paths.output("--out", output);
      check_output_paths(paths);
      OutputOptions out = OutputOptions::for_path(output);
      out.zstd_level = zstd_level;
      out.zstd_workers = zstd_workers;
      uint64_t bytes = run_copy(input, output, out, make_run_options(common));
      fmt::print(stderr, "{}: {} bytes\n", escaped(output), bytes);
      return kExitOk;
    };
  });
}

}  // namespace mm::cli
