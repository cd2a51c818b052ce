// A merge plan turned into the lookups the rewriters need on the hot path: old name -> new name
// for every name a line can reference, holding only names that change, so that a line whose
// references are all absent from the maps is known to be untouched.
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>

#include "stages/MentionScanner.h"
#include "model/MergePlan.h"

namespace mm {

struct RewriteMaps {
  explicit RewriteMaps(const MergePlan& plan);

  const MergePlan& plan;
  NameMap teams;     // source team -> merge or rename target (only where it differs)
  NameMap users;     // source username -> renamed or mapped username (only where it differs)
  NameMap emoji;     // source emoji -> new name
  NameMap dropped_emoji;
  NameMap dropped_roles;
  NameMap dropped_schemes;
  // Users whose user line changes (any decision other than a plain import), by lower username.
  NameMap user_lines;
  // Renamed channels of each source team (lower team name): channel -> new name.
  std::unordered_map<std::string, NameMap, NameMap::Hash, std::equal_to<>> channels_by_team;
  // Channels whose channel line changes, as "team/channel" (lower).
  NameMap channel_lines;
  // Attachment fixes by the path as written (exact).
  std::unordered_map<std::string, const AttachmentFix*, NameMap::Hash, std::equal_to<>> attachments;

  // Renamed channels of a source team (any case), or nullptr.
  const NameMap* channels_of(std::string_view source_team) const;
  // Whether post and direct_post lines can change at all.
  bool rewrites_posts() const {
    return !teams.empty() || !users.empty() || !emoji.empty() || !channels_by_team.empty() || !attachments.empty();
  }
};

}  // namespace mm
