#include "stages/PreviousPlan.h"

#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <utility>

#include <fmt/format.h>


namespace mm {

namespace {

// The line of each entry's table header in the plan text, by "kind key" (key as MergePlan keys
// it). Read from the text because the decisions do not keep their lines; a name the simple
// reading below cannot take back (an escape in it) gets no line, and the message names the file.
std::map<std::string, uint64_t> entry_lines(const std::string& text) {
  std::map<std::string, uint64_t> lines;
  std::string kind, name, team;
  uint64_t header = 0, n = 0;
  bool listing = false;
  auto flush = [&] {
    if (header == 0 || name.empty()) return;
    std::string key = kind == "channel" ? channel_key(team, name) : ascii_lower(name);
    lines.emplace(kind + " " + key, header);
  };
  size_t pos = 0;
  while (pos <= text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string::npos) end = text.size();
    std::string_view line(text.data() + pos, end - pos);
    ++n;
    while (!line.empty() && (line.front() == ' ' || line.front() == '\t')) line.remove_prefix(1);
    if (line.starts_with("[[")) {
      flush();
      size_t close = line.find("]]");
      kind = std::string(line.substr(2, close == std::string_view::npos ? 0 : close - 2));
      name.clear();
      team.clear();
      header = n;
    } else if (line.starts_with("[")) {
      flush();
      header = 0;
    } else {
      auto value = [&](std::string_view key) -> std::optional<std::string> {
        if (!line.starts_with(key)) return std::nullopt;
        std::string_view rest = line.substr(key.size());
        while (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
        if (!rest.starts_with("=")) return std::nullopt;
        rest.remove_prefix(1);
        while (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
        if (!rest.starts_with("\"")) return std::nullopt;
        size_t q = rest.find('"', 1);
        if (q == std::string_view::npos || rest.substr(1, q - 1).find('\\') != std::string_view::npos) return std::nullopt;
        return std::string(rest.substr(1, q - 1));
      };
      if (listing) {
        // One name a line in a `usernames = [...]` list (as plan writes it): its own line.
        if (line.starts_with("]")) {
          listing = false;
        } else if (line.starts_with("\"")) {
          size_t q = line.find('"', 1);
          if (q != std::string_view::npos && line.substr(1, q - 1).find('\\') == std::string_view::npos)
            lines.emplace("user " + ascii_lower(line.substr(1, q - 1)), n);
        }
      } else if (auto v = value("name")) name = *v;
      else if (auto u = value("username")) name = *u;
      else if (auto t = value("team")) team = *t;
      else if (kind == "user" && line.starts_with("usernames") && line.find('[') != std::string_view::npos &&
               line.find(']') == std::string_view::npos)
        listing = true;
    }
    pos = end + 1;
  }
  flush();
  return lines;
}

bool same_email(std::string_view a, std::string_view b) { return ascii_lower(a) == ascii_lower(b); }

}  // namespace

std::vector<std::string> carry_previous_plan(const MergePlan& previous, const std::string& previous_path,
                                             const std::string& previous_text, const InstanceIndex& source,
                                             const InstanceIndex& target, Detection& detection) {
  std::vector<std::string> problems;
  const std::map<std::string, uint64_t> lines = entry_lines(previous_text);
  auto where = [&](std::string_view kind, const std::string& key) {
    auto it = lines.find(std::string(kind) + " " + key);
    return it == lines.end() ? previous_path : fmt::format("{}:{}", previous_path, it->second);
  };
  // (source line, target line) of the conflicts that are only phase 1's import meeting itself.
  std::set<std::pair<uint64_t, uint64_t>> imported;
  std::set<uint64_t> carried;  // source lines of the objects PLAN1 decided
  MergePlan& plan = detection.plan;

  for (const auto& [key, d] : previous.teams) {
    const IndexedTeam* t = target.team(d.target);
    if (const IndexedTeam* s = source.team(d.name)) carried.insert(s->line);
    if (d.action == TeamAction::kMerge) {
      if (!t)
        problems.push_back(fmt::format("{}: team \"{}\": merges into target team \"{}\", which the target no longer has",
                                       where("team", key), d.name, d.target));
    } else if (t) {
      if (const IndexedTeam* s = source.team(d.name)) imported.emplace(s->line, t->line);
    }
    plan.add(d);
  }
  for (const auto& [key, d] : previous.channels) {
    std::string team = previous.mapped_team(d.team);
    std::string name = d.action == ChannelAction::kRename ? d.new_name : d.name;
    const IndexedChannel* t = target.channel(team, name);
    if (const IndexedChannel* s = source.channel(d.team, d.name)) carried.insert(s->line);
    if (d.action == ChannelAction::kMerge) {
      if (!t)
        problems.push_back(fmt::format("{}: channel \"{}/{}\": merges into \"{}/{}\", which the target no longer has",
                                       where("channel", key), d.team, d.name, team,
                                       name));
    } else if (t) {
      if (const IndexedChannel* s = source.channel(d.team, d.name)) imported.emplace(s->line, t->line);
    }
    plan.add(d);
  }
  for (const auto& [key, d] : previous.users) {
    const IndexedUser* s = source.user(d.username);
    if (s) carried.insert(s->line);
    if (d.action == UserAction::kUpdate || d.action == UserAction::kMap) {
      if (!target.user(d.target))
        problems.push_back(fmt::format("{}: user \"{}\": {} target account \"{}\", which the target no longer has",
                                       where("user", key), d.username,
                                       d.action == UserAction::kMap ? "mapped onto" : "updates", d.target));
    } else {
      // Created by phase 1 under this name: the account there now must be that one.
      std::string name = d.action == UserAction::kRename ? d.target : d.username;
      const IndexedUser* t = target.user(name);
      if (t && s && !same_email(t->email, s->email)) {
        problems.push_back(fmt::format(
            "{}: user \"{}\": {} \"{}\", but the target's \"{}\" is another account now (e-mail {}, the source's {})",
            where("user", key), d.username, d.action == UserAction::kRename ? "renamed to" : "created as",
            name, t->username, t->email, s->email));
      } else if (t && s) {
        imported.emplace(s->line, t->line);
        // Also the target account whose e-mail the source user has (itself, now).
        if (const IndexedUser* by_email = target.user_by_email(s->email)) imported.emplace(s->line, by_email->line);
      }
    }
    plan.add(d);
  }
  for (const auto& [key, d] : previous.emoji) {
    std::string name = d.action == EmojiAction::kRename ? d.new_name : d.name;
    if (const IndexedEmoji* s = source.emoji_named(d.name)) carried.insert(s->line);
    if (d.action != EmojiAction::kDrop)
      if (const IndexedEmoji* t = target.emoji_named(name))
        if (const IndexedEmoji* s = source.emoji_named(d.name)) imported.emplace(s->line, t->line);
    plan.add(d);
  }
  for (const DroppedDefinition& d : previous.dropped) {
    bool already = std::any_of(plan.dropped.begin(), plan.dropped.end(), [&](const DroppedDefinition& o) {
      return o.kind == d.kind && ascii_lower(o.name) == ascii_lower(d.name);
    });
    if (!already) plan.dropped.push_back(d);
  }
  for (const auto& [path, fix] : previous.attachments) plan.add(fix);

  // What PLAN1 does not name had its implied decision (model/MergePlan.h): imported under its own
  // name. An object the target now has under that name (a user with the source's e-mail) is phase
  // 1's import meeting itself: the same decision again, and no conflict.
  const std::string implied = "as the previous plan implies: imported as it is by phase 1";
  for (const IndexedTeam& s : source.teams) {
    const IndexedTeam* t = previous.team(s.name) ? nullptr : target.team(s.name);
    if (!t) continue;
    carried.insert(s.line);
    imported.emplace(s.line, t->line);
    plan.add(TeamDecision{s.name, TeamAction::kKeep, s.name, implied});
  }
  for (const IndexedChannel& s : source.channels) {
    const IndexedChannel* t =
        previous.channel(s.team, s.name) ? nullptr : target.channel(previous.mapped_team(s.team), s.name);
    if (!t) continue;
    carried.insert(s.line);
    imported.emplace(s.line, t->line);
    plan.add(ChannelDecision{s.team, s.name, ChannelAction::kKeep, "", std::nullopt, true, implied});
  }
  for (const IndexedUser& s : source.users) {
    const IndexedUser* t = previous.user(s.username) ? nullptr : target.user(s.username);
    if (!t || !same_email(t->email, s.email)) continue;
    carried.insert(s.line);
    imported.emplace(s.line, t->line);
    if (const IndexedUser* by_email = target.user_by_email(s.email)) imported.emplace(s.line, by_email->line);
    UserDecision d;
    d.username = s.username;
    d.why = implied;
    plan.add(std::move(d));
  }
  for (const IndexedEmoji& s : source.emoji) {
    const IndexedEmoji* t = previous.emoji_decision(s.name) ? nullptr : target.emoji_named(s.name);
    if (!t) continue;
    carried.insert(s.line);
    imported.emplace(s.line, t->line);
    plan.add(EmojiDecision{s.name, EmojiAction::kKeep, "", implied});
  }

  std::erase_if(detection.conflicts, [&](const Conflict& c) {
    return c.target_line != 0 && imported.count({c.source_line, c.target_line}) != 0;
  });
  // The others stay (they are still true), resolved as PLAN1 resolved them.
  for (Conflict& c : detection.conflicts)
    if (c.source_line != 0 && carried.count(c.source_line))
      c.resolution = fmt::format("as the previous plan decides ({})", previous_path);
  plan.previous = previous_path;
  return problems;
}

}  // namespace mm
