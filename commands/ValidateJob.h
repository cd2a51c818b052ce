// `mattermerge validate`: runs the per-line rules (validate::LineValidator) in the pipeline's
// parallel stage and the file-level rules (validate::ReferenceTracker) in its serial in-order
// stage. With a target export, its definitions are read first (its post lines are skipped
// without parsing).
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "model/FindingsSink.h"
#include "pipeline/RunOptions.h"
#include "stages/ExportInfo.h"
#include "model/Finding.h"
#include "jsonl/LineType.h"
#include "stages/validate/Context.h"

namespace mm {

struct ValidateRunOptions {
  validate::ValidateOptions rules;
  std::string target;         // export the file will be imported into; empty: none
  size_t max_findings = 1000;  // findings kept for output (all are counted); 0: kMaxKeptFindings
};

struct ValidateReport {
  std::string input;
  uint64_t lines = 0;
  uint64_t bytes = 0;
  std::array<uint64_t, kLineTypeCount> counts{};
  uint64_t errors = 0;
  uint64_t warnings = 0;
  FindingsSink::RuleCounts errors_by_rule;
  FindingsSink::RuleCounts warnings_by_rule;
  std::vector<Finding> findings;  // the first max_findings, global line numbers, in line order
  ExportInfo info;                // from the version line
  double seconds = 0;             // the export's pass
  // The target, when given.
  std::string target;
  uint64_t target_lines = 0;
  uint64_t target_definitions = 0;
  double target_seconds = 0;

  bool valid() const { return errors == 0; }
  bool truncated() const { return findings.size() < errors + warnings; }
};

ValidateReport run_validate(const std::string& path, const ValidateRunOptions& options, const RunOptions& run);

}  // namespace mm
