#include <memory>

#include "cli/Command.h"
#include "cli/Progress.h"

namespace mm::cli {

void add_common_options(CLI::App* sub, CommonOptions& common) {
  sub->add_option("--threads", common.threads, "Worker threads (default: all cores)");
  sub->add_option("--input", common.input,
                  "How a plain .jsonl file is read: read (default: the same cost on every host) or mmap (faster on "
                  "hosts with cheap page faults; bench times both)")
      ->check(CLI::IsMember({"read", "mmap"}));
  sub->add_option("--chunk-size", common.chunk_kib, "Chunk size in KiB (default " + std::to_string(kDefaultChunkSize / 1024) + ")")
      ->check(CLI::Range(size_t{1}, size_t{1} << 20));
  sub->add_flag("--no-progress", common.no_progress, "Never draw the progress line");
}

RunOptions make_run_options(const CommonOptions& common) {
  RunOptions o;
  o.input = common.input == "mmap" ? InputMethod::kMmap : InputMethod::kRead;
  o.chunk_size = common.chunk_kib * 1024;
  o.threads = common.threads;
  o.timings = common.timings;
  if (!common.no_progress && Progress::enabled_for_stderr()) {
    auto progress = std::make_shared<Progress>();
    o.on_progress = [progress](uint64_t done, uint64_t total) { progress->update(done, total); };
  }
  return o;
}

}  // namespace mm::cli
