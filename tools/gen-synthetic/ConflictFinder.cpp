#include "tools/gen-synthetic/ConflictFinder.h"

#include <algorithm>
#include <map>
#include <set>
#include <sstream>
#include <unordered_map>
#include <unordered_set>

namespace mm::gen {

std::string lower(std::string s) {
  for (char& c : s)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
  return s;
}

namespace {

bool has_role(const std::string& roles, const std::string& role) {
  std::istringstream in(roles);
  std::string token;
  while (in >> token)
    if (token == role) return true;
  return false;
}

std::set<std::string> as_set(const std::vector<std::string>& v) { return {v.begin(), v.end()}; }

bool same_scheme(const Scheme& a, const Scheme& b) {
  if (a.display_name != b.display_name || a.description != b.description) return false;
  for (size_t i = 0; i < a.roles.size(); ++i)
    if (as_set(a.roles[i].permissions) != as_set(b.roles[i].permissions)) return false;
  return true;
}

std::string local_part(const std::string& email) { return email.substr(0, email.find('@')); }

// Same person by the probable-duplicate rule: first name, last name, e-mail local part.
std::string person_key(const User& u) {
  return lower(u.first_name) + '\n' + lower(u.last_name) + '\n' + lower(local_part(u.email));
}

class Finder {
 public:
  Finder(const Export& s, const Export& t) : s_(s), t_(t) {}

  ModelConflicts run() {
    teams_and_channels();
    roles();
    users();
    emoji();
    return std::move(result_);
  }

 private:
  void add(const char* kind, std::string subject, uint64_t source_line, uint64_t target_line) {
    result_.conflicts.push_back({kind, severity_of(kind), std::move(subject), source_line, target_line, 1});
  }

  void teams_and_channels() {
    MentionTargets& m = result_.mentions;
    m.channel_slot.assign(s_.channels.size(), -1);
    std::unordered_map<std::string, uint32_t> target_teams;
    for (uint32_t i = 0; i < t_.teams.size(); ++i) target_teams[lower(t_.teams[i].name)] = i;
    for (const Team& st : s_.teams) {
      auto it = target_teams.find(lower(st.name));
      if (it == target_teams.end()) continue;
      const Team& tt = t_.teams[it->second];
      add("team_merge", st.name, st.line, tt.line);
      for (uint32_t sci : st.channels) {
        const Channel& sc = s_.channels[sci];
        const Channel* tc = nullptr;
        for (uint32_t tci : tt.channels)
          if (lower(t_.channels[tci].name) == lower(sc.name)) tc = &t_.channels[tci];
        if (!tc) continue;
        std::string subject = st.name + "/" + sc.name;
        const char* kind;
        if (sc.name == "town-square" || sc.name == "off-topic") kind = "channel_merge";
        else if (tc->deleted_at > 0) kind = "channel_target_archived";
        else if (sc.deleted_at > 0) kind = "channel_archive_propagation";
        else if (sc.display_name == tc->display_name) kind = "channel_merge";
        else kind = "channel_name_clash";
        add(kind, subject, sc.line, tc->line);
        if (std::string(kind) != "channel_merge") {
          m.channel_slot[sci] = static_cast<int32_t>(m.channels.size());
          m.channels.push_back(sci);
        }
      }
    }
  }

  void roles() {
    for (const Role& sr : s_.roles)
      for (const Role& tr : t_.roles)
        if (sr.name == tr.name && as_set(sr.permissions) != as_set(tr.permissions))
          add("role_overwrite", sr.name, sr.line, tr.line);
    for (const Scheme& ss : s_.schemes)
      for (const Scheme& ts : t_.schemes)
        if (ss.name == ts.name && !same_scheme(ss, ts)) add("role_overwrite", ss.name, ss.line, ts.line);
  }

  // The source user's membership roles for the target's team/channel names, if present.
  bool downgraded(const User& su, const User& tu) {
    if (tu.has_roles && has_role(tu.roles, "system_admin") && su.has_roles && !has_role(su.roles, "system_admin")) return true;
    for (const TeamMembership& ttm : tu.teams) {
      const std::string& team = t_.teams[ttm.team].name;
      for (const TeamMembership& stm : su.teams) {
        if (lower(s_.teams[stm.team].name) != lower(team)) continue;
        if (has_role(ttm.roles, "team_admin") && !has_role(stm.roles, "team_admin")) return true;
        for (const ChannelMembership& tcm : ttm.channels) {
          if (!has_role(tcm.roles, "channel_admin")) continue;
          for (const ChannelMembership& scm : stm.channels)
            if (lower(s_.channels[scm.channel].name) == lower(t_.channels[tcm.channel].name) &&
                !has_role(scm.roles, "channel_admin"))
              return true;
        }
      }
    }
    return false;
  }

  static std::map<std::string, std::string> as_map(const StringPairs& p) { return {p.begin(), p.end()}; }

  void users() {
    MentionTargets& m = result_.mentions;
    m.user_slot.assign(s_.users.size(), -1);
    std::unordered_map<std::string, uint32_t> by_name, by_email, by_person;
    std::unordered_set<std::string> services;
    for (uint32_t i = 0; i < t_.users.size(); ++i) {
      by_name[lower(t_.users[i].username)] = i;
      by_email[lower(t_.users[i].email)] = i;
      services.insert(t_.users[i].auth_service);
      if (!t_.users[i].first_name.empty() && !t_.users[i].last_name.empty())
        by_person.emplace(person_key(t_.users[i]), i);  // the first such target user
    }
    for (uint32_t si = 0; si < s_.users.size(); ++si) {
      const User& su = s_.users[si];
      const User* tu = nullptr;
      auto named = by_name.find(lower(su.username));
      if (named != by_name.end()) {
        tu = &t_.users[named->second];
        if (lower(su.email) != lower(tu->email)) add("user_email_changed", su.username, su.line, tu->line);
        if (su.auth_service != tu->auth_service) add("user_auth_changed", su.username, su.line, tu->line);
        if (su.locale != tu->locale || su.theme != tu->theme || as_map(su.notify_props) != as_map(tu->notify_props))
          add("user_settings_overwrite", su.username, su.line, tu->line);
      } else {
        auto mailed = by_email.find(lower(su.email));
        if (mailed != by_email.end()) {
          tu = &t_.users[mailed->second];
          add("user_email_taken", su.username, su.line, tu->line);
        } else {
          auto same = su.first_name.empty() || su.last_name.empty() ? by_person.end() : by_person.find(person_key(su));
          if (same != by_person.end()) {
            tu = &t_.users[same->second];
            add("user_probable_duplicate", su.username, su.line, tu->line);
          }
        }
        if (tu) {
          m.user_slot[si] = static_cast<int32_t>(m.users.size());
          m.users.push_back(si);
        }
        if (!su.auth_service.empty() && !services.count(su.auth_service))
          add("user_auth_changed", su.username, su.line, 0);
      }
      if (!tu) continue;
      if (downgraded(su, *tu)) add("user_role_downgrade", su.username, su.line, tu->line);
      // A user line replaces an existing account's sign-in, password or not: every one is left out.
      add("user_password_reset", su.username, su.line, tu->line);
    }
  }

  void emoji() {
    for (const Emoji& se : s_.emoji)
      for (const Emoji& te : t_.emoji)
        if (lower(se.name) == lower(te.name)) add("emoji_clash", se.name, se.line, te.line);
  }

  const Export& s_;
  const Export& t_;
  ModelConflicts result_;
};

}  // namespace

ModelConflicts find_model_conflicts(const Export& source, const Export& target) { return Finder(source, target).run(); }

}  // namespace mm::gen
