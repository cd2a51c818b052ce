// The merge plan: every decision `apply` carries out on the source export, as `plan` proposes it
// and a person may edit it (model/PlanFile.h reads and writes it as TOML, docs/plan-format.md).
//
// Names are the source's names as written; the maps are keyed by the lower-cased name (channels by
// "team/channel", both lower-cased, with the SOURCE team name), since Mattermost compares names
// case-insensitively. Every decision carries a `why`: the conflict or fact that led to it.
#pragma once

#include "jsonl/AsciiCase.h"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mm {

// ---- teams --------------------------------------------------------------------------------------

enum class TeamAction : uint8_t {
  kKeep,    // imported as it is (no team of that name in the target)
  kMerge,   // joins the existing target team `target`: its channels, members and posts go there
  kRename,  // imported as a new team named `target`
};

struct TeamDecision {
  std::string name;    // source team name
  TeamAction action = TeamAction::kKeep;
  std::string target;  // merge: the target team; rename: the new name; keep: == name
  std::string why;
};

// ---- channels -----------------------------------------------------------------------------------

enum class ChannelAction : uint8_t {
  kKeep,    // imported as a new channel of the (mapped) team, name unchanged
  kMerge,   // joins the target channel of the same name in the mapped team
  kRename,  // imported as a new channel named `new_name`
};

struct ChannelDecision {
  std::string team;  // source team name
  std::string name;  // source channel name
  ChannelAction action = ChannelAction::kKeep;
  std::string new_name;                         // rename: the new name
  std::optional<std::string> new_display_name;  // rename: a new display name, if any
  // The source line's deleted_at is kept (true), or removed so the channel is imported active
  // (false). Only meaningful for a channel archived in the source.
  bool keep_archived = true;
  std::string why;
};

// ---- users --------------------------------------------------------------------------------------

enum class UserAction : uint8_t {
  kNew,     // no account of that username in the target: created
  kUpdate,  // updates the target account of the same username
  kRename,  // created under the new username `target`
  kMap,     // becomes the existing target account `target`: every reference is rewritten to it
};

// Whose value wins for a field of an account that exists in the target (update and map).
enum class ValueSource : uint8_t {
  kKeepTarget,  // the target's value is written (or the field removed where the importer keeps it)
  kSource,      // the source line's value is imported as it is
};

enum class AuthAction : uint8_t {
  kKeep,   // auth_service / auth_data as in the source line
  kStrip,  // auth_service set to `auth_service` ("" = password login), auth_data removed
};

// A membership role string of the target account, to write into the source line's membership.
struct MembershipRoles {
  std::string team;     // team name as in the target
  std::string channel;  // channel name; empty for a team membership
  std::string roles;    // space-separated, as in the target ("team_user team_admin")
  bool operator==(const MembershipRoles&) const = default;
};

struct UserDecision {
  std::string username;  // source username
  UserAction action = UserAction::kNew;
  std::string target;    // rename: the new username; map/update: the target account's username
  // The user line is written (true), or left out and its team and channel memberships written to
  // memberships.sh as mmctl commands instead (false: the importer would reset the password).
  bool emit = true;

  ValueSource email = ValueSource::kSource;
  std::string target_email;  // keep-target: the value to write (email is required)

  // keep-target: `roles` is removed (the importer keeps the stored system roles), and the
  // memberships listed here get the target's role strings.
  ValueSource roles = ValueSource::kSource;
  std::vector<MembershipRoles> target_membership_roles;

  // keep-target: `locale` set to target_locale (an absent locale is reset to the server
  // default), `theme` and `notify_props` removed (absent ones leave the stored values).
  ValueSource settings = ValueSource::kSource;
  std::string target_locale;

  AuthAction auth = AuthAction::kKeep;
  std::string auth_service;  // strip: the value to set

  std::string why;
};

// ---- roles, schemes, emoji, attachments ---------------------------------------------------------

enum class DefinitionKind : uint8_t { kRole, kScheme };

// A `role` or `scheme` line left out of the output; `scheme` fields naming a dropped scheme are
// removed from team and channel lines.
struct DroppedDefinition {
  DefinitionKind kind = DefinitionKind::kRole;
  std::string name;
  std::string why;
};

enum class EmojiAction : uint8_t {
  kKeep,
  kRename,  // emoji line, reactions' emoji_name and :name: in messages rewritten to new_name
  kDrop,    // emoji line and the reactions using it removed (:name: in messages left as it is)
};

struct EmojiDecision {
  std::string name;
  EmojiAction action = EmojiAction::kKeep;
  std::string new_name;
  std::string why;
};

enum class AttachmentAction : uint8_t {
  kFix,   // the attachment's path becomes new_path
  kDrop,  // the attachment entry is removed from its post
};

struct AttachmentFix {
  std::string path;  // as written in the source line
  AttachmentAction action = AttachmentAction::kFix;
  std::string new_path;
  std::string why;
};

// ---- the plan -----------------------------------------------------------------------------------

struct MergePlan {
  static constexpr int kVersion = 1;

  std::string prefix;  // prepended to renamed channels, users and emoji
  std::string source;  // the exports the plan was made from (informational)
  std::string target;
  std::string previous;  // `plan --previous-plan`: the plan this one continues (informational)
  // The why of the users the plan file lists together by name (is_left_out_update), as read back
  // from a file; their decisions carry no why of their own. Empty: the file says what they share.
  std::string left_out_why;

  std::map<std::string, TeamDecision> teams;        // key: lower(name)
  std::map<std::string, ChannelDecision> channels;  // key: channel_key(team, name)
  std::map<std::string, UserDecision> users;        // key: lower(username)
  std::map<std::string, EmojiDecision> emoji;       // key: lower(name)
  std::vector<DroppedDefinition> dropped;           // in source order
  std::map<std::string, AttachmentFix> attachments; // key: path as written

  const TeamDecision* team(std::string_view name) const;
  const ChannelDecision* channel(std::string_view team, std::string_view name) const;
  const UserDecision* user(std::string_view username) const;
  const EmojiDecision* emoji_decision(std::string_view name) const;
  const AttachmentFix* attachment(std::string_view path) const { return find(attachments, std::string(path)); }
  bool drops_role(std::string_view name) const { return drops(DefinitionKind::kRole, name); }
  bool drops_scheme(std::string_view name) const { return drops(DefinitionKind::kScheme, name); }

  // The team a source team's content goes to (its merge or rename target, or itself).
  std::string mapped_team(std::string_view source_team) const;

  void add(TeamDecision d);
  void add(ChannelDecision d);
  void add(UserDecision d);
  void add(EmojiDecision d);
  void add(AttachmentFix d);

 private:
  template <class Map>
  static const typename Map::mapped_type* find(const Map& m, const std::string& key) {
    auto it = m.find(key);
    return it == m.end() ? nullptr : &it->second;
  }
  bool drops(DefinitionKind kind, std::string_view name) const;
};

// ---- what a plan file leaves out (docs/plan-format.md, "Defaults") ------------------------------
//
// A plan grows with the decisions, not with the instance: a decision that is what `apply` does for
// an object the plan does not name is implied, and the plan file does not write it. The same for
// a user's keys at their default values. plan still decides every object in memory (the report
// and the notify CSV list them all); only the file leaves the implied ones out.
bool is_implied(const TeamDecision& d);     // keep, under its own name
bool is_implied(const ChannelDecision& d);  // keep, archived as in the source
bool is_implied(const UserDecision& d);     // new, every value the source's, auth kept
bool is_implied(const EmojiDecision& d);    // keep
// A user left out of the import whose target account has the same name (update, emit = false):
// in a merge of two large instances the decision tens of thousands of users share, so the plan
// file lists them by name in one table. With the line left out, the user's e-mail, roles,
// settings and auth decisions have no effect, and the file does not write them.
bool is_left_out_update(const UserDecision& d);

// The key of a channel in MergePlan::channels: "team/channel", lower-cased.
std::string channel_key(std::string_view team, std::string_view name);

std::string_view name_of(TeamAction a);
std::string_view name_of(ChannelAction a);
std::string_view name_of(UserAction a);
std::string_view name_of(ValueSource v);
std::string_view name_of(AuthAction a);
std::string_view name_of(DefinitionKind k);
std::string_view name_of(EmojiAction a);
std::string_view name_of(AttachmentAction a);

}  // namespace mm
