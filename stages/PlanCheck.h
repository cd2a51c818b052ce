// Re-checks a (possibly edited) plan before `apply` carries it out: every rename must land on a
// free name, every merge and map on an existing one.
//
//   - against the target's names (when known: its name index, model/InstanceNames.h, as `apply`'s
//     one pass over the target fills it): a renamed team, channel (in its mapped team), user
//     or emoji must not exist in the target; a merged team and a mapped user must exist there;
//   - within the source: two renamed or kept names must not end up equal (two new channels of one
//     mapped team, two users, two emoji); merges and maps may share their target.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "model/InstanceNames.h"
#include "model/MergePlan.h"
#include "model/NameMap.h"

namespace mm {

// The problems found, one message each ("channel \"t1/dev\": renamed to ..."); empty when the
// plan can be applied. `target` may be null (only the checks within the source are made).
std::vector<std::string> check_plan(const MergePlan& plan, const InstanceNames* target);

}  // namespace mm
