#include "tools/gen-synthetic/ModelBuilder.h"

#include <algorithm>
#include <cmath>
#include <set>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

#include "tools/gen-synthetic/Rng.h"
#include "tools/gen-synthetic/Vocabulary.h"

namespace mm::gen {
namespace {

constexpr int64_t kStartTimeMs = 1672531200000;  // 2023-01-01T00:00:00Z
constexpr uint32_t kNoIndex = UINT32_MAX;

std::string str(std::string_view s) { return std::string(s); }

template <class T>
void shuffle(std::vector<T>& v, Rng& rng) {
  for (size_t i = v.size(); i > 1; --i) std::swap(v[i - 1], v[rng.below(i)]);
}

// Gives "base", or "base-2", "base-3"... whichever is not yet in `taken`.
std::string unique_name(std::string base, std::unordered_set<std::string>& taken, std::string_view sep = "-") {
  std::string name = base;
  for (int n = 2; taken.count(name); ++n) name = base + std::string(sep) + std::to_string(n);
  taken.insert(name);
  return name;
}

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

Role make_role(std::string name, std::string display_name, size_t first_permission, size_t count) {
  Role r;
  r.name = std::move(name);
  r.display_name = std::move(display_name);
  r.description = "Permissions of " + r.display_name;
  constexpr size_t n = std::size(vocab::kPermissions);
  for (size_t i = 0; i < count; ++i) r.permissions.push_back(str(vocab::kPermissions[(first_permission + i) % n]));
  return r;
}

// The injected conflicts of one kind happen with probability `rate`, and the first eligible
// object gets one for sure when `force`.
struct Injector {
  Rng& rng;
  double rate;
  bool force;
  bool done = false;
  bool next() {
    if (force && !done) return done = true;
    return rng.chance(rate);
  }
};

class Builder {
 public:
  explicit Builder(const GenOptions& o)
      : o_(o), rng_(o.seed, Stream::kModel), force_(o.force_every_kind()), rate_(o.conflict_rate) {}

  ModelPair build() {
    ModelPair m;
    m.source.label = "source";
    m.target.label = "target";
    build_roles(m.source, m.target);
    build_teams_and_channels(m.source, m.target);
    build_users(m.source, m.target);
    build_bots(m.source, m.target);
    build_emoji(m.source, m.target);
    for (Export* e : {&m.source, &m.target}) {
      fill_channel_members(*e);
      build_direct_channels(*e);
      build_channel_weights(*e);
      e->start_time_ms = kStartTimeMs;
    }
    m.source.posts = o_.posts - direct_post_count(o_.posts);
    m.source.direct_posts = direct_post_count(o_.posts);
    m.target.posts = o_.target_posts - direct_post_count(o_.target_posts);
    m.target.direct_posts = direct_post_count(o_.target_posts);
    number_lines(m.source);
    number_lines(m.target);
    return m;
  }

 private:
  Injector injector() { return Injector{rng_, rate_, force_}; }

  // ---- roles and schemes -------------------------------------------------------------------
  void build_roles(Export& s, Export& t) {
    std::vector<Role> base = {make_role("system_user", "authentication.roles.global_user.name", 0, 9),
                              make_role("system_guest", "authentication.roles.global_guest.name", 0, 4),
                              make_role("team_user", "authentication.roles.team_user.name", 8, 6),
                              make_role("channel_user", "authentication.roles.channel_user.name", 0, 6)};
    for (const Role& r : base) {
      s.roles.push_back(r);
      Role tr = r;  // same permission set, another order: not a conflict
      std::reverse(tr.permissions.begin(), tr.permissions.end());
      t.roles.push_back(tr);
    }
    // A built-in role whose permissions the source changed.
    if (injector().next()) {
      s.roles[0].permissions.push_back("create_team");
      s.roles[0].permissions.erase(s.roles[0].permissions.begin() + 1);
    }
    s.roles.push_back(make_role("release_manager", "Release Manager", 14, 5));  // source only
    t.roles.push_back(make_role("auditor", "Auditor", 9, 3));                   // target only

    Scheme scheme;
    scheme.name = "eng_scheme";
    scheme.display_name = "Engineering scheme";
    scheme.description = "Team scheme of the engineering teams";
    scheme.roles = {make_role("eng_team_admin", "Team Admin Role for Scheme", 10, 8),
                    make_role("eng_team_user", "Team User Role for Scheme", 8, 5),
                    make_role("eng_channel_admin", "Channel Admin Role for Scheme", 12, 6),
                    make_role("eng_channel_user", "Channel User Role for Scheme", 0, 5)};
    s.schemes.push_back(scheme);
    if (rng_.chance(rate_)) {
      scheme.description = "Team scheme, target edition";
      scheme.roles[1].permissions.pop_back();
    }
    t.schemes.push_back(scheme);
  }

  // ---- teams and channels ------------------------------------------------------------------
  uint32_t add_team(Export& e, std::string name, std::string display_name) {
    Team t;
    t.name = std::move(name);
    t.display_name = std::move(display_name);
    t.description = rng_.chance(0.5) ? "The " + t.display_name + " team" : "";
    t.type = rng_.chance(0.8) ? 'O' : 'I';
    t.id = id_for(e.label + "/team", t.name, o_.seed);
    e.teams.push_back(std::move(t));
    return static_cast<uint32_t>(e.teams.size() - 1);
  }

  uint32_t add_channel(Export& e, uint32_t team, std::string name, std::string display_name, char type,
                       int64_t deleted_at) {
    Channel c;
    c.team = team;
    c.name = std::move(name);
    c.display_name = std::move(display_name);
    c.type = type;
    c.deleted_at = deleted_at;
    if (rng_.chance(0.5)) c.header = "Daily updates for " + c.display_name + " | docs: https://docs.example.com/" + c.name;
    if (rng_.chance(0.4)) c.purpose = "Discussions about " + c.display_name + " \"and\" related topics";
    c.id = id_for(e.label + "/channel/" + e.teams[team].name, c.name, o_.seed);
    e.channels.push_back(std::move(c));
    uint32_t index = static_cast<uint32_t>(e.channels.size() - 1);
    e.teams[team].channels.push_back(index);
    return index;
  }

  std::string display_of(std::string_view name) {
    std::string d(name);
    for (char& ch : d) if (ch == '-') ch = ' ';
    if (!d.empty() && d[0] >= 'a' && d[0] <= 'z') d[0] = static_cast<char>(d[0] - 32);
    return d;
  }

  int64_t archive_time() { return kStartTimeMs + rng_.between(1, 365) * 86400000LL; }

  // A fresh channel name for team `team` of `e` (unique among `taken`).
  std::string fresh_channel_name(std::unordered_set<std::string>& taken) {
    return unique_name(str(rng_.pick(vocab::kChannelWords)), taken);
  }

  void add_default_channels(Export& e, uint32_t team) {
    add_channel(e, team, "town-square", "Town Square", 'O', 0);
    add_channel(e, team, "off-topic", "Off-Topic", 'O', 0);
  }

  // Channels of a team that only one export has.
  void add_own_channels(Export& e, uint32_t team, uint32_t count, std::unordered_set<std::string>& taken) {
    for (uint32_t i = 0; i < count; ++i) {
      std::string name;
      std::string display;
      if (rng_.chance(0.1)) {
        display = str(rng_.pick(vocab::kJapaneseChannelNames));
        name = fresh_channel_name(taken);
      } else {
        name = fresh_channel_name(taken);
        display = display_of(name);
      }
      add_channel(e, team, name, display, rng_.chance(0.25) ? 'P' : 'O', rng_.chance(0.05) ? archive_time() : 0);
    }
  }

  void build_teams_and_channels(Export& s, Export& t) {
    std::vector<std::string_view> words(std::begin(vocab::kTeamWords), std::end(vocab::kTeamWords));
    shuffle(words, rng_);
    std::unordered_set<std::string> team_names;
    auto next_team_name = [&](size_t i) { return unique_name(str(words[i % words.size()]), team_names); };
    const uint32_t per_team = std::max<uint32_t>(o_.channels, 2);

    // Forced: the first three channels of the first team get one kind each; then each channel
    // gets each kind with probability `rate` (one at most).
    enum { kClash, kTargetArchived, kPropagation, kNone };
    uint32_t forced_next = force_ ? 0 : kNone;
    auto channel_kind = [&] {
      if (forced_next < kNone) return static_cast<int>(forced_next++);
      double r = rng_.unit();
      return static_cast<int>(r < rate_ ? kClash : r < 2 * rate_ ? kTargetArchived : r < 3 * rate_ ? kPropagation : kNone);
    };
    for (uint32_t i = 0; i < o_.teams; ++i) {
      std::string name = next_team_name(i);
      std::string display = display_of(name) + (rng_.chance(0.2) ? " チーム" : "");
      uint32_t st = add_team(s, name, display);
      std::unordered_set<std::string> taken = {"town-square", "off-topic", "pj"};
      add_default_channels(s, st);
      bool shared = i == 0 || rng_.chance(0.5);
      if (!shared) {
        add_own_channels(s, st, per_team - 2, taken);
        continue;
      }
      uint32_t tt = add_team(t, name, display);
      add_default_channels(t, tt);
      for (uint32_t c = 2; c < per_team; ++c) {
        char type = rng_.chance(0.25) ? 'P' : 'O';
        std::string cname = fresh_channel_name(taken);
        std::string cdisplay = display_of(cname);
        int kind = channel_kind();
        if (kind == kClash) {
          // Japanese display names whose derived ASCII names collide.
          bool japanese = !japanese_clash_done_;
          if (japanese) {
            japanese_clash_done_ = true;
            cname = "pj";
          }
          add_channel(s, st, cname, japanese ? str(vocab::kJapaneseProjectNames[0]) : cdisplay, type, 0);
          add_channel(t, tt, cname, japanese ? str(vocab::kJapaneseProjectNames[1]) : cdisplay + " (old)", type, 0);
        } else if (kind == kTargetArchived) {
          add_channel(s, st, cname, cdisplay, type, 0);
          add_channel(t, tt, cname, cdisplay, type, archive_time());
        } else if (kind == kPropagation) {
          add_channel(s, st, cname, cdisplay, type, archive_time());
          add_channel(t, tt, cname, cdisplay, type, 0);
        } else if (rng_.chance(0.3)) {
          add_channel(s, st, cname, cdisplay, type, 0);  // the same channel in both
          add_channel(t, tt, cname, cdisplay, type, 0);
        } else {
          add_channel(s, st, cname, cdisplay, type, rng_.chance(0.05) ? archive_time() : 0);
        }
      }
      add_own_channels(t, tt, std::max<uint32_t>(1, per_team / 4), taken);
    }
    // Teams only the target has.
    for (uint32_t i = 0; i < std::max<uint32_t>(1, o_.teams / 2); ++i) {
      std::string name = next_team_name(o_.teams + i);
      uint32_t tt = add_team(t, name, display_of(name));
      std::unordered_set<std::string> taken = {"town-square", "off-topic", "pj"};
      add_default_channels(t, tt);
      add_own_channels(t, tt, per_team - 2, taken);
    }
  }

  // ---- users ---------------------------------------------------------------------------------
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

  void build_users(Export& s, Export& t) {
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

  // ---- bots, emoji, direct channels --------------------------------------------------------
  void build_bots(Export& s, Export& t) {
    s.bots.push_back({"ci-bot", "sysadmin", "CI", "Posts build results", 0});
    t.bots.push_back({"ci-bot", "sysadmin", "CI", "Posts build results", 0});
    t.bots.push_back({"standup-bot", "sysadmin", "Standup", "", 0});
  }

  void build_emoji(Export& s, Export& t) {
    std::vector<std::string_view> words(std::begin(vocab::kEmojiWords), std::end(vocab::kEmojiWords));
    shuffle(words, rng_);
    const size_t own = 8;
    Injector clash = injector();
    for (size_t i = 0; i < own; ++i) {
      s.emoji.push_back({str(words[i]), id_for("source/emoji", words[i], o_.seed), 0});
      if (clash.next()) t.emoji.push_back({str(words[i]), id_for("target/emoji", words[i], o_.seed), 0});
    }
    for (size_t i = own; i < own + 6 && i < words.size(); ++i)
      t.emoji.push_back({str(words[i]), id_for("target/emoji", words[i], o_.seed), 0});
  }

  void fill_channel_members(Export& e) {
    for (uint32_t ui = 0; ui < e.users.size(); ++ui)
      for (const TeamMembership& tm : e.users[ui].teams)
        for (const ChannelMembership& cm : tm.channels) e.channels[cm.channel].members.push_back(ui);
  }

  void build_direct_channels(Export& e) {
    const uint32_t n = static_cast<uint32_t>(e.users.size());
    std::set<std::vector<uint32_t>> seen;
    auto add = [&](std::vector<uint32_t> members) {
      std::vector<uint32_t> key = members;
      std::sort(key.begin(), key.end());
      if (!seen.insert(key).second) return;
      DirectChannel d;
      d.members = std::move(members);
      if (rng_.chance(0.2)) d.favorited_by.push_back(d.members[0]);
      if (rng_.chance(0.1)) d.header = "Sync about " + str(rng_.pick(vocab::kWords));
      e.direct_channels.push_back(std::move(d));
    };
    add({1, 1});  // a self-DM: the same user twice
    for (uint32_t i = 0; i < std::max<uint32_t>(3, n / 4); ++i) {
      uint32_t a = static_cast<uint32_t>(rng_.below(n)), b = static_cast<uint32_t>(rng_.below(n));
      if (a != b) add({a, b});
    }
    for (uint32_t i = 0; i < std::max<uint32_t>(1, n / 25); ++i) {
      uint32_t size = static_cast<uint32_t>(rng_.between(3, 8));
      std::vector<uint32_t> members;
      while (members.size() < size) {
        uint32_t m = static_cast<uint32_t>(rng_.below(n));
        if (std::find(members.begin(), members.end(), m) == members.end()) members.push_back(m);
      }
      add(std::move(members));
    }
  }

  // Busy and quiet channels: weight 1 / (rank + 1)^0.8 in a shuffled order.
  void build_channel_weights(Export& e) {
    std::vector<uint32_t> rank(e.channels.size());
    for (uint32_t i = 0; i < rank.size(); ++i) rank[i] = i;
    shuffle(rank, rng_);
    double sum = 0;
    e.channel_weights.resize(e.channels.size());
    for (size_t i = 0; i < rank.size(); ++i) {
      sum += 1.0 / std::pow(static_cast<double>(rank[i]) + 1.0, 0.8);
      e.channel_weights[i] = sum;
    }
  }

  const GenOptions& o_;
  Rng rng_;
  bool force_;
  double rate_;
  bool japanese_clash_done_ = false;
};

}  // namespace

uint32_t default_user_count(uint64_t posts) {
  return static_cast<uint32_t>(std::clamp<uint64_t>(posts / 1000, 40, 5000));
}

ModelPair build_models(const GenOptions& options) { return Builder(options).build(); }

}  // namespace mm::gen
