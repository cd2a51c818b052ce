// gen-synthetic --evolve: the instance of an earlier gen-synthetic output N days later — the
// source export as a full export again, what the target gained meanwhile, and an answer key of
// the expected delta (docs/gen-synthetic.md, "--evolve"). The earlier export is read line by
// line; only its object lines (everything before the first post) are held in memory.
#pragma once

#include <cstdint>
#include <string>

namespace mm::gen {

struct EvolveOptions {
  std::string base;  // an earlier `gen-synthetic --out` directory
  std::string out;
  uint32_t days = 3;
  uint64_t seed = 1;
};

struct EvolveSummary {
  uint64_t base_lines = 0, base_bytes = 0;
  uint64_t lines = 0, bytes = 0;
  uint64_t new_posts = 0, changed_posts = 0, edited = 0, deleted_posts = 0;
  uint64_t target_lines = 0;
  uint64_t files_linked = 0, files_written = 0;
  double seconds = 0;
};

EvolveSummary evolve(const EvolveOptions& options);

}  // namespace mm::gen
