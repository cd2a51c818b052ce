// Finds the conflicts between a source and a target instance and proposes the default plan: a
// pure function of the two indexes and the options (no I/O). Conflicts found in message text
// and attachments (mention_rewrite, permalink, attachment_*) come from a pass over the source's
// posts (stages/PostScanner.h), which needs this plan first.
//
// The definitions of the kinds are in docs/plan.md; the defaults make the import succeed:
// no error is left unresolved.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "model/Conflict.h"
#include "stages/InstanceIndex.h"
#include "model/MergePlan.h"

namespace mm {

struct PlanOptions {
  std::vector<std::pair<std::string, std::string>> team_map;             // source team -> target team
  std::vector<std::pair<std::string, std::string>> email_domain_aliases; // old domain -> new domain
  std::string prefix = "src-";  // for renamed channels and emoji
  std::string source_file;      // recorded in the plan
  std::string target_file;
};

struct Detection {
  std::vector<Conflict> conflicts;  // sorted (sort_conflicts)
  MergePlan plan;
};

Detection detect_conflicts(const InstanceIndex& source, const InstanceIndex& target, const PlanOptions& options);

// "OLD=NEW" option values, split (throws mm::Error naming the option on a malformed one).
std::pair<std::string, std::string> parse_mapping(const std::string& value, const std::string& option);

}  // namespace mm
