// How subcommands are registered: each cmd_*.cpp adds its subcommand to the app, with the shared
// options, and sets `run` to the function main() calls after parsing. Commands only parse flags
// and call pipeline/ and stages/; they return an exit code (io/Error.h).
#pragma once

#include <functional>
#include <string>

#include <CLI/CLI.hpp>

#include "pipeline/ChunkReader.h"
#include "pipeline/RunOptions.h"

namespace mm::cli {

struct CommonOptions {
  unsigned threads = 0;          // 0: all cores
  std::string input = "read";    // read | mmap
  size_t chunk_kib = kDefaultChunkSize / 1024;
  bool no_progress = false;
  bool timings = false;
};

using CommandRun = std::function<int()>;

// Adds --threads, --input, --chunk-size, --no-progress to a subcommand.
void add_common_options(CLI::App* sub, CommonOptions& common);

// RunOptions from the common options, with a progress line on stderr when it is a terminal.
RunOptions make_run_options(const CommonOptions& common);

void add_stats_command(CLI::App& app, CommonOptions& common, CommandRun& run);
void add_copy_command(CLI::App& app, CommonOptions& common, CommandRun& run);
void add_validate_command(CLI::App& app, CommonOptions& common, CommandRun& run);
void add_verify_attachments_command(CLI::App& app, CommonOptions& common, CommandRun& run);
void add_plan_command(CLI::App& app, CommonOptions& common, CommandRun& run);
void add_apply_command(CLI::App& app, CommonOptions& common, CommandRun& run);
void add_reconcile_command(CLI::App& app, CommonOptions& common, CommandRun& run);
void add_bench_command(CLI::App& app, CommonOptions& common, CommandRun& run);
void add_report_command(CLI::App& app, CommandRun& run);

}  // namespace mm::cli
