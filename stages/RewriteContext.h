// What every line rewriter works with: the plan's maps, the splicer of the current line, counts
// of changes by kind, and the memberships of users left out of the import.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "jsonl/LineSplicer.h"
#include "stages/RewriteMaps.h"

namespace mm {

enum class Change : uint8_t {
  kLinesRewritten,
  kLinesDropped,
  kTeamRefs,          // team names rewritten (team, channel, membership, post lines)
  kChannelRefs,       // channel names rewritten (channel lines, memberships, posts)
  kUserRefs,          // usernames rewritten in fields (authors, reactions, members, ...)
  kMentions,          // @user, ~channel and :emoji: references rewritten in message text
  kEmojiRefs,         // emoji names rewritten (emoji lines, reactions)
  kUsersRemapped,     // user lines renamed or mapped onto a target account
  kUsersLeftOut,      // user lines left out (memberships to memberships.sh)
  kUserFieldsKept,    // user fields given the target's value or removed (email, roles, settings)
  kAuthStripped,
  kRolesDropped,      // role and scheme lines left out
  kSchemeRefsDropped,
  kChannelsUnarchived,
  kEmojiDropped,
  kReactionsDropped,  // reactions using a dropped emoji
  kAttachmentsFixed,
  kAttachmentsDropped,
  kProfileImagesDropped,  // profile_image removed from user and bot lines (unusable, too large, or outside the tree)
};
inline constexpr size_t kChangeCount = 19;
inline constexpr std::array<std::string_view, kChangeCount> kChangeNames = {
    "lines_rewritten",  "lines_dropped",    "team_refs",         "channel_refs",       "user_refs",
    "mentions",         "emoji_refs",       "users_remapped",    "users_left_out",     "user_fields_kept",
    "auth_stripped",    "roles_dropped",    "scheme_refs_dropped", "channels_unarchived", "emoji_dropped",
    "reactions_dropped", "attachments_fixed", "attachments_dropped", "profile_images_dropped"};

struct ChangeCounts {
  std::array<uint64_t, kChangeCount> n{};
  void add(Change c, uint64_t k = 1) { n[static_cast<size_t>(c)] += k; }
  uint64_t operator[](Change c) const { return n[static_cast<size_t>(c)]; }
  void merge(const ChangeCounts& o) {
    for (size_t i = 0; i < kChangeCount; ++i) n[i] += o.n[i];
  }
};

// A team (channel empty) or channel membership of a user left out of the import, with the names
// the import gives them (mapped team, renamed channel, target username).
struct Membership {
  std::string user;
  std::string team;
  std::string channel;
  bool operator==(const Membership&) const = default;
};

struct RewriteContext {
  const RewriteMaps& maps;
  LineSplicer& splice;
  ChangeCounts& counts;
  std::vector<Membership>& memberships;
  std::string& scratch;  // reused buffer for rewritten message text
  // When packing a zip: every file path the output references (attachments after the fixes,
  // emoji images, profile images), as written in the lines. Null otherwise.
  std::vector<std::string>* files = nullptr;
};

// What a rewriter did with a line.
enum class LineOutcome : uint8_t { kKeep, kDrop };

}  // namespace mm
