// Builds the source and target models: teams, channels, users with memberships, roles, a
// scheme, bots, custom emoji and direct channels, with conflicts of each kind `plan` reports
// injected between them at --conflict-rate (at least one of each kind when
// force_every_kind()). What conflicts actually exist is computed afterwards from the models
// (ConflictFinder), so accidental ones are listed too.
#pragma once

#include "tools/gen-synthetic/GenOptions.h"
#include "tools/gen-synthetic/Model.h"

namespace mm::gen {

struct ModelPair {
  Export source;
  Export target;
};

ModelPair build_models(const GenOptions& options);

}  // namespace mm::gen
