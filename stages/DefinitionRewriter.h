// Rewrites the definition lines by the plan:
//   - team: `name` to the merge or rename target; `scheme` removed when that scheme is dropped;
//   - channel: `team` mapped; `name` (and `display_name` when the plan gives one) of a renamed
//     channel; `deleted_at` removed when the channel is to be imported active; dropped `scheme`;
//   - role, scheme: the line dropped when the plan drops that definition;
//   - emoji: `name` renamed, or the line dropped;
//   - direct_channel: usernames in `members`, `participants[].username`, `favorited_by`,
//     `shown_by`.
#pragma once

#include "stages/RenameWalk.h"

namespace mm {

class DefinitionRewriter {
 public:
  void rewrite_team(od::value& payload, RewriteContext& ctx) const;
  void rewrite_channel(od::value& payload, RewriteContext& ctx) const;
  LineOutcome rewrite_role(od::value& payload, RewriteContext& ctx) const;
  LineOutcome rewrite_scheme(od::value& payload, RewriteContext& ctx) const;
  LineOutcome rewrite_emoji(od::value& payload, RewriteContext& ctx) const;
  void rewrite_direct_channel(od::value& payload, RewriteContext& ctx) const;
};

}  // namespace mm
