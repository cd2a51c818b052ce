// The users of both exports: the target's, with team and channel memberships; the source's:
// sysadmin, copies of 40% of the target's users (same username; some with a changed e-mail,
// auth service, settings or lost admin role), new users (some with a target user's e-mail, some
// the same person as a target user under another username and e-mail domain, some with an auth
// service the target does not use) and a guest in each.
#pragma once

#include "tools/gen-synthetic/GenOptions.h"
#include "tools/gen-synthetic/Model.h"
#include "tools/gen-synthetic/Rng.h"

namespace mm::gen {

// Needs the teams and channels of both exports.
void build_users(const GenOptions& options, Rng& rng, Export& source, Export& target);

}  // namespace mm::gen
