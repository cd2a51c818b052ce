#include <gtest/gtest.h>

#include "io/Error.h"
#include "io/OutputFile.h"
#include "model/PlanFile.h"
#include "tests/PlanFixtures.h"
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
  bob.emit = true;
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
  UserDecision dave;  // implied: the file leaves him out
  dave.username = "dave";
  dave.why = "no user of that username or e-mail in the target";
  p.add(dave);
  for (const char* name : {"erin", "Frank"}) {  // left out: listed together by name
    UserDecision u;
    u.username = name;
    u.action = UserAction::kUpdate;
    u.target = name;
    u.emit = false;
    u.email = ValueSource::kKeepTarget;  // no effect with the line left out: not written
    u.target_email = "x@y";
    u.why = std::string("user_password_reset: ") + name;
    p.add(u);
  }
  UserDecision gus;  // left out and mapped: a table of his own, without the values that have no effect
  gus.username = "gus";
  gus.action = UserAction::kMap;
  gus.target = "gustav";
  gus.emit = false;
  gus.roles = ValueSource::kKeepTarget;
  gus.target_membership_roles = {{"sales", "", "team_user"}};
  gus.why = "user_email_taken";
  p.add(gus);
  p.dropped.push_back({DefinitionKind::kRole, "system_user", "role_overwrite"});
  p.dropped.push_back({DefinitionKind::kScheme, "custom", "role_overwrite"});
  p.add(EmojiDecision{"party", EmojiAction::kRename, "src-party", "emoji_clash"});
  p.add(EmojiDecision{"old", EmojiAction::kDrop, "", ""});
  p.add(AttachmentFix{"a/b.png", AttachmentAction::kFix, "a/b.jpg", "attachment_type_mismatch"});
  p.add(AttachmentFix{"gone.png", AttachmentAction::kDrop, "", "attachment_missing"});
  return p;
}

// What a plan file keeps of `p` (model/MergePlan.h, "what a plan file leaves out"): no implied
// decision; a left-out user without the values that have no effect; the users listed together
// without a why of their own (the table's comment is plan.left_out_why).
MergePlan as_written(MergePlan p) {
  std::erase_if(p.teams, [](const auto& kv) { return is_implied(kv.second); });
  std::erase_if(p.channels, [](const auto& kv) { return is_implied(kv.second); });
  std::erase_if(p.users, [](const auto& kv) { return is_implied(kv.second); });
  std::erase_if(p.emoji, [](const auto& kv) { return is_implied(kv.second); });
  for (auto& [key, d] : p.users) {
    if (d.emit) continue;
    UserDecision left_out;
    left_out.username = d.username;
    left_out.action = d.action;
    left_out.target = d.target;
    left_out.emit = false;
    left_out.why = is_left_out_update(d) ? "" : d.why;
    d = left_out;
  }
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
  expect_equal(as_written(p), back);
  EXPECT_EQ(back.users.size(), 5u) << "dave is implied";
  EXPECT_EQ(back.teams.size(), 1u) << "eng is kept: implied";
  EXPECT_EQ(format_plan(back), text);
  EXPECT_EQ(text.find("username = \"dave\""), std::string::npos) << text;
  EXPECT_NE(text.find("usernames = [\n  \"erin\",\n  \"Frank\",\n]\naction = \"update\"\nemit = false\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("[[user]]\nusername = \"gus\"\naction = \"map\"\ntarget = \"gustav\"\nemit = false\n\n"),
            std::string::npos)
      << text;
}

TEST(PlanFile, RoundTripThroughFile) {
  test::TempDir dir;
  MergePlan p = sample_plan();
  write_plan_file(p, dir.file("plan.toml"));
  expect_equal(as_written(p), read_plan_file(dir.file("plan.toml")));
}

TEST(PlanFile, AnEditedListOfUsersRoundTrips) {
  std::string text = format_plan(sample_plan());
  // A person rewrites the list's comment and moves erin out of it, to import her line.
  size_t list = text.find("# user_password_reset: the target has an account");
  ASSERT_NE(list, std::string::npos) << text;
  size_t header = text.find("[[user]]\nusernames", list);
  text.replace(list, header - list, "# checked with the help desk: these keep their accounts\n");
  size_t erin = text.find("  \"erin\",\n");
  text.erase(erin, std::string_view("  \"erin\",\n").size());
  text += "\n# erin: import her line, with the target's e-mail\n[[user]]\nusername = \"erin\"\naction = \"update\"\n"
          "email = \"keep-target\"\ntarget_email = \"erin@t\"\n";
  MergePlan p = parse_plan(text, "p.toml");
  EXPECT_EQ(p.left_out_why, "checked with the help desk: these keep their accounts");
  const UserDecision* erin_d = p.user("erin");
  ASSERT_NE(erin_d, nullptr);
  EXPECT_TRUE(erin_d->emit);
  EXPECT_EQ(erin_d->target, "erin") << "an update's target defaults to the username";
  EXPECT_EQ(erin_d->email, ValueSource::kKeepTarget);
  EXPECT_EQ(erin_d->roles, ValueSource::kSource) << "keys left out take their defaults";
  EXPECT_EQ(erin_d->auth, AuthAction::kKeep);
  ASSERT_NE(p.user("FRANK"), nullptr);
  EXPECT_FALSE(p.user("frank")->emit);
  EXPECT_EQ(p.user("frank")->target, "Frank");
  MergePlan again = parse_plan(format_plan(p), "p.toml");
  expect_equal(p, again);
  EXPECT_EQ(format_plan(again), format_plan(p));
  EXPECT_NE(format_plan(p).find("# checked with the help desk: these keep their accounts\n[[user]]\nusernames = [\n"
                                "  \"Frank\",\n]\n"),
            std::string::npos)
      << format_plan(p);
}

TEST(PlanFile, WrittenInPiecesAsFormatted) {
  MergePlan p = sample_plan();
  for (int i = 0; i < 6000; ++i) {  // ~2.3 MB: written in more than one piece
    UserDecision d;
    d.username = "user" + std::to_string(i);
    d.auth = AuthAction::kStrip;  // a decision of its own: written (a plain new user is implied)
    d.why = std::string(300, 'w');
    p.add(std::move(d));
  }
  test::TempDir dir;
  OutputFile out(dir.file("plan.toml"));
  write_plan(p, out);
  out.commit();
  const std::string text = format_plan(p);
  ASSERT_GT(text.size(), size_t{2} << 20);
  EXPECT_EQ(test::read_file(dir.file("plan.toml")), text);
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
  EXPECT_EQ(error_of(std::string(kHead) + "\n[[user]]\nusername = \"bob\"\naction = \"map\"\n"),
            "p.toml:4: user \"bob\".target: missing");
  EXPECT_EQ(error_of(std::string(kHead) + "[[user]]\nusernames = [\"a\", \"b\"]\naction = \"update\"\nemit = false\n"
                     "[[user]]\nusername = \"B\"\naction = \"new\"\n"),
            "p.toml:7: user \"B\": listed twice");
  EXPECT_EQ(error_of(std::string(kHead) + "[[user]]\nusernames = [\"a\",\n \"A\"]\naction = \"update\"\nemit = false\n"),
            "p.toml:5: user \"A\": listed twice");
  EXPECT_EQ(error_of(std::string(kHead) + "[[user]]\nusernames = [\"a\"]\naction = \"map\"\n"),
            "p.toml:5: user.action: unknown value \"map\" (one of \"new\", \"update\")");
  EXPECT_EQ(error_of(std::string(kHead) + "[[user]]\nusernames = [\"a\"]\naction = \"update\"\ntarget = \"b\"\n"),
            "p.toml:6: user.target: unknown key");
  EXPECT_EQ(error_of(std::string(kHead) + "[[user]]\nusernames = [\"a\", 3]\naction = \"update\"\n"),
            "p.toml:4: user.usernames: must be an array of usernames");
  EXPECT_EQ(error_of(std::string(kHead) + "[[user]]\nusernames = [\"a\"]\nusername = \"b\"\naction = \"new\"\n"),
            "p.toml:5: user.username: a table names its users either by username or by usernames");
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

// Every control character U+0000-U+001F and U+007F, C1 controls, Japanese, quotes, backslashes
// and a would-be escape, in every string of a plan and in every comment (`why`).
std::string hostile(std::string_view tag) {
  std::string s(tag);
  for (int c = 0; c < 0x20; ++c) s += static_cast<char>(c);
  s += "\x7f \xC2\x80\xC2\x9B\xC2\x9F\xC2\xA0 営業 \"q\" 'a' \\ \\x41 \\\\ # [x] {y} a.b";
  return s;
}

MergePlan hostile_plan() {
  MergePlan p;
  p.prefix = hostile("prefix");
  p.source = hostile("source");
  p.target = hostile("target");
  p.add(TeamDecision{hostile("team"), TeamAction::kMerge, hostile("team-target"), hostile("team-why") + "\r\n\r"});
  p.add(ChannelDecision{hostile("ch-team"), hostile("ch"), ChannelAction::kRename, hostile("ch-new"),
                        hostile("チャンネル"), false, "Deals\r2\n" + hostile("ch-why")});
  UserDecision u;
  u.username = hostile("user");
  u.action = UserAction::kMap;
  u.target = hostile("user-target");
  u.emit = true;
  u.email = ValueSource::kKeepTarget;
  u.target_email = hostile("e@mail");
  u.roles = ValueSource::kKeepTarget;
  u.target_membership_roles = {{hostile("m-team"), hostile("m-ch"), hostile("m-roles")}, {hostile("t2"), "", "r"}};
  u.settings = ValueSource::kKeepTarget;
  u.target_locale = hostile("locale");
  u.auth = AuthAction::kStrip;
  u.auth_service = hostile("auth");
  u.why = hostile("user-why");
  p.add(u);
  p.add(test::user_decision(hostile("listed"), UserAction::kUpdate, hostile("listed"), false));
  p.dropped.push_back({DefinitionKind::kRole, hostile("role"), hostile("role-why")});
  p.add(EmojiDecision{hostile("emoji"), EmojiAction::kRename, hostile("emoji-new"), hostile("emoji-why")});
  p.add(AttachmentFix{hostile("a/b.png"), AttachmentAction::kFix, hostile("a/b.jpg"), hostile("file-why")});
  return p;
}

TEST(PlanFile, ControlCharactersAndNonAsciiInEveryFieldAndCommentRoundTrip) {
  MergePlan p = hostile_plan();
  std::string text = format_plan(p);
  for (size_t i = 0; i < text.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    EXPECT_TRUE(c == '\n' || (c >= 0x20 && c != 0x7f)) << "raw control byte " << int(c);
    if (c == 0xC2) {
      EXPECT_GE(static_cast<unsigned char>(text[i + 1]), 0xA0) << "raw C1 control character";
    }
  }
  EXPECT_NE(text.find("# Deals\\x0d2\n"), std::string::npos) << text;
  MergePlan back = parse_plan(text, "p.toml");
  expect_equal(as_written(p), back);
  EXPECT_EQ(format_plan(back), text);

  test::TempDir dir;
  write_plan_file(p, dir.file("plan.toml"));
  expect_equal(as_written(p), read_plan_file(dir.file("plan.toml")));
}

TEST(PlanFile, HandWrittenBackslashesInACommentAreKept) {
  MergePlan p = parse_plan(std::string(kHead) + "# C:\\temp\\new \\x4 \\\\x41 \\x41\n[[emoji]]\nname = \"x\"\naction = \"drop\"\n",
                           "p.toml");
  EXPECT_EQ(p.emoji_decision("x")->why, "C:\\temp\\new \\x4 \\x41 A");
}

TEST(PlanFile, NestingDeeperThanAPlanNeedsIsRefusedBeforeParsing) {
  const std::string message =
      ": toml: nested more than 64 levels deep (arrays, inline tables, table headers and dotted keys); a plan nests 2";
  std::string dotted = "version = 1\n";
  for (int i = 0; i < 50000; ++i) dotted += "a.";
  dotted += "a = 1\n";
  EXPECT_EQ(error_of(dotted), "p.toml:2" + message);
  EXPECT_EQ(error_of(std::string(kHead) + "x = " + std::string(100000, '[') + std::string(100000, ']') + "\n"),
            "p.toml:3" + message);
  std::string tables = std::string(kHead) + "\n\nx = ";
  for (int i = 0; i < 100000; ++i) tables += "{a = ";
  tables += "1" + std::string(100000, '}') + "\n";
  EXPECT_EQ(error_of(tables), "p.toml:5" + message);
  std::string lines = std::string(kHead) + "x = [\n";
  for (int i = 0; i < 100; ++i) lines += "[\n";
  EXPECT_EQ(error_of(lines), "p.toml:67" + message) << "the line of the bracket past the limit";
  std::string header = std::string(kHead) + "[";
  for (int i = 0; i < 1000; ++i) header += "t.";
  EXPECT_EQ(error_of(header + "t]\n"), "p.toml:3" + message);
  std::string mixed = std::string(kHead) + "x = ";
  for (int i = 0; i < 40; ++i) mixed += "{a.b = ";
  EXPECT_EQ(error_of(mixed), "p.toml:3" + message) << "dotted keys inside inline tables add up";
}

TEST(PlanFile, BracketsAndDotsInStringsAndCommentsAreNotNesting) {
  std::string deep(1000, '[');
  std::string dots(1000, '.');
  std::string text = std::string(kHead) + "# " + deep + dots + "\n" + "source = \"" + deep + dots + "{\\\"\"\n" +
                     "target = '" + deep + dots + "'\n";
  MergePlan p = parse_plan(text, "p.toml");
  EXPECT_EQ(p.source, deep + dots + "{\"");
  EXPECT_EQ(p.target, deep + dots);
  MergePlan multi = parse_plan(std::string(kHead) + "source = \"\"\"\n" + deep + "\\\"\"\"\"\"\n" +
                                   "target = '''" + dots + "\n" + deep + "''''\n",
                               "p.toml");
  EXPECT_EQ(multi.source, deep + "\"\"");
  EXPECT_EQ(multi.target, dots + "\n" + deep + "'");
}

TEST(PlanFile, NonAsciiWhereTheTomlParserWouldMisreadItIsRefused) {
  const std::string outside = ": toml: a character that is not ASCII outside a string or a comment (names are written in quotes)";
  const std::string backslash =
      ": toml: a character that is not ASCII after a backslash in a multi-line string (write it as \\uXXXX)";
  EXPECT_EQ(error_of("version = 1\nprefix\xCF\x9F = \"x\"\n"), "p.toml:2" + outside) << "found by fuzz_plan_file";
  EXPECT_EQ(error_of(std::string(kHead) + "\xC3\xA9 = 1\n"), "p.toml:3" + outside);
  EXPECT_EQ(error_of(std::string(kHead) + "source = \"\"\"a\\\n   \xE3\x81\x82\"\"\"\n"), "p.toml:4" + backslash);
  EXPECT_EQ(error_of(std::string(kHead) + "source = \"\"\"a\\\xC3\xA9\"\"\"\n"), "p.toml:3" + backslash);
  MergePlan p = parse_plan(std::string(kHead) + "# ア\nsource = \"\"\"a\\\n  b日本\\\\\xC3\xA9\"\"\"\ntarget = \"\\\\é\"\n",
                           "p.toml");
  EXPECT_EQ(p.source, "ab日本\\\xC3\xA9");
  EXPECT_EQ(p.target, "\\é");
}

TEST(PlanFile, ATableHeaderWithoutANameIsRefused) {
  const std::string message = ": toml: a table header must begin with a name ([name] or [[name]])";
  EXPECT_EQ(error_of(std::string(kHead) + "[[#hannel]]\n"), "p.toml:3" + message) << "found by fuzz_plan_file";
  EXPECT_EQ(error_of(std::string(kHead) + "\n  [ =x]\n"), "p.toml:4" + message);
  EXPECT_EQ(error_of(std::string(kHead) + "[[\n"), "p.toml:3" + message);
  EXPECT_EQ(error_of(std::string(kHead) + "[[["), "p.toml:3" + message);
  EXPECT_NE(error_of(std::string(kHead) + "[ [user]]\n").find("p.toml:3: toml: "), std::string::npos)
      << "toml++'s own error";
  EXPECT_NE(error_of(std::string(kHead) + "[]\n").find("p.toml:3: toml: "), std::string::npos);
  EXPECT_EQ(error_of(std::string(kHead) + "team = [\n  [ # not a header\n  ],\n]\n"),
            "p.toml:4: team: must be an array of tables ([[team]])")
      << "an array inside an array is not a header";
  MergePlan p = parse_plan(std::string(kHead) + "[[ \"emoji\" ]]\nname = \"x\"\naction = \"drop\"\n", "p.toml");
  EXPECT_EQ(p.emoji.size(), 1u);
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
