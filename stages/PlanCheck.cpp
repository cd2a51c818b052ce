#include "stages/PlanCheck.h"

#include <fmt/format.h>

namespace mm {

std::vector<std::string> check_plan(const MergePlan& plan, const InstanceNames* target) {
  std::vector<std::string> problems;

  for (const auto& [key, d] : plan.teams) {
    if (!target) break;
    if (d.action == TeamAction::kRename && target->find_name(NameKind::kTeam, d.target))
      problems.push_back(fmt::format("team \"{}\": renamed to \"{}\", which exists in the target", d.name, d.target));
    if (d.action == TeamAction::kMerge && !target->find_name(NameKind::kTeam, d.target))
      problems.push_back(fmt::format("team \"{}\": merged into \"{}\", which is not a team of the target", d.name, d.target));
  }

  // Final channel names per mapped team.
  NameMap final_channels;  // "mappedteam/name" -> "sourceteam/name"
  for (const auto& [key, d] : plan.channels) {
    std::string team = plan.mapped_team(d.team);
    const std::string& name = d.action == ChannelAction::kRename ? d.new_name : d.name;
    std::string final_key = channel_key(team, name);
    std::string subject = d.team + "/" + d.name;
    if (d.action == ChannelAction::kRename && target && target->find_channel(team, name))
      problems.push_back(fmt::format("channel \"{}\": renamed to \"{}\", which exists in the target team \"{}\"",
                                     subject, d.new_name, team));
    if (d.action == ChannelAction::kMerge) continue;  // several source channels may join one
    if (const std::string* other = final_channels.find(final_key))
      problems.push_back(fmt::format("channel \"{}\": its name \"{}\" in team \"{}\" is also that of channel \"{}\"",
                                     subject, name, team, *other));
    else
      final_channels.add(final_key, subject);
  }

  NameMap final_users;
  for (const auto& [key, d] : plan.users) {
    if (target && d.action == UserAction::kRename && target->find_name(NameKind::kUser, d.target))
      problems.push_back(fmt::format("user \"{}\": renamed to \"{}\", which exists in the target", d.username, d.target));
    if (target && d.action == UserAction::kMap && !target->find_name(NameKind::kUser, d.target))
      problems.push_back(fmt::format("user \"{}\": mapped onto \"{}\", which is not a user of the target", d.username, d.target));
    if (d.action == UserAction::kMap) continue;  // several source accounts may map onto one
    const std::string& name = d.action == UserAction::kRename ? d.target : d.username;
    if (const std::string* other = final_users.find(ascii_lower(name)))
      problems.push_back(fmt::format("user \"{}\": its name \"{}\" is also that of user \"{}\"", d.username, name, *other));
    else
      final_users.add(name, d.username);
  }

  NameMap final_emoji;
  for (const auto& [key, d] : plan.emoji) {
    if (d.action == EmojiAction::kDrop) continue;
    const std::string& name = d.action == EmojiAction::kRename ? d.new_name : d.name;
    if (target && d.action == EmojiAction::kRename && target->find_name(NameKind::kEmoji, name))
      problems.push_back(fmt::format("emoji \"{}\": renamed to \"{}\", which exists in the target", d.name, name));
    if (const std::string* other = final_emoji.find(ascii_lower(name)))
      problems.push_back(fmt::format("emoji \"{}\": its name \"{}\" is also that of emoji \"{}\"", d.name, name, *other));
    else
      final_emoji.add(name, d.name);
  }
  return problems;
}

}  // namespace mm
