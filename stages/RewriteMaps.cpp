#include "stages/RewriteMaps.h"

namespace mm {

RewriteMaps::RewriteMaps(const MergePlan& p) : plan(p) {
  for (const auto& [key, d] : plan.teams)
    if (d.action != TeamAction::kKeep && !d.target.empty() && d.target != d.name) teams.add(d.name, d.target);
  for (const auto& [key, d] : plan.channels) {
    if (d.action == ChannelAction::kRename && d.new_name != d.name)
      channels_by_team[ascii_lower(d.team)].add(d.name, d.new_name);
    if (d.action == ChannelAction::kRename || !d.keep_archived) channel_lines.add(key);
  }
  for (const auto& [key, d] : plan.users) {
    bool renamed = (d.action == UserAction::kRename || d.action == UserAction::kMap) && !d.target.empty() &&
                   d.target != d.username;
    if (renamed) users.add(d.username, d.target);
    if (renamed || !d.emit || d.email == ValueSource::kKeepTarget || d.roles == ValueSource::kKeepTarget ||
        d.settings == ValueSource::kKeepTarget || d.auth == AuthAction::kStrip)
      user_lines.add(d.username);
  }
  for (const auto& [key, d] : plan.emoji) {
    if (d.action == EmojiAction::kRename) emoji.add(d.name, d.new_name);
    if (d.action == EmojiAction::kDrop) dropped_emoji.add(d.name);
  }
  for (const DroppedDefinition& d : plan.dropped) (d.kind == DefinitionKind::kRole ? dropped_roles : dropped_schemes).add(d.name);
  for (const auto& [path, fix] : plan.attachments) attachments.emplace(path, &fix);
}

const NameMap* RewriteMaps::channels_of(std::string_view source_team) const {
  if (channels_by_team.empty() || source_team.size() > 128) return nullptr;
  char lower[128] = {};
  for (size_t i = 0; i < source_team.size(); ++i) {
    char c = source_team[i];
    lower[i] = (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c;
  }
  auto it = channels_by_team.find(std::string_view(lower, source_team.size()));
  return it == channels_by_team.end() ? nullptr : &it->second;
}

}  // namespace mm
