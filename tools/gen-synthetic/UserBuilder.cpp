#include "tools/gen-synthetic/UserBuilder.h"

#include <algorithm>
#include <string_view>
#include <unordered_set>

#include "tools/gen-synthetic/UniqueName.h"
#include "tools/gen-synthetic/Vocabulary.h"

namespace mm::gen {
namespace {

constexpr uint32_t kNoIndex = UINT32_MAX;

std::string str(std::string_view s) { return std::string(s); }

StringPairs random_notify_props(Rng& rng, std::string_view username) {
  static constexpr std::string_view kLevels[] = {"all", "mention", "none"};
  static constexpr std::string_view kBools[] = {"true", "false"};
  static constexpr std::string_view kPush[] = {"online", "away", "offline"};
  static constexpr std::string_view kComments[] = {"any", "root", "never"};
  StringPairs p;
  p.emplace_back("desktop", str(rng.pick(kLevels)));
  p.emplace_back("desktop_sound", str(rng.pick(kBools)));
  p.emplace_back("email", str(rng.pick(kBools)));
  p.emplace_back("mobile", str(rng.pick(kLevels)));
  p.emplace_back("mobile_push_status", str(rng.pick(kPush)));
  p.emplace_back("channel", str(rng.pick(kBools)));
  p.emplace_back("comments", str(rng.pick(kComments)));
  p.emplace_back("mention_keys", rng.chance(0.3) ? str(username) + ",deploy" : "");
  return p;
}

class UserBuilder {
 public:
  UserBuilder(const GenOptions& o, Rng& rng) : o_(o), rng_(rng), force_(o.force_every_kind()), rate_(o.conflict_rate) {}

  User new_person(std::string_view domain, std::unordered_set<std::string>& usernames) {
    User u;
    u.first_name = str(rng_.pick(vocab::kFirstNames));
    u.last_name = str(rng_.pick(vocab::kLastNames));
    u.username = unique_name(u.first_name + "." + u.last_name, usernames, "");
    u.email = u.username + "@" + std::string(domain);
    u.first_name[0] = static_cast<char>(u.first_name[0] - 32);
    u.last_name[0] = static_cast<char>(u.last_name[0] - 32);
    u.nickname = rng_.chance(0.3) ? u.first_name.substr(0, 3) : "";
    u.position = str(rng_.pick(vocab::kPositions));
    u.roles = "system_user";
    u.has_roles = rng_.chance(0.92);
    if (rng_.chance(0.8)) u.locale = str(rng_.pick(vocab::kLocales));
    if (rng_.chance(0.5)) u.theme = str(rng_.pick(vocab::kThemes));
    if (rng_.chance(0.7)) u.notify_props = random_notify_props(rng_, u.username);
    if (rng_.chance(0.03)) u.delete_at = kStartTimeMs + rng_.between(1, 700) * 86400000LL;
    return u;
  }

  void set_auth(User& u, std::string service) {
    u.auth_service = std::move(service);
    if (u.auth_service == "ldap") u.auth_data = "uid=" + u.username;
    else if (u.auth_service == "saml") u.auth_data = u.email;
    else if (!u.auth_service.empty()) u.auth_data = u.auth_service + "-" + u.username;
    else u.auth_data.clear();
  }

  void make_guest(User& u) {
    u.roles = "system_guest";
    u.has_roles = true;
  }

  // Memberships of user `u` in export `e`: the first team always (the shared one), the others
  // at random; town-square always, off-topic mostly, other channels at random.
  void add_memberships(Export& e, User& u, bool may_be_admin) {
    bool guest = u.roles == "system_guest";
    for (uint32_t ti = 0; ti < e.teams.size(); ++ti) {
      if (ti != 0 && !rng_.chance(0.4)) continue;
      TeamMembership tm;
      tm.team = ti;
      tm.roles = guest ? "team_guest" : (may_be_admin && rng_.chance(0.03) ? "team_user team_admin" : "team_user");
      for (uint32_t ci : e.teams[ti].channels) {
        const Channel& c = e.channels[ci];
        bool join = c.name == "town-square" || (c.name == "off-topic" ? rng_.chance(0.9) : rng_.chance(0.35));
        if (!join) continue;
        ChannelMembership cm;
        cm.channel = ci;
        cm.roles = guest ? "channel_guest" : (may_be_admin && rng_.chance(0.02) ? "channel_user channel_admin" : "channel_user");
        cm.favorite = rng_.chance(0.1);
        tm.channels.push_back(cm);
      }
      u.teams.push_back(std::move(tm));
    }
  }

  uint32_t find_team(const Export& e, const std::string& name) {
    for (uint32_t i = 0; i < e.teams.size(); ++i) if (e.teams[i].name == name) return i;
    return kNoIndex;
  }
  uint32_t find_channel(const Export& e, uint32_t team, const std::string& name) {
    for (uint32_t ci : e.teams[team].channels) if (e.channels[ci].name == name) return ci;
    return kNoIndex;
  }

  // The source copy of target user `tu`: same memberships where the source has the same team
  // and channel, same roles; plus memberships in teams only the source has.
  User copy_to_source(const Export& t, const User& tu, Export& s) {
    User u = tu;
    u.teams.clear();
    std::vector<bool> in_team(s.teams.size(), false);
    for (const TeamMembership& tm : tu.teams) {
      uint32_t st = find_team(s, t.teams[tm.team].name);
      if (st == kNoIndex) continue;
      TeamMembership sm;
      sm.team = st;
      sm.roles = tm.roles;
      for (const ChannelMembership& cm : tm.channels) {
        uint32_t sc = find_channel(s, st, t.channels[cm.channel].name);
        if (sc == kNoIndex) continue;
        ChannelMembership scm = cm;
        scm.channel = sc;
        sm.channels.push_back(scm);
      }
      in_team[st] = true;
      u.teams.push_back(std::move(sm));
    }
    User extra;
    extra.roles = u.roles;
    add_memberships(s, extra, false);
    for (TeamMembership& tm : extra.teams)
      if (!in_team[tm.team] && find_team(t, s.teams[tm.team].name) == kNoIndex) u.teams.push_back(std::move(tm));
    std::sort(u.teams.begin(), u.teams.end(), [](const TeamMembership& a, const TeamMembership& b) { return a.team < b.team; });
    // The target writes notify_props in another key order: the same map.
    return u;
  }

  void build(Export& s, Export& t) {
    const uint32_t count = o_.users ? o_.users : default_user_count(o_.posts);
    std::unordered_set<std::string> target_names, all_names;
    // Target users.
    User admin;
    admin.username = "sysadmin";
    admin.email = "sysadmin@example.com";
    admin.first_name = "System";
    admin.last_name = "Admin";
    admin.roles = "system_admin system_user";
    admin.locale = "en";
    target_names.insert("sysadmin");
    add_memberships(t, admin, false);
    t.users.push_back(admin);
    for (uint32_t i = 1; i < count; ++i) {
      User u = new_person("example.com", target_names);
      double a = rng_.unit();
      set_auth(u, a < 0.8 ? "" : (a < 0.95 ? "ldap" : "saml"));
      if (i == count - 1) make_guest(u);
      else if (rng_.chance(0.02)) u.roles = "system_admin system_user";
      add_memberships(t, u, true);
      t.users.push_back(std::move(u));
    }
    all_names = target_names;

    // Source users: sysadmin, copies of 40% of the target's users (some changed), new users
    // (some colliding by e-mail or by person).
    {
      User sa = copy_to_source(t, t.users[0], s);
      s.users.push_back(std::move(sa));
    }
    std::vector<uint32_t> order;
    for (uint32_t i = 1; i + 1 < count; ++i) order.push_back(i);  // not the guest
    shuffle(order, rng_);
    size_t overlap = std::min<size_t>(order.size(), static_cast<size_t>(count * 0.4));
    uint32_t changed_email_n = 0;
    for (size_t k = 0; k < overlap; ++k) {
      User& tu = t.users[order[k]];
      User u = copy_to_source(t, tu, s);
      // The first six copies get one forced change each, the others changes at the rate.
      enum { kEmail, kAuth, kSettings, kAdmin, kTeamAdmin, kChannelAdmin, kKinds };
      auto inject = [&](int kind) { return force_ && k < kKinds ? static_cast<int>(k) == kind : rng_.chance(rate_); };
      u.has_roles = tu.has_roles;
      if (inject(kEmail)) u.email = u.username + "@mail" + std::to_string(++changed_email_n) + ".example.net";
      if (inject(kAuth)) set_auth(u, tu.auth_service.empty() ? "ldap" : "");
      if (inject(kSettings)) {
        switch (rng_.below(3)) {
          case 0: u.locale = u.locale == "ja" ? "en" : "ja"; break;
          case 1: u.theme = str(vocab::kThemes[(u.theme == str(vocab::kThemes[0])) ? 1 : 0]); break;
          default:
            if (u.notify_props.empty()) u.notify_props = random_notify_props(rng_, u.username);
            else u.notify_props[0].second = u.notify_props[0].second == "none" ? "all" : "none";
        }
      }
      if (inject(kAdmin)) {
        tu.roles = "system_admin system_user";
        tu.has_roles = true;
        u.roles = "system_user";
        u.has_roles = true;
      }
      if (inject(kTeamAdmin) && !tu.teams.empty() && !u.teams.empty() && tu.teams[0].team == 0 && u.teams[0].team == 0) {
        tu.teams[0].roles = "team_user team_admin";
        u.teams[0].roles = "team_user";
      }
      if (inject(kChannelAdmin) && !tu.teams.empty() && !u.teams.empty() && tu.teams[0].team == 0 &&
          u.teams[0].team == 0 && !tu.teams[0].channels.empty() && !u.teams[0].channels.empty()) {
        // Both first channel memberships are town-square of the first (shared) team.
        tu.teams[0].channels[0].roles = "channel_user channel_admin";
        u.teams[0].channels[0].roles = "channel_user";
      }
      s.users.push_back(std::move(u));
    }
    // Target users not copied are candidates for e-mail and person collisions.
    std::vector<uint32_t> free_targets(order.begin() + overlap, order.end());
    size_t next_free = 0;
    // Forced: the first three new users get one kind each; then each new user gets each kind
    // with probability `rate` (one at most).
    enum { kEmailTaken, kDuplicate, kNewAuth, kNoChange };
    uint32_t forced_user_next = force_ ? 0 : kNoChange;
    auto user_kind = [&] {
      if (forced_user_next < kNoChange) return static_cast<int>(forced_user_next++);
      double r = rng_.unit();
      return static_cast<int>(r < rate_ ? kEmailTaken : r < 2 * rate_ ? kDuplicate : r < 3 * rate_ ? kNewAuth : kNoChange);
    };
    while (s.users.size() < count) {
      bool last = s.users.size() + 1 == count;
      User u = new_person("example.com", all_names);
      double a = rng_.unit();
      set_auth(u, a < 0.85 ? "" : "ldap");
      int kind = last ? kNoChange : user_kind();
      if (last) {
        make_guest(u);
      } else if (next_free < free_targets.size() && kind == kEmailTaken) {
        u.email = t.users[free_targets[next_free++]].email;  // another username, the same e-mail
      } else if (next_free < free_targets.size() && kind == kDuplicate) {
        // The same person with the e-mail domain changed: same names, same local part.
        const User& tu = t.users[free_targets[next_free++]];
        all_names.erase(u.username);
        std::string base = tu.username;
        std::replace(base.begin(), base.end(), '.', '_');
        u.username = unique_name(base, all_names, "");
        u.first_name = tu.first_name;
        u.last_name = tu.last_name;
        u.email = tu.username + "@newcorp.example.org";
      } else if (kind == kNewAuth) {
        set_auth(u, rng_.chance(0.5) ? "gitlab" : "openid");
      }
      add_memberships(s, u, true);
      s.users.push_back(std::move(u));
    }
    // Reorder the target's notify_props keys: the same maps, written differently.
    for (User& u : t.users) std::reverse(u.notify_props.begin(), u.notify_props.end());
    for (Export* e : {&s, &t})
      for (User& u : e->users) u.id = id_for(e->label + "/user", u.username, o_.seed);
  }

 private:
  const GenOptions& o_;
  Rng& rng_;
  bool force_;
  double rate_;
};

}  // namespace

void build_users(const GenOptions& options, Rng& rng, Export& source, Export& target) {
  UserBuilder(options, rng).build(source, target);
}

}  // namespace mm::gen
