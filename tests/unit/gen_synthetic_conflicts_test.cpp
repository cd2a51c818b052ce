// ConflictFinder: each rule of the shared conflict definitions on hand-built models.
#include <gtest/gtest.h>

#include "tools/gen-synthetic/ConflictFinder.h"

namespace mm::gen {
namespace {

User user(std::string name, std::string email, std::string auth = "") {
  User u;
  u.username = std::move(name);
  u.email = std::move(email);
  u.auth_service = std::move(auth);
  u.first_name = "A";
  u.last_name = "B";
  u.roles = "system_user";
  return u;
}

void add_team(Export& e, std::string name, std::vector<std::tuple<std::string, std::string, int64_t>> channels) {
  Team t;
  t.name = std::move(name);
  e.teams.push_back(t);
  for (auto& [n, d, del] : channels) {
    Channel c;
    c.team = static_cast<uint32_t>(e.teams.size() - 1);
    c.name = n;
    c.display_name = d;
    c.deleted_at = del;
    e.channels.push_back(c);
    e.teams.back().channels.push_back(static_cast<uint32_t>(e.channels.size() - 1));
  }
}

std::string describe(const std::vector<Conflict>& list) {
  std::vector<Conflict> sorted = list;
  sort_conflicts(sorted);
  std::string out;
  for (const Conflict& c : sorted)
    out += c.kind + " " + c.subject + " " + std::to_string(c.source_line) + " " + std::to_string(c.target_line) + "\n";
  return out;
}

TEST(GenSyntheticConflicts, ChannelsInDefinitionOrder) {
  Export s, t;
  add_team(s, "eng", {{"town-square", "Town Square", 0}, {"off-topic", "X", 0}, {"a", "A", 0}, {"b", "B", 5},
                      {"c", "C", 5}, {"d", "D", 0}, {"e", "E", 0}, {"only", "Only", 0}});
  add_team(t, "eng", {{"town-square", "Town Square", 9}, {"off-topic", "Y", 0}, {"a", "A", 0}, {"b", "B", 7},
                      {"c", "C", 0}, {"d", "Other", 0}, {"e", "E", 3}});
  add_team(s, "sales", {{"town-square", "Town Square", 0}});  // source lines are one further
  number_lines(s);
  number_lines(t);
  ModelConflicts r = find_model_conflicts(s, t);
  EXPECT_EQ(describe(r.conflicts),
            "channel_archive_propagation eng/c 8 7\n"
            "channel_merge eng/a 6 5\n"
            "channel_merge eng/off-topic 5 4\n"
            "channel_merge eng/town-square 4 3\n"
            "channel_name_clash eng/d 9 8\n"
            "channel_target_archived eng/b 7 6\n"
            "channel_target_archived eng/e 10 9\n"
            "team_merge eng 2 2\n");
  // Renamed channels get mention slots: b, c, d, e.
  ASSERT_EQ(r.mentions.channels.size(), 4u);
  EXPECT_EQ(s.channels[r.mentions.channels[0]].name, "b");
  EXPECT_EQ(r.mentions.channel_slot[2], -1);
}

TEST(GenSyntheticConflicts, Users) {
  Export s, t;
  add_team(s, "eng", {{"town-square", "Town Square", 0}});
  add_team(t, "eng", {{"town-square", "Town Square", 0}});
  t.users = {user("same", "same@x.org"), user("mail", "mail@x.org"), user("ldap", "ldap@x.org", "ldap"),
             user("admin", "admin@x.org"), user("taken", "taken@x.org"), user("dup", "dup@old.org"),
             user("teamadmin", "ta@x.org"), user("set", "set@x.org")};
  t.users[3].roles = "system_admin system_user";
  t.users[6].teams = {{0, "team_user team_admin", {{0, "channel_user channel_admin", false}}}};
  t.users[7].locale = "en";
  t.users[7].notify_props = {{"email", "true"}, {"desktop", "all"}};
  s.users = {user("same", "SAME@x.org"), user("mail", "new@x.org"), user("ldap", "ldap@x.org", "saml"),
             user("admin", "admin@x.org"), user("other", "taken@x.org"), user("dup2", "dup@new.org"),
             user("teamadmin", "ta@x.org"), user("set", "set@x.org"), user("fresh", "fresh@x.org", "gitlab"),
             user("fresh2", "fresh2@x.org", "ldap")};
  s.users[3].has_roles = true;
  s.users[6].teams = {{0, "team_user", {{0, "channel_user channel_admin", false}}}};
  s.users[7].locale = "en";
  s.users[7].notify_props = {{"desktop", "all"}, {"email", "true"}};  // same map, other order
  s.users[5].first_name = s.users[4].first_name = "A";
  s.users[4].last_name = "Z";  // "other" is not a probable duplicate of anyone
  number_lines(s);
  number_lines(t);
  ModelConflicts r = find_model_conflicts(s, t);
  EXPECT_EQ(describe(r.conflicts),
            "channel_merge eng/town-square 3 3\n"
            "team_merge eng 2 2\n"
            "user_auth_changed fresh 12 0\n"
            "user_auth_changed ldap 6 6\n"
            "user_email_changed mail 5 5\n"
            "user_email_taken other 8 8\n"
            "user_password_reset admin 7 7\n"
            "user_password_reset dup2 9 9\n"
            "user_password_reset ldap 6 6\n"
            "user_password_reset mail 5 5\n"
            "user_password_reset other 8 8\n"
            "user_password_reset same 4 4\n"
            "user_password_reset set 11 11\n"
            "user_password_reset teamadmin 10 10\n"
            "user_probable_duplicate dup2 9 9\n"
            "user_role_downgrade admin 7 7\n"
            "user_role_downgrade teamadmin 10 10\n");
  ASSERT_EQ(r.mentions.users.size(), 2u);
  EXPECT_EQ(s.users[r.mentions.users[0]].username, "other");
  EXPECT_EQ(s.users[r.mentions.users[1]].username, "dup2");
}

TEST(GenSyntheticConflicts, RolesSchemesEmoji) {
  Export s, t;
  s.roles = {{"system_user", "U", "", {"a", "b"}, 0}, {"team_user", "T", "", {"a"}, 0}};
  t.roles = {{"system_user", "U", "", {"b", "a"}, 0}, {"team_user", "T", "", {"a", "c"}, 0}};
  Scheme sc;
  sc.name = "sch";
  s.schemes = {sc};
  sc.description = "changed";
  t.schemes = {sc};
  s.emoji = {{"Party", "id1", 0}, {"own", "id2", 0}};
  t.emoji = {{"party", "id3", 0}};
  number_lines(s);
  number_lines(t);
  EXPECT_EQ(describe(find_model_conflicts(s, t).conflicts),
            "emoji_clash Party 5 5\n"
            "role_overwrite sch 2 2\n"
            "role_overwrite team_user 4 4\n");
}

}  // namespace
}  // namespace mm::gen
