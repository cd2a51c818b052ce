// `mattermerge apply`: rewrites a source export by a plan on the ordered pipeline (ApplyStage in
// the parallel stage, the importer's rules on the rewritten lines in a second parallel stage, the
// file-level rules and the writing in order); a zip of --import-path's files is packed beside the
// transform, on a thread of its own, import.jsonl last.
//
// Before any output: the plan is read and re-checked (stages/PlanCheck.h) against the target's
// names (from --target, else the plan's recorded target when that file exists, as written or
// relative to the plan file).
// Outputs, all or nothing (io/OutputSet.h): OUT (.jsonl, .jsonl.zst, or .zip = import.jsonl +
// data/ files from --import-path, or from the source zip without it, stored; a fixed attachment's
// file packed under its new path) and, when users are left out of the import, the membership
// script OUT.memberships.sh (without left-out users, an earlier one of the same OUT is removed).
// No output may be an input, the plan's target or inside --import-path (io/OutputPaths.h).
// With validation errors in the rewritten lines, nothing is written.
// With --since BASE: only what changed since BASE (stages/DeltaStage.h), in four ordered passes:
// BASE keyed into a table (stages/SinceIndex.h), the source decided against it, BASE again for
// what was deleted and for the message texts the delta puts back, the source again to write.
// BASE's definitions, rewritten by the plan, count as the target's for the validation (phase 1
// imported them).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "pipeline/RunOptions.h"
#include "model/Finding.h"
#include "stages/DeltaStage.h"
#include "stages/PackVerifier.h"
#include "stages/RewriteContext.h"

namespace mm {

struct ApplyOptions {
  std::string source;
  std::string plan;
  std::string out;
  std::string import_path;  // directory holding data/; empty: none
  std::string target;       // empty: the plan's recorded target, if that file exists
  std::string html;         // the report page `--html` updates after the run: checked with the other outputs
  std::string since;        // `--since BASE`: write only what changed since that export (a delta)
  bool validate = true;
  size_t max_findings = 1000;  // kept in detail (all are counted); 0: kMaxKeptFindings
};

// `--since`: how the new export's lines were sorted and what the delta cannot carry.
struct SinceReport {
  static constexpr size_t kMaxEvents = 1000;  // listed; all are counted
  std::string base;
  std::string source;  // the new export, for the events' lines
  uint64_t base_lines = 0;
  uint64_t index_bytes = 0;  // the BASE table
  DeltaCounts counts;        // buckets: one per line of the new export; notes: what is reported
  // Edits and profile changes: lines of the new export; deletions: lines of BASE.
  std::vector<DeltaEvent> events;
};

struct ApplyReport {
  std::string out;
  std::string memberships_script;  // path, or empty when no user was left out
  std::string target;              // export the plan was re-checked against, or empty
  ChangeCounts counts;
  uint64_t lines_in = 0, lines_out = 0;
  uint64_t bytes_in = 0, bytes_out = 0;
  uint64_t memberships = 0;
  uint64_t files_packed = 0;   // zip: data/ files added
  uint64_t files_missing = 0;  // zip: referenced files not found under --import-path
  // zip with --import-path: files whose content type was checked and whose XXH3-128 was computed
  // in the read that packed them (stages/PackVerifier.h), and the type mismatches the server
  // accepts (under a non-image extension), the first PackVerifier::kMaxListed listed.
  uint64_t files_type_checked = 0;
  uint64_t files_hashed = 0;
  uint64_t type_mismatches = 0;
  std::vector<PackedTypeMismatch> type_mismatches_listed;
  // Validation of the rewritten lines (line numbers of the output).
  bool validated = false;
  uint64_t errors = 0, warnings = 0;
  std::vector<Finding> findings;
  double seconds = 0;
  std::optional<SinceReport> since;
};

// The membership script of output `out`: "OUT.memberships.sh", beside it.
std::string membership_script_path(const std::string& out);

// Throws mm::Error for an unreadable or inconsistent plan (every problem listed) and I/O errors.
ApplyReport run_apply(const ApplyOptions& options, const RunOptions& run);

}  // namespace mm
