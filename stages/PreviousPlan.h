// `plan --previous-plan PLAN1`: the second plan of a two-phase merge (docs/plan.md, "A second
// plan"). Every decision of PLAN1 is kept. An object that exists in the target because phase 1
// imported it (a team, channel, user or emoji PLAN1 created, under the name PLAN1 gave it) is
// recognised through PLAN1's decision and is not a conflict; objects new since get the defaults
// of a first plan. A decision that no longer holds is a problem naming the object, PLAN1's line
// and why: the name PLAN1 created a user under now belongs to another account (another e-mail),
// or the team, channel or account it merges into or maps onto is gone from the target.
#pragma once

#include <string>
#include <vector>

#include "model/MergePlan.h"
#include "stages/ConflictDetector.h"
#include "stages/InstanceIndex.h"

namespace mm {

// Carries `previous` (read from `previous_path`, whose text is `previous_text`, for line numbers)
// into `detection` (the new source against the target now): decisions replaced, conflicts of the
// objects phase 1 imported removed. Returns the problems, "PLAN1:LINE: user \"bob\": why", names
// as written (escape them for a terminal); empty when every decision holds.
std::vector<std::string> carry_previous_plan(const MergePlan& previous, const std::string& previous_path,
                                             const std::string& previous_text, const InstanceIndex& source,
                                             const InstanceIndex& target, Detection& detection);

}  // namespace mm
