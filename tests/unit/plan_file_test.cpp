#include <gtest/gtest.h>

#include "io/Error.h"
#include "stages/PlanFile.h"
#include "tests/unit/TestUtil.h"

namespace mm {
namespace {

MergePlan sample_plan() {
  MergePlan p;
  p.prefix = "src-";
  p.source = "source.jsonl";
  p.target = "target.jsonl";
  p.add(TeamDecision{"Sales", TeamAction::kMerge, "sales", "team_merge: the target has a team \"sales\""});
  p.add(TeamDecision{"eng", TeamAction::kKeep, "eng", ""});
  p.add(ChannelDecision{"Sales", "town-square", ChannelAction::kMerge, "", std::nullopt, true, "default channel"});
  p.add(ChannelDecision{"Sales", "deals", ChannelAction::kRename, "src-deals", "Deals (source)", false,
                        "channel_name_clash: display names \"Deals\" and \"Ventes\"\nsecond line"});
  p.add(ChannelDecision{"eng", "old", ChannelAction::kRename, "src-old", std::nullopt, true, "archived"});
  UserDecision bob;
  bob.username = "Bob";
  bob.action = UserAction::kUpdate;
  bob.target = "bob";
  bob.emit = false;
  bob.email = ValueSource::kKeepTarget;
  bob.target_email = "bob@target.example";
  bob.roles = ValueSource::kKeepTarget;
  bob.target_membership_roles = {{"sales", "", "team_user team_admin"}, {"sales", "deals", "channel_user channel_admin"}};
  bob.settings = ValueSource::kKeepTarget;
  bob.target_locale = "fr";
  bob.auth = AuthAction::kStrip;
  bob.auth_service = "";
  bob.why = "user_password_reset; user_email_changed";
  p.add(bob);
  UserDecision carol;
  carol.username = "carol";
  carol.action = UserAction::kMap;
  carol.target = "caroline";
  carol.why = "user_email_taken: \"carol@x\" is caroline's e-mail";
  p.add(carol);
  UserDecision dave;
  dave.username = "dave";
  p.add(dave);
  p.dropped.push_back({DefinitionKind::kRole, "system_user", "role_overwrite"});
  p.dropped.push_back({DefinitionKind::kScheme, "custom", "role_overwrite"});
  p.add(EmojiDecision{"party", EmojiAction::kRename, "src-party", "emoji_clash"});
  p.add(EmojiDecision{"old", EmojiAction::kDrop, "", ""});
  p.add(AttachmentFix{"a/b.png", AttachmentAction::kFix, "a/b.jpg", "attachment_type_mismatch"});
  p.add(AttachmentFix{"gone.png", AttachmentAction::kDrop, "", "attachment_missing"});
  return p;
}

void expect_equal(const MergePlan& a, const MergePlan& b) {
  EXPECT_EQ(a.prefix, b.prefix);
  EXPECT_EQ(a.source, b.source);
  EXPECT_EQ(a.target, b.target);
  ASSERT_EQ(a.teams.size(), b.teams.size());
  for (const auto& [k, d] : a.teams) {
    const TeamDecision& e = b.teams.at(k);
    EXPECT_EQ(d.name, e.name);
    EXPECT_EQ(d.action, e.action);
    EXPECT_EQ(d.target, e.target);
    EXPECT_EQ(d.why, e.why);
  }
  ASSERT_EQ(a.channels.size(), b.channels.size());
  for (const auto& [k, d] : a.channels) {
    const ChannelDecision& e = b.channels.at(k);
    EXPECT_EQ(d.team, e.team);
    EXPECT_EQ(d.name, e.name);
    EXPECT_EQ(d.action, e.action);
    EXPECT_EQ(d.new_name, e.new_name);
    EXPECT_EQ(d.new_display_name, e.new_display_name);
    EXPECT_EQ(d.keep_archived, e.keep_archived);
    EXPECT_EQ(d.why, e.why);
  }
  ASSERT_EQ(a.users.size(), b.users.size());
  for (const auto& [k, d] : a.users) {
    const UserDecision& e = b.users.at(k);
    EXPECT_EQ(d.username, e.username);
    EXPECT_EQ(d.action, e.action);
    EXPECT_EQ(d.target, e.target);
    EXPECT_EQ(d.emit, e.emit);
    EXPECT_EQ(d.email, e.email);
    EXPECT_EQ(d.target_email, e.target_email);
    EXPECT_EQ(d.roles, e.roles);
    EXPECT_EQ(d.target_membership_roles, e.target_membership_roles);
    EXPECT_EQ(d.settings, e.settings);
    EXPECT_EQ(d.target_locale, e.target_locale);
    EXPECT_EQ(d.auth, e.auth);
    EXPECT_EQ(d.auth_service, e.auth_service);
    EXPECT_EQ(d.why, e.why);
  }
  ASSERT_EQ(a.dropped.size(), b.dropped.size());
  for (size_t i = 0; i < a.dropped.size(); ++i) {
    EXPECT_EQ(a.dropped[i].kind, b.dropped[i].kind);
    EXPECT_EQ(a.dropped[i].name, b.dropped[i].name);
    EXPECT_EQ(a.dropped[i].why, b.dropped[i].why);
  }
  ASSERT_EQ(a.emoji.size(), b.emoji.size());
  for (const auto& [k, d] : a.emoji) {
    const EmojiDecision& e = b.emoji.at(k);
    EXPECT_EQ(d.name, e.name);
    EXPECT_EQ(d.action, e.action);
    EXPECT_EQ(d.new_name, e.new_name);
    EXPECT_EQ(d.why, e.why);
  }
  ASSERT_EQ(a.attachments.size(), b.attachments.size());
  for (const auto& [k, d] : a.attachments) {
    const AttachmentFix& e = b.attachments.at(k);
    EXPECT_EQ(d.path, e.path);
    EXPECT_EQ(d.action, e.action);
    EXPECT_EQ(d.new_path, e.new_path);
    EXPECT_EQ(d.why, e.why);
  }
}

TEST(PlanFile, RoundTrip) {
  MergePlan p = sample_plan();
  std::string text = format_plan(p);
  MergePlan back = parse_plan(text, "p.toml");
  expect_equal(p, back);
  EXPECT_EQ(format_plan(back), text);
}

TEST(PlanFile, RoundTripThroughFile) {
  test::TempDir dir;
  MergePlan p = sample_plan();
  write_plan_file(p, dir.file("plan.toml"));
  expect_equal(p, read_plan_file(dir.file("plan.toml")));
}

TEST(PlanFile, LookupsAreCaseInsensitive) {
  MergePlan p = sample_plan();
  ASSERT_NE(p.user("BOB"), nullptr);
  EXPECT_EQ(p.user("BOB")->target, "bob");
  ASSERT_NE(p.channel("sales", "DEALS"), nullptr);
  EXPECT_EQ(p.channel("sales", "DEALS")->new_name, "src-deals");
  EXPECT_EQ(p.mapped_team("SALES"), "sales");
  EXPECT_EQ(p.mapped_team("unknown"), "unknown");
  EXPECT_TRUE(p.drops_role("system_user"));
  EXPECT_FALSE(p.drops_scheme("system_user"));
  EXPECT_TRUE(p.drops_scheme("custom"));
  EXPECT_EQ(p.emoji_decision("Party")->new_name, "src-party");
  EXPECT_EQ(p.attachment("gone.png")->action, AttachmentAction::kDrop);
  EXPECT_EQ(p.attachment("GONE.png"), nullptr);
}

std::string error_of(const std::string& text) {
  try {
    parse_plan(text, "p.toml");
  } catch (const Error& e) {
    return e.what();
  }
  return "no error";
}

const char* kHead = "version = 1\nprefix = \"src-\"\n";

TEST(PlanFile, Errors) {
  EXPECT_EQ(error_of("prefix = \"x\"\n"), "p.toml:1: version: missing (this format is version 1)");
  EXPECT_EQ(error_of("version = 2\nprefix = \"x\"\n"),
            "p.toml:1: version: unsupported plan version (this program reads version 1)");
  EXPECT_EQ(error_of("version = 1\n"), "p.toml:1: prefix: missing");
  EXPECT_EQ(error_of(std::string(kHead) + "colour = 1\n"), "p.toml:3: colour: unknown key");
  EXPECT_EQ(error_of(std::string(kHead) + "prefix2 = \n"), "p.toml:3: toml: Error while parsing key-value pair: expected value, saw '\\n'")
      << "syntax errors carry toml++'s message";
  EXPECT_EQ(error_of(std::string(kHead) + "\n[[user]]\nusername = \"bob\"\naction = \"merge\"\n"),
            "p.toml:6: user \"bob\".action: unknown value \"merge\" (one of \"new\", \"update\", \"rename\", \"map\")");
  EXPECT_EQ(error_of(std::string(kHead) + "\n[[user]]\nusername = \"bob\"\naction = \"update\"\n"),
            "p.toml:4: user \"bob\".target: missing");
  EXPECT_EQ(error_of(std::string(kHead) + "[[user]]\naction = \"new\"\n"), "p.toml:3: user.username: missing");
  EXPECT_EQ(error_of(std::string(kHead) +
                     "[[user]]\nusername = \"bob\"\naction = \"new\"\nemit = true\nemail = \"source\"\n"
                     "roles = \"source\"\nsettings = \"source\"\nauth = \"keep\"\nshoe_size = 3\n"),
            "p.toml:11: user \"bob\".shoe_size: unknown key");
  EXPECT_EQ(error_of(std::string(kHead) +
                     "[[user]]\nusername = \"bob\"\naction = \"new\"\nemit = \"yes\"\n"),
            "p.toml:6: user \"bob\".emit: must be true or false");
  EXPECT_EQ(error_of(std::string(kHead) +
                     "[[channel]]\nteam = \"t\"\nname = \"c\"\naction = \"rename\"\nkeep_archived = true\n"),
            "p.toml:3: channel \"t/c\".new_name: missing");
  EXPECT_EQ(error_of(std::string(kHead) +
                     "[[channel]]\nteam = \"t\"\nname = \"c\"\naction = \"merge\"\nnew_name = \"x\"\nkeep_archived = true\n"),
            "p.toml:7: channel \"t/c\".new_name: only a rename has a new name");
  EXPECT_EQ(error_of(std::string(kHead) + "[[emoji]]\nname = \"x\"\naction = \"keep\"\n"
                     "[[emoji]]\nname = \"X\"\naction = \"drop\"\n"),
            "p.toml:6: emoji \"X\": listed twice");
  EXPECT_EQ(error_of(std::string(kHead) + "[[drop]]\nkind = \"team\"\nname = \"x\"\n"),
            "p.toml:4: drop.kind: unknown value \"team\" (one of \"role\", \"scheme\")");
  EXPECT_EQ(error_of(std::string(kHead) + "team = 3\n"), "p.toml:3: team: must be an array of tables ([[team]])");
}

TEST(PlanFile, MissingFileIsAnIoError) {
  try {
    read_plan_file("/nonexistent/plan.toml");
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.exit_code(), kExitUsage);
    EXPECT_NE(std::string(e.what()).find("/nonexistent/plan.toml: cannot open"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace mm
