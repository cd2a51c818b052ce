#include "tools/gen-synthetic/ModelBuilder.h"

#include <algorithm>
#include <cmath>
#include <set>
#include <string_view>
#include <unordered_set>

#include "tools/gen-synthetic/Rng.h"
#include "tools/gen-synthetic/UniqueName.h"
#include "tools/gen-synthetic/UserBuilder.h"
#include "tools/gen-synthetic/Vocabulary.h"

namespace mm::gen {
namespace {


std::string str(std::string_view s) { return std::string(s); }

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
    build_users(o_, rng_, m.source, m.target);
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

ModelPair build_models(const GenOptions& options) { return Builder(options).build(); }

}  // namespace mm::gen
