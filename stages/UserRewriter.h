// Rewrites `user` payloads by the plan's user decisions (docs/bulk-format.md §6 on what the importer does with
// each field of an existing account):
//   - rename / map: `username` becomes the new or target username; a mapped user's line keeps
//     only `username`, `email`, `locale`, `roles`, `theme`, `notify_props` (by the plan's value
//     sources), `auth_service`, `auth_data` and `teams`: other profile fields and preferences
//     would overwrite the target account's;
//   - keep-target email: `email` set to the target's (it is required);
//   - keep-target roles: `roles` removed (absent roles are kept), and memberships listed in the
//     plan get the target's role strings;
//   - keep-target settings: `locale` set to the target's (absent would reset it), `theme` and
//     `notify_props` removed;
//   - strip auth: `auth_service` set to the plan's value, `auth_data` removed;
//   - emit = false: the line is dropped and its memberships recorded for memberships.sh;
// and, for every user, team and channel names of memberships renamed by the team and channel
// decisions. Also `bot` payloads: the `owner` username, and a `profile_image` the plan drops.
#pragma once

#include <vector>

#include "stages/RenameWalk.h"

namespace mm {

class UserRewriter {
 public:
  LineOutcome rewrite_user(od::value& payload, RewriteContext& ctx);
  void rewrite_bot(od::value& payload, RewriteContext& ctx);

 private:
  struct MembershipRef {
    size_t team;              // index of the team membership in memberships_ (itself for a team)
    bool is_channel;
    StringRef name;
    std::string_view roles_member;  // "roles":"…" span, or empty
    StringRef roles;
    const char* open_brace;
  };
  void read_team(od::value& v);
  void read_channel(od::value& v, size_t team);

  std::vector<MembershipRef> memberships_;
  std::vector<std::string_view> others_;  // members not named above, whole
};

}  // namespace mm
