// Re-checks a (possibly edited) plan before `apply` carries it out: every rename must land on a
// free name, every merge and map on an existing one.
//
//   - against the target's names (when known): a renamed team, channel (in its mapped team), user
//     or emoji must not exist in the target; a merged team and a mapped user must exist there;
//   - within the source: two renamed or kept names must not end up equal (two new channels of one
//     mapped team, two users, two emoji); merges and maps may share their target.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <simdjson.h>

#include "jsonl/Lines.h"
#include "stages/MentionScanner.h"
#include "model/MergePlan.h"

namespace mm {

// The names a target export defines (lower-cased); channels as "team/channel".
struct TargetNames {
  NameMap teams, channels, users, emoji;

  // Adds the names a line defines (team, channel, user, emoji lines; others are ignored).
  void add_line(simdjson::ondemand::parser& parser, const Line& line);
  void merge(const TargetNames& other);
};

// The problems found, one message each ("channel \"t1/dev\": renamed to ..."); empty when the
// plan can be applied. `target` may be null (only the checks within the source are made).
std::vector<std::string> check_plan(const MergePlan& plan, const TargetNames* target);

}  // namespace mm
