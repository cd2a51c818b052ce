// Writes a whole source/target export pair into GenOptions::out: the models, their conflicts, the
// source's data/ tree, both exports, answer-key.json and, when asked, the two zips. The body of
// the gen-synthetic program, as a library function so that `mattermerge bench` generates its pair
// with the same code and no second binary.
#pragma once

#include <cstdint>

#include "tools/gen-synthetic/ExportWriter.h"
#include "tools/gen-synthetic/GenOptions.h"

namespace mm::gen {

struct PairSummary {
  ExportCounts source, target;
  double source_seconds = 0, target_seconds = 0, seconds = 0;
  uint64_t tree_files = 0, tree_bytes = 0;
  uint64_t conflicts = 0;
};

// Checks the options (mm::Error on bad ones) and fills in the derived defaults (target posts,
// users), then writes everything. Files appear atomically (OutputFile, DataTree).
PairSummary generate_pair(GenOptions& options);

}  // namespace mm::gen
