#include <gtest/gtest.h>

#include <fmt/format.h>

#include "io/Error.h"
#include "stages/ConflictDetector.h"
#include "stages/InstanceIndex.h"
#include "tests/unit/TestUtil.h"

namespace mm {
namespace {

const char* kVersion = R"({"type":"version","version":1})";

InstanceIndex index_of(const std::vector<std::string>& lines) {
  std::string text = std::string(kVersion) + "\n";
  for (const std::string& l : lines) text += l + "\n";
  Chunk chunk;
  test::fill_chunk(chunk, text);
  simdjson::ondemand::parser parser;
  ChunkIndex part;
  InstanceIndexer().process(chunk, parser, part);
  InstanceIndex index;
  index.merge(part, 1);
  index.finish();
  return index;
}

std::string team(const std::string& name) {
  return fmt::format(R"({{"type":"team","team":{{"name":"{}","display_name":"{}","type":"O"}}}})", name, name);
}
std::string channel(const std::string& team, const std::string& name, const std::string& display, int64_t deleted_at = 0) {
  return fmt::format(R"({{"type":"channel","channel":{{"team":"{}","name":"{}","display_name":"{}","type":"O","deleted_at":{}}}}})",
                     team, name, display, deleted_at);
}
std::string user(const std::string& username, const std::string& email, const std::string& extra = "") {
  return fmt::format(R"({{"type":"user","user":{{"username":"{}","email":"{}"{}}}}})", username, email, extra);
}

// "kind subject source_line target_line" per conflict.
std::vector<std::string> summary(const Detection& d) {
  std::vector<std::string> out;
  for (const Conflict& c : d.conflicts)
    out.push_back(fmt::format("{} {} {} {} {}", name_of(c.kind), name_of(c.severity), c.subject, c.source_line, c.target_line));
  for (const Conflict& c : d.conflicts) EXPECT_EQ(c.count, 1u) << name_of(c.kind) << " " << c.subject;
  return out;
}

using V = std::vector<std::string>;

TEST(InstanceIndex, ReadsEveryField) {
  InstanceIndex i = index_of({
      team("t"),
      channel("t", "c", "C", 17),
      R"({"type":"post","post":{"team":"t","channel":"c","user":"u","message":"{\"type\":\"user\"}","create_at":1}})",
      R"({"user":{"username":"U","email":"u@x","auth_service":null,"first_name":"F","last_name":"L","roles":"system_user","locale":"de","theme":"{}","notify_props":{"email":"true","desktop":"all"},"teams":[{"channels":[{"name":"c","roles":"channel_user"}],"name":"t","roles":"team_user"}]},"type":"user"})",
      R"({"type":"emoji","emoji":{"name":"e","image":"x.png"}})",
      R"({"type":"role","role":{"name":"r","permissions":["b","a","b"]}})",
      R"({"type":"scheme","scheme":{"name":"s","scope":"channel","default_channel_admin_role":{"name":"x","permissions":["p"]},"default_channel_user_role":{"permissions":[]},"default_team_admin_role":null}})",
      "not json",
  });
  ASSERT_EQ(i.teams.size(), 1u);
  EXPECT_EQ(i.teams[0].line, 2u);
  ASSERT_EQ(i.channels.size(), 1u);
  EXPECT_EQ(i.channels[0].deleted_at, 17);
  EXPECT_EQ(i.channels[0].line, 3u);
  ASSERT_EQ(i.users.size(), 1u) << "the post whose message looks like a user line is not a user";
  const IndexedUser& u = i.users[0];
  EXPECT_EQ(u.line, 5u);
  EXPECT_EQ(u.username, "U");
  EXPECT_EQ(u.auth_service, "");
  EXPECT_EQ(u.roles, std::optional<std::string>("system_user"));
  EXPECT_EQ(u.locale, "de");
  EXPECT_EQ(u.theme, text_hash("{}"));
  EXPECT_NE(u.theme, 0u);
  EXPECT_NE(u.notify_props, 0u);
  ASSERT_EQ(u.memberships.size(), 2u);
  EXPECT_EQ(i.text(u.memberships[0].team), "t");
  EXPECT_EQ(i.text(u.memberships[0].channel), "");
  EXPECT_EQ(i.membership_roles(u.memberships[0]), std::optional<std::string_view>("team_user"));
  EXPECT_EQ(i.text(u.memberships[1].team), "t") << "team name read after the channels";
  EXPECT_EQ(i.text(u.memberships[1].channel), "c");
  EXPECT_EQ(i.membership_roles(u.memberships[1]), std::optional<std::string_view>("channel_user"));
  EXPECT_EQ(i.user("u"), &i.users[0]);
  EXPECT_EQ(i.user_by_email("U@X"), &i.users[0]);
  ASSERT_EQ(i.emoji.size(), 1u);
  ASSERT_EQ(i.roles.size(), 1u);
  EXPECT_EQ(i.roles[0].content, "a b");
  ASSERT_EQ(i.schemes.size(), 1u);
  EXPECT_EQ(i.schemes[0].content,
            "display_name=\ndescription=\ndefault_team_admin_role=null\ndefault_team_user_role=null\n"
            "default_team_guest_role=null\ndefault_channel_admin_role=[p]\ndefault_channel_user_role=[]\n"
            "default_channel_guest_role=null");
  EXPECT_EQ(i.malformed, 1u);
  ASSERT_EQ(i.findings.size(), 1u);
  EXPECT_EQ(i.findings[0].line, 9u);
}

TEST(InstanceIndex, MembershipsOfSeveralChunks) {
  // Each chunk numbers its texts in its own order; the index reads them all by its own. The
  // slot's ChunkIndex is reused, as the pipeline reuses it.
  auto member = [](const std::string& teams) { return R"(,"teams":)" + teams; };
  const std::string chunks[] = {
      user("a", "a@x", member(R"([{"name":"t1","roles":"team_user","channels":[{"name":"c1"}]}])")) + "\n" +
          user("none", "n@x") + "\n",
      R"({"type":"post","post":{"team":"t1"}})" "\n" +
          user("b", "b@x", member(R"([{"name":"t2","channels":[{"name":"c2","roles":null},{"name":"c1","roles":"x"}]},{"name":"t1","roles":""}])")) + "\n" +
          // A line whose type is no user: its memberships are not the next user's.
          R"({"type":"team","user":{"username":"z","teams":[{"name":"zz"}]},"team":{"name":"t3"}})" "\n" +
          user("c", "c@x", member(R"([{"name":"t2"}])")) + "\n",
  };
  simdjson::ondemand::parser parser;
  ChunkIndex part;
  InstanceIndex index;
  uint64_t first_line = 1;
  for (const std::string& text : chunks) {
    Chunk chunk;
    test::fill_chunk(chunk, text);
    const uint32_t lines = InstanceIndexer().process(chunk, parser, part);
    index.merge(part, first_line);
    first_line += lines;
  }
  index.finish();
  ASSERT_EQ(index.users.size(), 4u);
  ASSERT_EQ(index.teams.size(), 1u);
  EXPECT_EQ(index.user("c")->line, 6u);
  auto describe = [&](const IndexedUser& u) {
    std::string out;
    for (const IndexedMembership& m : u.memberships) {
      std::optional<std::string_view> roles = index.membership_roles(m);
      out += fmt::format("{}/{}:{} ", index.text(m.team), index.text(m.channel), roles ? *roles : "null");
    }
    return out;
  };
  EXPECT_EQ(describe(*index.user("a")), "t1/:team_user t1/c1:null ");
  EXPECT_EQ(describe(*index.user("none")), "");
  EXPECT_EQ(describe(*index.user("b")), "t2/:null t2/c2:null t2/c1:x t1/: ");
  EXPECT_EQ(describe(*index.user("c")), "t2/:null ");
}

TEST(InstanceIndex, FindsUsersByEmailIgnoringAsciiCase) {
  InstanceIndex i = index_of({user("a", "Same@X.org"), user("b", "same@x.ORG"), user("c", ""), user("d", "Ünï@x.org"),
                              user("e", "other@x.org")});
  ASSERT_EQ(i.users.size(), 5u);
  EXPECT_EQ(i.user_by_email("SAME@x.org"), &i.users[0]) << "the first user with the e-mail";
  EXPECT_EQ(i.user_by_email("ünï@X.ORG"), nullptr) << "ASCII letters only fold";
  EXPECT_EQ(i.user_by_email("Ünï@X.ORG"), &i.users[3]);
  EXPECT_EQ(i.user_by_email("other@x.org"), &i.users[4]);
  EXPECT_EQ(i.user_by_email(""), nullptr) << "no user is found by an empty e-mail";
  EXPECT_EQ(i.user_by_email("same@x.or"), nullptr);
}

TEST(InstanceIndex, ComparesThemeAndNotifyPropsAsValues) {
  InstanceIndex i = index_of({
      user("a", "a@x", R"(,"theme":"{}","notify_props":{"email":"true","desktop":"all"})"),
      // Keys lower-cased, the last of duplicate keys kept, any order: the same map.
      user("b", "b@x", R"(,"theme":"{}","notify_props":{"DESKTOP":"none","Email":"true","desktop":"all"})"),
      user("c", "c@x", R"(,"theme":"{ }","notify_props":{"desktop":"all"})"),
      user("d", "d@x", R"(,"theme":null,"notify_props":{})"),
      user("e", "e@x", R"(,"theme":"","notify_props":null)"),
      user("f", "f@x"),
      user("g", "g@x", R"(,"notify_props":{"ab":"c"})"),
      user("h", "h@x", R"(,"notify_props":{"a":"bc"})"),
      // A value that is no string is its raw JSON: 1 is "1".
      user("i", "i@x", R"(,"notify_props":{"n":1})"),
      user("j", "j@x", R"(,"notify_props":{"n":"1"})"),
  });
  ASSERT_EQ(i.users.size(), 10u);
  auto& u = i.users;
  EXPECT_EQ(u[0].theme, u[1].theme);
  EXPECT_NE(u[0].theme, u[2].theme);
  EXPECT_EQ(u[3].theme, 0u) << "null is \"\"";
  EXPECT_EQ(u[4].theme, 0u);
  EXPECT_EQ(u[5].theme, 0u) << "absent is \"\"";
  EXPECT_EQ(u[0].notify_props, u[1].notify_props);
  EXPECT_NE(u[0].notify_props, u[2].notify_props);
  EXPECT_NE(u[0].notify_props, 0u);
  EXPECT_EQ(u[3].notify_props, 0u) << "{}";
  EXPECT_EQ(u[4].notify_props, 0u) << "null is {}";
  EXPECT_EQ(u[5].notify_props, 0u) << "absent is {}";
  EXPECT_NE(u[6].notify_props, u[7].notify_props);
  EXPECT_EQ(u[8].notify_props, u[9].notify_props);
}

TEST(ConflictDetector, NoConflictsBetweenDisjointInstances) {
  Detection d = detect_conflicts(index_of({team("a"), channel("a", "x", "X"), user("u", "u@x")}),
                                 index_of({team("b"), channel("b", "x", "X"), user("v", "v@x")}), {});
  EXPECT_EQ(summary(d), V{});
  EXPECT_EQ(d.plan.team("a")->action, TeamAction::kKeep);
  EXPECT_EQ(d.plan.channel("a", "x")->action, ChannelAction::kKeep);
  EXPECT_EQ(d.plan.user("u")->action, UserAction::kNew);
  EXPECT_TRUE(d.plan.user("u")->emit);
}

TEST(ConflictDetector, Channels) {
  InstanceIndex source = index_of({
      team("T"),
      channel("T", "town-square", "Town Square", 5),  // 3
      channel("T", "same", "Same"),                    // 4
      channel("T", "pj", "○○PJ"),                      // 5
      channel("T", "old", "Old"),                      // 6
      channel("T", "gone", "Gone", 99),                // 7
      channel("T", "both", "Both", 99),                // 8
      channel("T", "src-pj", "taken"),                 // 9
  });
  InstanceIndex target = index_of({
      team("t"),
      channel("t", "town-square", "Town", 1),  // 3
      channel("t", "same", "Same"),            // 4
      channel("t", "pj", "△△PJ"),              // 5
      channel("t", "old", "Old", 7),           // 6
      channel("t", "gone", "Gone"),            // 7
      channel("t", "both", "Both", 3),         // 8
  });
  Detection d = detect_conflicts(source, target, {});
  EXPECT_EQ(summary(d), (V{
                            "channel_archive_propagation risk T/gone 7 7",
                            "channel_merge info T/same 4 4",
                            "channel_merge info T/town-square 3 3",
                            "channel_name_clash risk T/pj 5 5",
                            "channel_target_archived error T/both 8 8",
                            "channel_target_archived error T/old 6 6",
                            "team_merge info T 2 2",
                        }));
  EXPECT_EQ(d.plan.team("T")->target, "t");
  EXPECT_EQ(d.plan.channel("T", "pj")->new_name, "src-pj-2") << "src-pj is a source channel of the same team";
  EXPECT_EQ(d.plan.channel("T", "gone")->action, ChannelAction::kRename);
  EXPECT_TRUE(d.plan.channel("T", "gone")->keep_archived);
  EXPECT_EQ(d.plan.channel("T", "same")->action, ChannelAction::kMerge);
  EXPECT_EQ(d.plan.channel("T", "src-pj")->action, ChannelAction::kKeep);
}

TEST(ConflictDetector, TeamMapDecidesWhereChannelsGo) {
  PlanOptions o;
  o.team_map = {{"a", "b"}, {"c", "new"}};
  Detection d = detect_conflicts(index_of({team("a"), team("c"), channel("a", "x", "X1")}),
                                 index_of({team("b"), channel("b", "x", "X2")}), o);
  EXPECT_EQ(summary(d), (V{"channel_name_clash risk a/x 4 3", "team_merge info a 2 2", "team_merge info c 3 0"}));
  EXPECT_EQ(d.plan.team("a")->action, TeamAction::kMerge);
  EXPECT_EQ(d.plan.team("c")->action, TeamAction::kRename);
  EXPECT_EQ(d.plan.team("c")->target, "new");
}

TEST(ConflictDetector, RolesAndSchemes) {
  auto role = [](const std::string& name, const std::string& perms) {
    return fmt::format(R"({{"type":"role","role":{{"name":"{}","display_name":"R","permissions":[{}]}}}})", name, perms);
  };
  auto scheme = [](const std::string& name, const std::string& perms) {
    return fmt::format(
        R"({{"type":"scheme","scheme":{{"name":"{}","scope":"channel","default_channel_admin_role":{{"permissions":[{}]}},"default_channel_user_role":{{"permissions":[]}}}}}})",
        name, perms);
  };
  Detection d = detect_conflicts(
      index_of({role("system_user", R"("b","a")"), role("same", R"("a")"), role("mine", R"("a")"),
                scheme("s1", R"("x")"), scheme("s2", R"("x")")}),
      index_of({role("system_user", R"("a")"), role("same", R"("a","a")"), scheme("s1", R"("y")"), scheme("s2", R"("x")")}),
      {});
  EXPECT_EQ(summary(d), (V{"role_overwrite risk s1 5 4", "role_overwrite risk system_user 2 2"}));
  EXPECT_TRUE(d.plan.drops_role("system_user"));
  EXPECT_TRUE(d.plan.drops_scheme("s1"));
  EXPECT_FALSE(d.plan.drops_role("same"));
}

TEST(ConflictDetector, Users) {
  InstanceIndex source = index_of({
      team("t"),                                                                                     // 2
      user("same", "same@x"),                                                                        // 3
      user("moved", "new@x", R"(,"auth_service":"gitlab","auth_data":"1")"),                         // 4
      user("taker", "TAKEN@x"),                                                                      // 5
      user("alias", "al@old.example"),                                                               // 6
      user("erin2", "erin@other", R"(,"first_name":"Erin","last_name":"Smith")"),                    // 7
      user("boss", "boss@x", R"(,"roles":"system_user","teams":[{"name":"t","roles":"team_user"}])"),  // 8
      user("sso", "sso@x", R"(,"auth_service":"saml","auth_data":"s")"),                             // 9
      user("prefs", "prefs@x", R"(,"auth_service":"gitlab","auth_data":"p","locale":"de","notify_props":{"email":"true"})"),  // 10
      user("noroles", "noroles@x", R"(,"teams":[{"name":"t"}])"),                                    // 11
  });
  InstanceIndex target = index_of({
      team("t"),                                                                                       // 2
      user("same", "SAME@x"),                                                                          // 3
      user("moved", "old@x", R"(,"auth_service":"gitlab","auth_data":"1")"),                           // 4
      user("owner", "taken@x", R"(,"auth_service":"gitlab","auth_data":"2")"),                         // 5
      user("al", "al@new.example"),                                                                    // 6
      user("erin", "ERIN@corp", R"(,"first_name":"Erin","last_name":"Smith")"),                        // 7
      user("boss", "boss@x", R"(,"roles":"system_user system_admin","teams":[{"name":"t","roles":"team_user team_admin"}])"),  // 8
      user("prefs", "prefs@x", R"(,"auth_service":"gitlab","auth_data":"p","locale":"de","notify_props":{"email":"false"})"),  // 9
      user("noroles", "noroles@x", R"(,"auth_service":"ldap","auth_data":"n","roles":"system_admin","teams":[{"name":"t","roles":"team_admin"}])"),  // 10
  });
  PlanOptions o;
  o.email_domain_aliases = {{"old.example", "new.example"}};
  Detection d = detect_conflicts(source, target, o);
  EXPECT_EQ(summary(d), (V{
                            "team_merge info t 2 2",
                            "user_auth_changed risk noroles 11 10",
                            "user_auth_changed risk sso 9 0",
                            "user_email_changed risk moved 4 4",
                            "user_email_taken error taker 5 5",
                            "user_password_reset risk alias 6 6",
                            "user_password_reset risk boss 8 8",
                            "user_password_reset risk erin2 7 7",
                            "user_password_reset risk moved 4 4",
                            "user_password_reset risk noroles 11 10",
                            "user_password_reset risk prefs 10 9",
                            "user_password_reset risk same 3 3",
                            "user_password_reset risk taker 5 5",
                            "user_probable_duplicate risk alias 6 6",
                            "user_probable_duplicate risk erin2 7 7",
                            "user_role_downgrade risk boss 8 8",
                            "user_role_downgrade risk noroles 11 10",
                            "user_settings_overwrite info prefs 10 9",
                        }));
  const UserDecision* same = d.plan.user("same");
  EXPECT_EQ(same->action, UserAction::kUpdate);
  EXPECT_FALSE(same->emit);
  EXPECT_EQ(same->email, ValueSource::kSource) << "e-mails compare case-insensitively";
  const UserDecision* moved = d.plan.user("moved");
  // A user line would replace the gitlab account's auth_data: left out like a password account's.
  EXPECT_FALSE(moved->emit) << "the target account signs in with gitlab";
  EXPECT_NE(moved->why.find("signs in with \"gitlab\""), std::string::npos) << moved->why;
  EXPECT_EQ(moved->email, ValueSource::kKeepTarget);
  EXPECT_EQ(moved->target_email, "old@x");
  EXPECT_EQ(moved->auth, AuthAction::kKeep);
  const UserDecision* taker = d.plan.user("taker");
  EXPECT_EQ(taker->action, UserAction::kMap);
  EXPECT_EQ(taker->target, "owner");
  EXPECT_FALSE(taker->emit);
  EXPECT_EQ(taker->email, ValueSource::kKeepTarget);
  EXPECT_EQ(taker->target_email, "taken@x");
  EXPECT_EQ(d.plan.user("alias")->target, "al");
  EXPECT_EQ(d.plan.user("erin2")->target, "erin");
  const UserDecision* boss = d.plan.user("boss");
  EXPECT_EQ(boss->roles, ValueSource::kKeepTarget);
  EXPECT_EQ(boss->target_membership_roles, (std::vector<MembershipRoles>{{"t", "", "team_user team_admin"}}));
  EXPECT_EQ(d.plan.user("sso")->auth, AuthAction::kStrip);
  EXPECT_EQ(d.plan.user("sso")->auth_service, "");
  const UserDecision* prefs = d.plan.user("prefs");
  EXPECT_EQ(prefs->settings, ValueSource::kKeepTarget);
  EXPECT_EQ(prefs->target_locale, "de");
}

TEST(ConflictDetector, AuthChangedOnOverlappingUser) {
  Detection d = detect_conflicts(index_of({user("u", "u@x", R"(,"auth_service":"ldap","auth_data":"1")")}),
                                 index_of({user("u", "u@x", R"(,"auth_service":null)")}), {});
  EXPECT_EQ(summary(d), (V{"user_auth_changed risk u 2 2", "user_password_reset risk u 2 2"}));
  EXPECT_EQ(d.plan.user("u")->auth, AuthAction::kStrip);
  EXPECT_FALSE(d.plan.user("u")->emit);
}

TEST(ConflictDetector, ChannelAdminDowngradeByChannelName) {
  std::string member_src = R"(,"auth_service":"ldap","auth_data":"1","teams":[{"name":"t","channels":[{"name":"m","roles":"channel_user"},{"name":"r","roles":"channel_user"}]}])";
  std::string member_tgt = R"(,"auth_service":"ldap","auth_data":"1","teams":[{"name":"t","roles":"team_user","channels":[{"name":"m","roles":"channel_user channel_admin"},{"name":"r","roles":"channel_admin"}]}])";
  Detection d = detect_conflicts(index_of({team("t"), channel("t", "m", "M"), channel("t", "r", "R1"), user("u", "u@x", member_src)}),
                                 index_of({team("t"), channel("t", "m", "M"), channel("t", "r", "R2"), user("u", "u@x", member_tgt)}), {});
  EXPECT_EQ(summary(d), (V{"channel_merge info t/m 3 3", "channel_name_clash risk t/r 4 4", "team_merge info t 2 2",
                           "user_password_reset risk u 5 5", "user_role_downgrade risk u 5 5"}));
  EXPECT_FALSE(d.plan.user("u")->emit) << "an existing LDAP account gets no user line either";
  EXPECT_EQ(d.plan.user("u")->target_membership_roles,
            (std::vector<MembershipRoles>{{"t", "", "team_user"}, {"t", "m", "channel_user channel_admin"}}));
}

TEST(ConflictDetector, Emoji) {
  auto emoji = [](const std::string& name) {
    return fmt::format(R"({{"type":"emoji","emoji":{{"name":"{}","image":"e.png"}}}})", name);
  };
  PlanOptions o;
  o.prefix = "old-";
  Detection d = detect_conflicts(index_of({emoji("party"), emoji("mine")}), index_of({emoji("Party")}), o);
  EXPECT_EQ(summary(d), (V{"emoji_clash risk party 2 2"}));
  EXPECT_EQ(d.plan.emoji_decision("party")->new_name, "old-party");
  EXPECT_EQ(d.plan.emoji_decision("mine")->action, EmojiAction::kKeep);
}

TEST(ConflictDetector, ParseMapping) {
  EXPECT_EQ(parse_mapping("a=b", "--team-map"), (std::pair<std::string, std::string>{"a", "b"}));
  EXPECT_THROW(parse_mapping("a", "--team-map"), Error);
  EXPECT_THROW(parse_mapping("=b", "--team-map"), Error);
  EXPECT_THROW(parse_mapping("a=", "--team-map"), Error);
}

}  // namespace
}  // namespace mm
