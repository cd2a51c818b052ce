#include "stages/PlanCheck.h"

#include <fmt/format.h>

#include "stages/RenameWalk.h"

namespace mm {

namespace {

std::string string_member(od::value& payload, std::string_view name) {
  std::string out;
  for_each_member(payload, [&](std::string_view key, od::field&, od::value& value) {
    if (!key_is(key, name)) return;
    StringRef s = read_string(value);
    if (s) out = std::string(s.text);
  });
  return out;
}

}  // namespace

void TargetNames::add_line(simdjson::ondemand::parser& parser, const Line& line) {
  // Posts are most of an export and define nothing: skipped without parsing.
  if (is_post_type(peek_type(line.text))) return;
  LineClassifier classifier;
  try {
    classifier.classify(parser, line, nullptr, [&](std::string_view key, od::value& value) {
      if (key_is(key, "team")) {
        std::string name = string_member(value, "name");
        if (!name.empty()) teams.add(name);
      } else if (key_is(key, "channel")) {
        std::string team, name;
        for_each_member(value, [&](std::string_view k, od::field&, od::value& v) {
          StringRef s;
          if (key_is(k, "team") && (s = read_string(v))) team = std::string(s.text);
          else if (key_is(k, "name") && (s = read_string(v))) name = std::string(s.text);
        });
        if (!team.empty() && !name.empty()) channels.add(channel_key(team, name));
      } else if (key_is(key, "user")) {
        std::string name = string_member(value, "username");
        if (!name.empty()) users.add(name);
      } else if (key_is(key, "emoji")) {
        std::string name = string_member(value, "name");
        if (!name.empty()) emoji.add(name);
      }
    });
  } catch (const simdjson::simdjson_error&) {
    // A malformed target line defines nothing; `validate` reports it.
  }
}

void TargetNames::merge(const TargetNames& other) {
  for (const auto& [k, v] : other.teams.entries()) teams.add(k);
  for (const auto& [k, v] : other.channels.entries()) channels.add(k);
  for (const auto& [k, v] : other.users.entries()) users.add(k);
  for (const auto& [k, v] : other.emoji.entries()) emoji.add(k);
}

std::vector<std::string> check_plan(const MergePlan& plan, const TargetNames* target) {
  std::vector<std::string> problems;

  for (const auto& [key, d] : plan.teams) {
    if (!target) break;
    if (d.action == TeamAction::kRename && target->teams.contains(ascii_lower(d.target)))
      problems.push_back(fmt::format("team \"{}\": renamed to \"{}\", which exists in the target", d.name, d.target));
    if (d.action == TeamAction::kMerge && !target->teams.contains(ascii_lower(d.target)))
      problems.push_back(fmt::format("team \"{}\": merged into \"{}\", which is not a team of the target", d.name, d.target));
  }

  // Final channel names per mapped team.
  NameMap final_channels;  // "mappedteam/name" -> "sourceteam/name"
  for (const auto& [key, d] : plan.channels) {
    std::string team = plan.mapped_team(d.team);
    const std::string& name = d.action == ChannelAction::kRename ? d.new_name : d.name;
    std::string final_key = channel_key(team, name);
    std::string subject = d.team + "/" + d.name;
    if (d.action == ChannelAction::kRename && target && target->channels.contains(final_key))
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
    if (target && d.action == UserAction::kRename && target->users.contains(ascii_lower(d.target)))
      problems.push_back(fmt::format("user \"{}\": renamed to \"{}\", which exists in the target", d.username, d.target));
    if (target && d.action == UserAction::kMap && !target->users.contains(ascii_lower(d.target)))
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
    if (target && d.action == EmojiAction::kRename && target->emoji.contains(ascii_lower(name)))
      problems.push_back(fmt::format("emoji \"{}\": renamed to \"{}\", which exists in the target", d.name, name));
    if (const std::string* other = final_emoji.find(ascii_lower(name)))
      problems.push_back(fmt::format("emoji \"{}\": its name \"{}\" is also that of emoji \"{}\"", d.name, name, *other));
    else
      final_emoji.add(name, d.name);
  }
  return problems;
}

}  // namespace mm
