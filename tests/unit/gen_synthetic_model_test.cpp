// ModelBuilder: names and sizes valid by the server's rules, every injected kind present when
// forced, line numbers consecutive in the exporter's order, the same seed the same model.
#include <gtest/gtest.h>

#include <regex>
#include <set>

#include "tools/gen-synthetic/ConflictFinder.h"
#include "tools/gen-synthetic/ModelBuilder.h"
#include "tools/gen-synthetic/TextGenerator.h"

namespace mm::gen {
namespace {

GenOptions options(uint64_t posts, uint64_t seed = 1) {
  GenOptions o;
  o.posts = posts;
  o.target_posts = posts / 4;
  o.users = default_user_count(posts);
  o.seed = seed;
  return o;
}

TEST(GenSyntheticModel, NamesAreValid) {
  ModelPair m = build_models(options(5000));
  const std::regex channel_name("^[a-z0-9]+([a-z\\-\\_0-9]+|(__)?)[a-z0-9]*$");
  const std::regex team_name("^[a-z0-9]+([a-z\\-0-9]+|(__)?)[a-z0-9]+$");
  const std::regex username("^[a-z0-9\\.\\-_]+$");
  const std::regex emoji("^[a-zA-Z0-9+_-]+$");
  for (const Export* e : {&m.source, &m.target}) {
    std::set<std::string> teams, users, emails;
    for (const Team& t : e->teams) {
      EXPECT_TRUE(std::regex_match(t.name, team_name)) << t.name;
      EXPECT_LE(rune_count(t.display_name), 64u);
      EXPECT_TRUE(teams.insert(t.name).second) << t.name;
      for (const char* reserved : {"admin", "api", "channel", "help", "login", "post", "plug", "signup", "files"})
        EXPECT_NE(t.name.rfind(reserved, 0), 0u) << t.name;
    }
    for (const Team& t : e->teams) {
      std::set<std::string> names;
      bool town_square = false, off_topic = false;
      for (uint32_t ci : t.channels) {
        const Channel& c = e->channels[ci];
        EXPECT_TRUE(std::regex_match(c.name, channel_name)) << c.name;
        EXPECT_LE(c.name.size(), 64u);
        EXPECT_LE(rune_count(c.display_name), 64u);
        EXPECT_LE(rune_count(c.purpose), 250u);
        EXPECT_TRUE(names.insert(c.name).second) << t.name << "/" << c.name;
        town_square |= c.name == "town-square";
        off_topic |= c.name == "off-topic";
      }
      EXPECT_TRUE(town_square && off_topic) << t.name;
    }
    for (const User& u : e->users) {
      EXPECT_TRUE(std::regex_match(u.username, username)) << u.username;
      EXPECT_LE(u.username.size(), 64u);
      EXPECT_TRUE(users.insert(u.username).second) << u.username;
      EXPECT_TRUE(emails.insert(u.email).second) << u.email;
      EXPECT_LE(u.email.size(), 128u);
      EXPECT_NE(u.roles, "system_admin");
      EXPECT_EQ(u.auth_data.empty(), u.auth_service.empty()) << u.username;
      bool guest = u.roles == "system_guest";
      for (const TeamMembership& tm : u.teams) {
        EXPECT_EQ(guest, tm.roles == "team_guest") << u.username;
        for (const ChannelMembership& cm : tm.channels) {
          EXPECT_EQ(e->channels[cm.channel].team, tm.team);
          EXPECT_EQ(guest, cm.roles == "channel_guest") << u.username;
        }
      }
    }
    for (const Emoji& em : e->emoji) EXPECT_TRUE(std::regex_match(em.name, emoji)) << em.name;
    for (const DirectChannel& d : e->direct_channels) {
      EXPECT_GE(d.members.size(), 2u);
      EXPECT_LE(d.members.size(), 8u);
    }
  }
}

TEST(GenSyntheticModel, EveryKindWhenForced) {
  ModelPair m = build_models(options(1000));
  std::set<std::string> kinds;
  for (const Conflict& c : find_model_conflicts(m.source, m.target).conflicts) kinds.insert(c.kind);
  for (const char* kind : {"team_merge", "channel_merge", "channel_target_archived", "channel_archive_propagation",
                           "channel_name_clash", "role_overwrite", "user_email_changed", "user_email_taken",
                           "user_probable_duplicate", "user_role_downgrade", "user_auth_changed",
                           "user_password_reset", "user_settings_overwrite", "emoji_clash"})
    EXPECT_TRUE(kinds.count(kind)) << kind;
}

TEST(GenSyntheticModel, LinesInExporterOrder) {
  ModelPair m = build_models(options(1000));
  const Export& s = m.source;
  EXPECT_EQ(s.schemes.front().line, 2u);
  EXPECT_EQ(s.roles.front().line, s.schemes.back().line + 1);
  EXPECT_EQ(s.teams.front().line, s.roles.back().line + 1);
  EXPECT_EQ(s.channels.front().line, s.teams.back().line + 1);
  EXPECT_EQ(s.users.front().line, s.channels.back().line + 1);
  EXPECT_EQ(s.bots.front().line, s.users.back().line + 1);
  EXPECT_EQ(s.first_post_line, s.bots.back().line + 1);
  EXPECT_EQ(s.emoji.front().line, s.first_post_line + s.posts);
  EXPECT_EQ(s.direct_channels.front().line, s.emoji.back().line + 1);
  EXPECT_EQ(s.first_direct_post_line, s.direct_channels.back().line + 1);
  EXPECT_EQ(s.lines, s.first_direct_post_line + s.direct_posts - 1);
  EXPECT_EQ(s.posts + s.direct_posts, 1000u);
}

TEST(GenSyntheticModel, SameSeedSameModel) {
  ModelPair a = build_models(options(3000, 9)), b = build_models(options(3000, 9)), c = build_models(options(3000, 10));
  auto names = [](const Export& e) {
    std::string out;
    for (const User& u : e.users) out += u.username + u.email + u.roles + ";";
    for (const Channel& ch : e.channels) out += ch.name + ch.display_name + ";";
    return out;
  };
  EXPECT_EQ(names(a.source), names(b.source));
  EXPECT_EQ(names(a.target), names(b.target));
  EXPECT_NE(names(a.source), names(c.source));
}

}  // namespace
}  // namespace mm::gen
