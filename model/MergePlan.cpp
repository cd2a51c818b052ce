#include "model/MergePlan.h"

#include <algorithm>

namespace mm {

std::string channel_key(std::string_view team, std::string_view name) {
  std::string key = ascii_lower(team);
  key += '/';
  key += ascii_lower(name);
  return key;
}

const TeamDecision* MergePlan::team(std::string_view name) const { return find(teams, ascii_lower(name)); }

const ChannelDecision* MergePlan::channel(std::string_view team, std::string_view name) const {
  return find(channels, channel_key(team, name));
}

const UserDecision* MergePlan::user(std::string_view username) const { return find(users, ascii_lower(username)); }

const EmojiDecision* MergePlan::emoji_decision(std::string_view name) const { return find(emoji, ascii_lower(name)); }

bool MergePlan::drops(DefinitionKind kind, std::string_view name) const {
  return std::any_of(dropped.begin(), dropped.end(),
                     [&](const DroppedDefinition& d) { return d.kind == kind && d.name == name; });
}

std::string MergePlan::mapped_team(std::string_view source_team) const {
  const TeamDecision* d = team(source_team);
  return d && !d->target.empty() ? d->target : std::string(source_team);
}

void MergePlan::add(TeamDecision d) { teams[ascii_lower(d.name)] = std::move(d); }
void MergePlan::add(ChannelDecision d) { channels[channel_key(d.team, d.name)] = std::move(d); }
void MergePlan::add(UserDecision d) { users[ascii_lower(d.username)] = std::move(d); }
void MergePlan::add(EmojiDecision d) { emoji[ascii_lower(d.name)] = std::move(d); }
void MergePlan::add(AttachmentFix d) { attachments[d.path] = std::move(d); }

bool is_implied(const TeamDecision& d) { return d.action == TeamAction::kKeep && (d.target.empty() || d.target == d.name); }

bool is_implied(const ChannelDecision& d) {
  return d.action == ChannelAction::kKeep && d.keep_archived && d.new_name.empty() && !d.new_display_name;
}

bool is_implied(const UserDecision& d) {
  return d.action == UserAction::kNew && d.target.empty() && d.emit && d.email == ValueSource::kSource &&
         d.roles == ValueSource::kSource && d.target_membership_roles.empty() && d.settings == ValueSource::kSource &&
         d.auth == AuthAction::kKeep;
}

bool is_implied(const EmojiDecision& d) { return d.action == EmojiAction::kKeep && d.new_name.empty(); }

bool is_left_out_update(const UserDecision& d) {
  return d.action == UserAction::kUpdate && !d.emit && (d.target.empty() || d.target == d.username);
}

std::string_view name_of(TeamAction a) {
  switch (a) {
    case TeamAction::kKeep: return "keep";
    case TeamAction::kMerge: return "merge";
    case TeamAction::kRename: return "rename";
  }
  return "?";
}

std::string_view name_of(ChannelAction a) {
  switch (a) {
    case ChannelAction::kKeep: return "keep";
    case ChannelAction::kMerge: return "merge";
    case ChannelAction::kRename: return "rename";
  }
  return "?";
}

std::string_view name_of(UserAction a) {
  switch (a) {
    case UserAction::kNew: return "new";
    case UserAction::kUpdate: return "update";
    case UserAction::kRename: return "rename";
    case UserAction::kMap: return "map";
  }
  return "?";
}

std::string_view name_of(ValueSource v) { return v == ValueSource::kKeepTarget ? "keep-target" : "source"; }
std::string_view name_of(AuthAction a) { return a == AuthAction::kKeep ? "keep" : "strip"; }
std::string_view name_of(DefinitionKind k) { return k == DefinitionKind::kRole ? "role" : "scheme"; }

std::string_view name_of(EmojiAction a) {
  switch (a) {
    case EmojiAction::kKeep: return "keep";
    case EmojiAction::kRename: return "rename";
    case EmojiAction::kDrop: return "drop";
  }
  return "?";
}

std::string_view name_of(AttachmentAction a) { return a == AttachmentAction::kFix ? "fix" : "drop"; }

}  // namespace mm
