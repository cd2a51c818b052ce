// answer-key.json: the arguments, the exact counts of each export (as `mattermerge stats --json`
// reports them) and every conflict, in the format `plan --report` shares.
#pragma once

#include <string>
#include <vector>

#include "tools/gen-synthetic/Conflict.h"
#include "tools/gen-synthetic/ExportWriter.h"
#include "tools/gen-synthetic/GenOptions.h"

namespace mm::gen {

// Adds the conflicts found while generating: mention_rewrite, permalink, attachment problems.
void add_generated_conflicts(const Export& source, const MentionTargets& mentions, const ExportResult& result,
                             std::vector<Conflict>& conflicts);

std::string answer_key_json(const GenOptions& options, const ExportCounts& source, const ExportCounts& target,
                            const std::vector<Conflict>& conflicts);

}  // namespace mm::gen
