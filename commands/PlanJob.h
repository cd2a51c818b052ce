// `mattermerge plan` on the ordered pipeline: indexes the source and the target export at the
// same time (stages/InstanceIndex.h), detects conflicts and proposes the default plan
// (stages/ConflictDetector.h), then makes one pass over the source's posts for mentions,
// permalinks and, with an import directory, attachment checks (stages/PostScanner.h,
// stages/AttachmentVerifier.h, the file checks in the pipeline's second parallel stage).
#pragma once

#include <string>

#include "pipeline/RunOptions.h"
#include "stages/ConflictDetector.h"
#include "stages/InstanceIndex.h"

namespace mm {

struct PlanRequest {
  std::string source;
  std::string target;
  std::string import_path;  // empty: attachments are not checked
  PlanOptions options;
  RunOptions run;
};

struct PlanOutcome {
  InstanceIndex source;
  InstanceIndex target;
  Detection detection;  // every conflict, sorted; the plan with attachment fixes
  uint64_t source_bytes = 0;
  uint64_t source_lines = 0;
  uint64_t target_bytes = 0;
  uint64_t attachments_checked = 0;
  double index_seconds = 0;
  double scan_seconds = 0;
  double seconds = 0;
};

PlanOutcome run_plan(const PlanRequest& request);

}  // namespace mm
