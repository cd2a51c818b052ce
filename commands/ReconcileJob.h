// `mattermerge reconcile` (docs/reconcile.md): proves that an import brought every source object
// under the names the plan gave it, against an export of the target made after the import.
// Passes, each on the ordered pipeline: with --since, BASE (post messages by identity); AFTER (the
// key counts of every object, held whole: 13-26 bytes a key, stages/KeyTable.h); then SOURCE,
// rewritten by the plan and looked up. Nothing is written but the report on stdout.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "pipeline/RunOptions.h"
#include "stages/ReconcileStage.h"

namespace mm {

struct ReconcileOptions {
  std::string source;
  std::string plan;
  std::string after;
  std::string since;        // the base export of a delta; empty: none
  bool compare_attachments = true;  // false: AFTER was exported with --no-attachments
  size_t max_problems = 1000;  // listed in detail (all are counted); 0: kMaxKeptFindings
};

struct ReconcileReport {
  ReconcileOptions options;
  ReconcileCounts counts;
  std::vector<ReconcileProblem> problems;  // the first max_problems, in SOURCE line order
  uint64_t problems_total = 0;
  // Lines that are not JSON, by export (first few kept), which leave the proof incomplete.
  struct Unreadable {
    std::string file;
    uint64_t count = 0;
    std::vector<uint64_t> lines;
  };
  std::vector<Unreadable> unreadable;
  uint64_t source_lines = 0, after_lines = 0, base_lines = 0;
  uint64_t after_objects = 0;  // distinct keys held
  uint64_t base_posts = 0;
  double seconds = 0;

  uint64_t missing() const { return counts.total(Outcome::kMissing); }
  uint64_t doubled() const { return counts.total(Outcome::kDoubled); }
  uint64_t unreadable_lines() const {
    uint64_t n = 0;
    for (const Unreadable& u : unreadable) n += u.count;
    return n;
  }
  bool complete() const { return missing() == 0 && doubled() == 0 && unreadable_lines() == 0; }
};

// Throws mm::Error for an unreadable plan and I/O errors.
ReconcileReport run_reconcile(const ReconcileOptions& options, const RunOptions& run);

}  // namespace mm
