#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "stages/ApplyStage.h"
#include "stages/MembershipScript.h"
#include "tests/PlanFixtures.h"
#include "tests/unit/TestUtil.h"

namespace mm {
namespace {

struct Applied {
  std::string out;
  ApplyStage::Result result;
};

Applied run_apply(const MergePlan& plan, const std::string& input, ScannerKernel kernel = best_scanner_kernel()) {
  RewriteMaps maps(plan);
  ApplyStage stage(maps, false, nullptr, kernel);
  ApplyStage::Scratch scratch;
  simdjson::ondemand::parser parser;
  Chunk chunk;
  test::fill_chunk(chunk, input);
  Applied run;
  stage.process(chunk, parser, scratch, run.result);
  run.out = run.result.whole_chunk ? input : run.result.out;
  return run;
}

// One line in, one line out (newline added and checked).
std::string apply_line(const MergePlan& plan, const std::string& line) {
  Applied run = run_apply(plan, line + "\n");
  if (run.out.empty()) return "<dropped>";
  EXPECT_EQ(run.out.back(), '\n');
  return run.out.substr(0, run.out.size() - 1);
}

uint64_t count(const Applied& run, Change c) { return run.result.counts[c]; }

MergePlan rename_plan() {
  MergePlan plan;
  plan.prefix = "src-";
  plan.add(TeamDecision{"t1", TeamAction::kMerge, "main", "team_merge"});
  plan.add(TeamDecision{"t2", TeamAction::kKeep, "t2", ""});
  ChannelDecision c{"t1", "dev", ChannelAction::kRename, "src-dev", std::string("Dev [source]"), true, "clash"};
  plan.add(c);
  plan.add(ChannelDecision{"t1", "town-square", ChannelAction::kMerge, "", std::nullopt, true, ""});
  ChannelDecision archived{"t1", "old", ChannelAction::kRename, "src-old", std::nullopt, false, "archived"};
  plan.add(archived);
  plan.add(test::user_decision("bob", UserAction::kMap, "robert"));
  plan.add(test::user_decision("carl", UserAction::kRename, "src-carl"));
  plan.add(EmojiDecision{"party", EmojiAction::kRename, "src-party", "emoji_clash"});
  plan.add(EmojiDecision{"gone", EmojiAction::kDrop, "", "dropped"});
  plan.dropped.push_back(DroppedDefinition{DefinitionKind::kRole, "system_user", "role_overwrite"});
  plan.dropped.push_back(DroppedDefinition{DefinitionKind::kScheme, "custom_scheme", "role_overwrite"});
  plan.add(AttachmentFix{"bad/a.png", AttachmentAction::kFix, "good/a.png", "fix"});
  plan.add(AttachmentFix{"missing.png", AttachmentAction::kDrop, "", "missing"});
  return plan;
}

TEST(ApplyStage, UntouchedLinesAreCopiedByteForByte) {
  MergePlan plan = rename_plan();
  std::string input =
      "{\"type\":\"version\",\"version\":1}\r\n"
      "{\"type\":\"post\", \"post\":{\"team\":\"t2\",\"channel\":\"dev\",\"user\":\"alice\",\"message\":\"hi @bobby \\u00e9\",\"x\":1.50}}\n"
      "not json\n"
      "{\"type\":\"widget\",\"widget\":{\"user\":\"bob\"}}\n"
      "{\"type\":\"user\",\"user\":{\"username\":\"dave\",\"email\":\"d@x\"}}";
  Applied run = run_apply(plan, input);
  EXPECT_TRUE(run.result.whole_chunk);
  EXPECT_EQ(run.out, input);
  EXPECT_EQ(count(run, Change::kLinesRewritten), 0u);
}

// Post lines of the plain shape are renamed from the plain post reader's decoding; every other
// line through On Demand. Both give the same bytes and the same counts, line by line.
TEST(ApplyStage, PlainPostPathAndOnDemandWalkAgree) {
  if (!structural_scanner_available()) GTEST_SKIP() << "no scanner kernel on this CPU";
  MergePlan plan = rename_plan();
  const std::vector<std::string> lines = {
      R"j({"type":"post","post":{"team":"t1","channel":"dev","user":"bob","message":"hi @carl and ~dev :party:","create_at":1}})j",
      R"j({"type":"post","post":{"team":"T1","channel":"Dev","user":"Carl","message":"none","create_at":1}})j",
      R"j({"type": "post", "post": {"team": "t1", "channel": "old", "user": "bob", "message": "@bob\n\"@carl\" \u00e9 ~old", "create_at": 1}})j",
      R"j({"type":"post","post":{"team":"t1","channel":"x","user":"x","message":"hidden \u0040carl and \/ \t\\","create_at":1}})j",
      R"j({"type":"post","post":{"team":"t2","channel":"dev","user":"x","message":"~dev @bob","flagged_by":["bob","x","CARL"],"reactions":[{"user":"carl","emoji_name":"party","create_at":2},{"user":"x","emoji_name":"smile"}],"replies":[{"user":"bob","message":"@carl ~dev :party:","create_at":3,"flagged_by":["carl"],"reactions":[{"user":"bob","emoji_name":"party"}]},{"user":"x","message":"plain"}],"thread_followers":[]}})j",
      R"j({"type":"post","post":{"team":"t1","channel":"dev","user":"x","message":"m","reactions":[{"user":"bob","emoji_name":"gone"},{"user":"carl","emoji_name":"party"}]}})j",
      R"j({"type":"post","post":{"team":"t1","channel":"dev","user":"x","message":"m","reactions":[{"user":"bob","emoji_name":"pa\u0072ty"}]}})j",
      R"j({"type":"direct_post","direct_post":{"channel_members":["bob","carl","x"],"user":"carl","message":"@bob ~dev :party:","flagged_by":["bob"],"replies":[{"user":"bob","message":"@carl"}]}})j",
      R"j({"type":"post","post":{"team":"t1","channel":"dev","user":"bob","message":"with a file","attachments":[{"path":"bad/a.png"}]}})j",
      R"j({"type":"post","post":{"team":"t1","channel":"dev","user":"bob","message":"twice","user":"carl"}})j",
      R"j({"type":"post","post":{"team":"t1","channel":"dev","user":"b\u006fb","message":"escaped name"}})j",
      R"j({"type":"post","post":{"team":"t1","channel":"dev","user":"bob","message":"long )j" + std::string(70000, 'x') + R"j( @carl"}})j",
      "{\"type\":\"post\",\"post\":{\"team\":\"t1\",\"channel\":\"dev\",\"user\":\"bob\",\"message\":\"crlf @carl\"}}\r",
      R"j({"type":"post","post":{"team":"t1","channel":"dev","user":null,"message":"@carl"}})j",
      R"j({"type":"user","user":{"username":"carl","email":"c@x"}})j",
  };
  for (const std::string& line : lines) {
    Applied plain = run_apply(plan, line + "\n");
    Applied walked = run_apply(plan, line + "\n", ScannerKernel::kNone);
    EXPECT_EQ(plain.out, walked.out) << line.substr(0, 200);
    EXPECT_EQ(plain.result.counts.n, walked.result.counts.n) << line.substr(0, 200);
  }
  // And the whole set as one chunk.
  std::string all;
  for (const std::string& line : lines) all += line + "\n";
  Applied plain = run_apply(plan, all);
  Applied walked = run_apply(plan, all, ScannerKernel::kNone);
  EXPECT_EQ(plain.out, walked.out);
  EXPECT_EQ(plain.result.counts.n, walked.result.counts.n);
  EXPECT_GT(plain.result.counts[Change::kMentions], 6u);
  EXPECT_EQ(plain.result.counts[Change::kReactionsDropped], 1u);
}

// With a validator, apply checks each line as it writes it: the findings, references and
// counts are those of validating the output chunk afterwards, numbered as output lines.
TEST(ApplyStage, LinesAreCheckedAsTheyAreWritten) {
  MergePlan plan = rename_plan();
  validate::ValidateOptions options;
  validate::LineValidator validator(options, nullptr);
  RewriteMaps maps(plan);
  ApplyStage stage(maps, false, &validator);
  const std::string input =
      R"j({"type":"version","version":1})j" "\n"
      R"j({"type":"role","role":{"name":"system_user"}})j" "\n"
      R"j({"type":"post","post":{"team":"t1","channel":"dev","user":"bob","message":"@carl","create_at":0}})j" "\n"
      R"j({"type":"post","post":{"team":"t2","channel":"x","user":"x","message":"kept","create_at":1}})j" "\n"
      R"j({"type":"post","post":{"team":"t2","channel":"x","user":"x","message":"bad","create_at":-5}})j" "\n"
      R"j({"type":"post", "post":{"team":"t1","channel":"dev","user":"carl","message":")j" + std::string(20000, 'm') + R"j(","create_at":1}})j" "\n"
      "not json\n"
      R"j({"type":"direct_post","direct_post":{"channel_members":["bob","x"],"user":"bob","message":"hi","create_at":1}})j" "\n"
      R"j({"type":"user","user":{"username":"carl","email":"c@x"}})j" "\n";
  Chunk chunk;
  test::fill_chunk(chunk, input);
  ApplyStage::Scratch scratch;
  simdjson::ondemand::parser parser;
  ApplyStage::Result result;
  stage.process(chunk, parser, scratch, result);
  std::string out = result.whole_chunk ? input : result.out;

  Chunk written;
  test::fill_chunk(written, out);
  simdjson::dom::parser dom;
  validate::LineValidator::Result after;
  uint32_t lines = validator.process(written, dom, after);
  EXPECT_EQ(result.lines_out, lines);
  EXPECT_EQ(result.lines_out, 8u);  // the role is dropped
  EXPECT_EQ(result.checked.counts, after.counts);
  ASSERT_EQ(result.checked.out.findings.size(), after.out.findings.size());
  EXPECT_GE(after.out.findings.size(), 3u);
  for (size_t i = 0; i < after.out.findings.size(); ++i) {
    const Finding& a = result.checked.out.findings[i];
    const Finding& b = after.out.findings[i];
    EXPECT_EQ(a.line, b.line);
    EXPECT_EQ(a.rule, b.rule);
    EXPECT_EQ(a.field, b.field);
    EXPECT_EQ(a.message, b.message);
  }
  ASSERT_EQ(result.checked.out.refs.size(), after.out.refs.size());
  for (size_t i = 0; i < after.out.refs.size(); ++i) {
    EXPECT_EQ(result.checked.out.refs[i].line, after.out.refs[i].line);
    EXPECT_EQ(result.checked.out.refs[i].key, after.out.refs[i].key);
  }
}

TEST(ApplyStage, EmptyPlanTouchesNothing) {
  MergePlan plan;
  std::string input = R"j({"type":"post","post":{"team":"t1","channel":"dev","user":"bob","message":"@bob"}})j" "\n";
  EXPECT_EQ(run_apply(plan, input).out, input);
}

TEST(ApplyStage, TeamMerge) {
  MergePlan plan = rename_plan();
  EXPECT_EQ(apply_line(plan, R"j({"type":"team","team":{"name":"t1","display_name":"T1","type":"O"}})j"),
            R"j({"type":"team","team":{"name":"main","display_name":"T1","type":"O"}})j");
  EXPECT_EQ(apply_line(plan, R"j({"type":"channel","channel":{"team":"T1","name":"general","type":"O"}})j"),
            R"j({"type":"channel","channel":{"team":"main","name":"general","type":"O"}})j");
  EXPECT_EQ(apply_line(plan, R"j({"type":"post","post":{"team":"t1","channel":"general","user":"x","message":"m","create_at":1}})j"),
            R"j({"type":"post","post":{"team":"main","channel":"general","user":"x","message":"m","create_at":1}})j");
  EXPECT_EQ(apply_line(plan, R"j({"type":"user","user":{"username":"x","email":"x@y","teams":[{"name":"t1","roles":"team_user","channels":[{"name":"general"}]},{"name":"t2"}]}})j"),
            R"j({"type":"user","user":{"username":"x","email":"x@y","teams":[{"name":"main","roles":"team_user","channels":[{"name":"general"}]},{"name":"t2"}]}})j");
}

TEST(ApplyStage, ChannelRename) {
  MergePlan plan = rename_plan();
  EXPECT_EQ(apply_line(plan, R"j({"type":"channel","channel":{"team":"t1","name":"dev","display_name":"Dev","type":"O","header":"h"}})j"),
            R"j({"type":"channel","channel":{"team":"main","name":"src-dev","display_name":"Dev [source]","type":"O","header":"h"}})j");
  // The same name in another team is another channel.
  EXPECT_EQ(apply_line(plan, R"j({"type":"channel","channel":{"team":"t2","name":"dev","display_name":"Dev","type":"O"}})j"),
            R"j({"type":"channel","channel":{"team":"t2","name":"dev","display_name":"Dev","type":"O"}})j");
  EXPECT_EQ(apply_line(plan, R"j({"type":"user","user":{"username":"x","email":"x@y","teams":[{"channels":[{"name":"dev"},{"name":"town-square"}],"name":"t1"},{"name":"t2","channels":[{"name":"dev"}]}]}})j"),
            R"j({"type":"user","user":{"username":"x","email":"x@y","teams":[{"channels":[{"name":"src-dev"},{"name":"town-square"}],"name":"main"},{"name":"t2","channels":[{"name":"dev"}]}]}})j");
  // Post channel and ~mentions, resolved in the post's source team, in the post and its replies.
  EXPECT_EQ(apply_line(plan, R"j({"type":"post","post":{"channel":"dev","team":"t1","user":"x","message":"see ~dev, `~dev`","replies":[{"user":"x","message":"~dev!"}]}})j"),
            R"j({"type":"post","post":{"channel":"src-dev","team":"main","user":"x","message":"see ~src-dev, `~dev`","replies":[{"user":"x","message":"~src-dev!"}]}})j");
  EXPECT_EQ(apply_line(plan, R"j({"type":"post","post":{"team":"t2","channel":"dev","user":"x","message":"~dev"}})j"),
            R"j({"type":"post","post":{"team":"t2","channel":"dev","user":"x","message":"~dev"}})j");
  // Direct posts have no channel mentions.
  EXPECT_EQ(apply_line(plan, R"j({"type":"direct_post","direct_post":{"channel_members":["x","y"],"user":"x","message":"~dev"}})j"),
            R"j({"type":"direct_post","direct_post":{"channel_members":["x","y"],"user":"x","message":"~dev"}})j");
}

TEST(ApplyStage, ChannelImportedActive) {
  MergePlan plan = rename_plan();
  Applied run = run_apply(plan, R"j({"type":"channel","channel":{"team":"t1","name":"old","type":"O","deleted_at":1700000000000}})j" "\n");
  EXPECT_EQ(run.out, R"j({"type":"channel","channel":{"team":"main","name":"src-old","type":"O"}})j" "\n");
  EXPECT_EQ(count(run, Change::kChannelsUnarchived), 1u);
}

TEST(ApplyStage, UserRenameAndMapEverywhere) {
  MergePlan plan = rename_plan();
  EXPECT_EQ(apply_line(plan, R"j({"type":"user","user":{"username":"Bob","email":"b@x"}})j"),
            R"j({"type":"user","user":{"username":"robert","email":"b@x"}})j");
  EXPECT_EQ(apply_line(plan, R"j({"type":"bot","bot":{"username":"b1","owner":"carl"}})j"),
            R"j({"type":"bot","bot":{"username":"b1","owner":"src-carl"}})j");
  Applied run = run_apply(plan,
      R"j({"type":"post","post":{"team":"t2","channel":"c","user":"bob","message":"hi @carl. mail carl@x.org or @bobby","create_at":1,"flagged_by":["bob","x","carl"],"reactions":[{"user":"carl","emoji_name":"smile","create_at":2}],"replies":[{"user":"carl","message":"`@bob` @Bob","create_at":3,"flagged_by":["bob"],"reactions":[{"user":"bob","emoji_name":"party"}]}],"thread_followers":[{"user":"bob","last_viewed":1},{"user":"x"}]}})j" "\n");
  EXPECT_EQ(run.out,
      R"j({"type":"post","post":{"team":"t2","channel":"c","user":"robert","message":"hi @src-carl. mail carl@x.org or @bobby","create_at":1,"flagged_by":["robert","x","src-carl"],"reactions":[{"user":"src-carl","emoji_name":"smile","create_at":2}],"replies":[{"user":"src-carl","message":"`@bob` @robert","create_at":3,"flagged_by":["robert"],"reactions":[{"user":"robert","emoji_name":"src-party"}]}],"thread_followers":[{"user":"robert","last_viewed":1},{"user":"x"}]}})j" "\n");
  EXPECT_EQ(count(run, Change::kMentions), 2u);
  EXPECT_EQ(count(run, Change::kUserRefs), 8u);
  EXPECT_EQ(count(run, Change::kEmojiRefs), 1u);
  EXPECT_EQ(apply_line(plan, R"j({"type":"direct_channel","direct_channel":{"members":["bob","carl"],"participants":[{"username":"bob","scheme_admin":false}],"favorited_by":["carl"],"shown_by":["bob"],"header":"@bob"}})j"),
            R"j({"type":"direct_channel","direct_channel":{"members":["robert","src-carl"],"participants":[{"username":"robert","scheme_admin":false}],"favorited_by":["src-carl"],"shown_by":["robert"],"header":"@bob"}})j");
  EXPECT_EQ(apply_line(plan, R"j({"type":"direct_post","direct_post":{"channel_members":["bob","carl"],"user":"carl","message":"@bob\n:party:","create_at":5,"replies":[{"user":"bob","message":"ok @carl"}]}})j"),
            R"j({"type":"direct_post","direct_post":{"channel_members":["robert","src-carl"],"user":"src-carl","message":"@robert\n:src-party:","create_at":5,"replies":[{"user":"robert","message":"ok @src-carl"}]}})j");
}

TEST(ApplyStage, MessageWithEscapesIsReEscaped) {
  MergePlan plan = rename_plan();
  EXPECT_EQ(apply_line(plan, R"j({"type":"post","post":{"team":"t2","channel":"c","user":"x","message":"\"hi\"\n@bob \u00e9 \ud83d\ude00 é\\","create_at":1}})j"),
            "{\"type\":\"post\",\"post\":{\"team\":\"t2\",\"channel\":\"c\",\"user\":\"x\",\"message\":\"\\\"hi\\\"\\n@robert é 😀 é\\\\\",\"create_at\":1}}");
}

TEST(ApplyStage, KeepTargetValues) {
  MergePlan plan;
  UserDecision d;
  d.username = "bob";
  d.action = UserAction::kUpdate;
  d.target = "bob";
  d.email = ValueSource::kKeepTarget;
  d.target_email = "bob@target.org";
  d.roles = ValueSource::kKeepTarget;
  d.target_membership_roles = {{"t1", "", "team_user team_admin"}, {"t1", "dev", "channel_user channel_admin"}};
  d.settings = ValueSource::kKeepTarget;
  d.target_locale = "fr";
  plan.add(d);
  Applied run = run_apply(plan,
      R"j({"type":"user","user":{"username":"bob","email":"bob@source.org","roles":"system_user","locale":"en","theme":"{}","notify_props":{"desktop":"all"},"position":"p","teams":[{"name":"t1","roles":"team_user","channels":[{"name":"dev","roles":"channel_user"},{"name":"other","roles":"channel_user"}]}]}})j" "\n");
  EXPECT_EQ(run.out,
      R"j({"type":"user","user":{"username":"bob","email":"bob@target.org","locale":"fr","position":"p","teams":[{"name":"t1","roles":"team_user team_admin","channels":[{"name":"dev","roles":"channel_user channel_admin"},{"name":"other","roles":"channel_user"}]}]}})j" "\n");
  EXPECT_EQ(count(run, Change::kUserFieldsKept), 7u);
  // Absent fields: locale and membership roles inserted.
  EXPECT_EQ(apply_line(plan, R"j({"type":"user","user":{"username":"bob","email":"bob@target.org","teams":[{"name":"t1"}]}})j"),
            R"j({"type":"user","user":{"locale":"fr","username":"bob","email":"bob@target.org","teams":[{"roles":"team_user team_admin","name":"t1"}]}})j");
}

TEST(ApplyStage, AuthStripped) {
  MergePlan plan;
  UserDecision d;
  d.username = "eve";
  d.action = UserAction::kUpdate;
  d.target = "eve";
  d.auth = AuthAction::kStrip;
  d.auth_service = "";
  plan.add(d);
  EXPECT_EQ(apply_line(plan, R"j({"type":"user","user":{"username":"eve","email":"e@x","auth_service":"gitlab","auth_data":"123"}})j"),
            R"j({"type":"user","user":{"username":"eve","email":"e@x","auth_service":""}})j");
  plan.users["eve"].auth_service = "ldap";
  EXPECT_EQ(apply_line(plan, R"j({"type":"user","user":{"username":"eve","email":"e@x"}})j"),
            R"j({"type":"user","user":{"auth_service":"ldap","username":"eve","email":"e@x"}})j");
}

TEST(ApplyStage, UserLeftOutWithMemberships) {
  MergePlan plan = rename_plan();
  plan.add(test::user_decision("Zed", UserAction::kUpdate, "zed", false));
  Applied run = run_apply(plan,
      "{\"type\":\"version\",\"version\":1}\n"
      R"j({"type":"user","user":{"username":"Zed","email":"z@x","teams":[{"name":"t1","channels":[{"name":"dev"},{"name":"town-square"}]},{"name":"t2"}]}})j" "\n"
      "{\"type\":\"version\",\"version\":1}\n");
  EXPECT_EQ(run.out, "{\"type\":\"version\",\"version\":1}\n{\"type\":\"version\",\"version\":1}\n");
  EXPECT_EQ(run.result.memberships, (std::vector<Membership>{{"zed", "main", ""},
                                                              {"zed", "main", "src-dev"},
                                                              {"zed", "main", "town-square"},
                                                              {"zed", "t2", ""}}));
  EXPECT_EQ(count(run, Change::kUsersLeftOut), 1u);
  EXPECT_EQ(count(run, Change::kLinesDropped), 1u);
}

TEST(ApplyStage, DroppedRolesSchemesAndSchemeReferences) {
  MergePlan plan = rename_plan();
  Applied run = run_apply(plan,
      R"j({"type":"role","role":{"name":"system_user","permissions":["a"]}})j" "\n"
      R"j({"type":"role","role":{"name":"other_role","permissions":["a"]}})j" "\n"
      R"j({"type":"scheme","scheme":{"name":"custom_scheme","scope":"team"}})j" "\n"
      R"j({"type":"team","team":{"name":"t2","scheme":"custom_scheme","type":"O"}})j" "\n"
      R"j({"type":"channel","channel":{"team":"t2","name":"c","scheme":"custom_scheme"}})j" "\n"
      R"j({"type":"team","team":{"name":"t3","scheme":"kept_scheme"}})j" "\n");
  EXPECT_EQ(run.out,
      R"j({"type":"role","role":{"name":"other_role","permissions":["a"]}})j" "\n"
      R"j({"type":"team","team":{"name":"t2","type":"O"}})j" "\n"
      R"j({"type":"channel","channel":{"team":"t2","name":"c"}})j" "\n"
      R"j({"type":"team","team":{"name":"t3","scheme":"kept_scheme"}})j" "\n");
  EXPECT_EQ(count(run, Change::kRolesDropped), 2u);
  EXPECT_EQ(count(run, Change::kSchemeRefsDropped), 2u);
}

TEST(ApplyStage, EmojiRenameAndDrop) {
  MergePlan plan = rename_plan();
  Applied run = run_apply(plan,
      R"j({"type":"emoji","emoji":{"name":"party","image":"emoji/1/image"}})j" "\n"
      R"j({"type":"emoji","emoji":{"name":"gone","image":"emoji/2/image"}})j" "\n"
      R"j({"type":"emoji","emoji":{"name":"kept","image":"emoji/3/image"}})j" "\n"
      R"j({"type":"post","post":{"team":"t2","channel":"c","user":"x","message":":party: :gone: :kept:","reactions":[{"user":"x","emoji_name":"party"},{"user":"x","emoji_name":"gone"}]}})j" "\n");
  EXPECT_EQ(run.out,
      R"j({"type":"emoji","emoji":{"name":"src-party","image":"emoji/1/image"}})j" "\n"
      R"j({"type":"emoji","emoji":{"name":"kept","image":"emoji/3/image"}})j" "\n"
      R"j({"type":"post","post":{"team":"t2","channel":"c","user":"x","message":":src-party: :gone: :kept:","reactions":[{"user":"x","emoji_name":"src-party"}]}})j" "\n");
  EXPECT_EQ(count(run, Change::kEmojiDropped), 1u);
  EXPECT_EQ(count(run, Change::kReactionsDropped), 1u);  // a reaction using a dropped emoji goes with it
}

TEST(ApplyStage, AttachmentFixes) {
  MergePlan plan = rename_plan();
  EXPECT_EQ(apply_line(plan, R"j({"type":"post","post":{"team":"t2","channel":"c","user":"x","message":"m","attachments":[{"path":"bad/a.png"},{"path":"ok.png"},{"path":"missing.png"}],"replies":[{"user":"x","message":"r","attachments":[{"path":"missing.png"},{"path":"bad/a.png"}]}]}})j"),
            R"j({"type":"post","post":{"team":"t2","channel":"c","user":"x","message":"m","attachments":[{"path":"good/a.png"},{"path":"ok.png"}],"replies":[{"user":"x","message":"r","attachments":[{"path":"good/a.png"}]}]}})j");
  EXPECT_EQ(apply_line(plan, R"j({"type":"direct_post","direct_post":{"channel_members":["x","y"],"user":"x","message":"m","attachments":[{"path":"missing.png"}]}})j"),
            R"j({"type":"direct_post","direct_post":{"channel_members":["x","y"],"user":"x","message":"m","attachments":[]}})j");
}

TEST(ApplyStage, UnusableProfileImageDropped) {
  MergePlan plan = rename_plan();  // drops "missing.png"
  Applied run = run_apply(plan,
                          "{\"type\":\"user\",\"user\":{\"username\":\"dave\",\"profile_image\":\"missing.png\",\"email\":\"d@x\"}}\n"
                          "{\"type\":\"user\",\"user\":{\"username\":\"erin\",\"email\":\"e@x\",\"profile_image\":\"ok.png\"}}\n");
  EXPECT_EQ(run.out,
            "{\"type\":\"user\",\"user\":{\"username\":\"dave\",\"email\":\"d@x\"}}\n"
            "{\"type\":\"user\",\"user\":{\"username\":\"erin\",\"email\":\"e@x\",\"profile_image\":\"ok.png\"}}\n");
  EXPECT_EQ(count(run, Change::kProfileImagesDropped), 1u);
  EXPECT_EQ(count(run, Change::kAttachmentsDropped), 0u);
}

TEST(ApplyStage, RunsOfLinesAndLineEndings) {
  MergePlan plan = rename_plan();
  std::string input =
      "{\"type\":\"version\",\"version\":1}\r\n"
      "{\"type\":\"user\",\"user\":{\"username\":\"bob\",\"email\":\"b@x\"}}\r\n"
      "{\"type\":\"role\",\"role\":{\"name\":\"system_user\"}}\r\n"
      "{\"type\":\"user\",\"user\":{\"username\":\"al\",\"email\":\"a@x\"}}\r\n"
      "{\"type\":\"user\",\"user\":{\"username\":\"carl\",\"email\":\"c@x\"}}";
  Applied run = run_apply(plan, input);
  EXPECT_EQ(run.out,
            "{\"type\":\"version\",\"version\":1}\r\n"
            "{\"type\":\"user\",\"user\":{\"username\":\"robert\",\"email\":\"b@x\"}}\r\n"
            "{\"type\":\"user\",\"user\":{\"username\":\"al\",\"email\":\"a@x\"}}\r\n"
            "{\"type\":\"user\",\"user\":{\"username\":\"src-carl\",\"email\":\"c@x\"}}");
  EXPECT_EQ(count(run, Change::kLinesRewritten), 2u);
  EXPECT_EQ(count(run, Change::kUsersRemapped), 2u);
}

TEST(ApplyStage, MalformedLineKeptAsIs) {
  MergePlan plan = rename_plan();
  std::string input = R"j({"type":"post","post":{"team":"t1","user":"bob","message":"@bob",)j" "\n";
  Applied run = run_apply(plan, input);
  EXPECT_EQ(run.out, input);
  EXPECT_EQ(count(run, Change::kUserRefs), 0u);
}

TEST(ApplyStage, InvalidUtf8IsRewrittenAsTheImporterReadsIt) {
  MergePlan plan = rename_plan();
  // The importer reads \xFF as U+FFFD and imports the post under "bob": it must be remapped.
  EXPECT_EQ(apply_line(plan, "{\"type\":\"post\",\"post\":{\"user\":\"bob\",\"message\":\"caf\xFF @bob\"}}"),
            "{\"type\":\"post\",\"post\":{\"user\":\"robert\",\"message\":\"caf\xEF\xBF\xBD @robert\"}}");
  // Untouched by the plan: the bytes stay as they are.
  std::string untouched = "{\"type\":\"post\",\"post\":{\"user\":\"dave\",\"message\":\"\xFF\"}}";
  EXPECT_EQ(apply_line(plan, untouched), untouched);
}

TEST(MembershipScript, OneCommandPerDistinctMembership) {
  std::string script = format_membership_script(
      {{"zed", "main", ""}, {"zed", "main", "src-dev"}, {"zed", "main", ""}, {"-neil", "t2", "c"}});
  std::string commands;
  for (size_t at = 0; (at = script.find("\nmmctl ", at)) != std::string::npos;) {
    size_t nl = script.find('\n', at + 1);
    commands += script.substr(at + 1, nl - at);
    at = nl;
  }
  EXPECT_EQ(commands,
            "mmctl team users add -- 'main' 'zed' || failed=$((failed + 1))\n"
            "mmctl channel users add -- 'main:src-dev' 'zed' || failed=$((failed + 1))\n"
            "mmctl channel users add -- 't2:c' '-neil' || failed=$((failed + 1))\n");
  EXPECT_EQ(script.rfind("#!/bin/sh\n", 0), 0u);
  EXPECT_NE(script.find("of 3 commands failed"), std::string::npos);
  EXPECT_EQ(script.find("skipped"), std::string::npos);
}

TEST(MembershipScript, ShellQuoteWrapsEverythingInSingleQuotes) {
  EXPECT_EQ(shell_quote("o'neil"), "'o'\\''neil'");
  EXPECT_EQ(shell_quote("$(rm -rf ~) `x` \"$HOME\" \\ ;|&\n"), "'$(rm -rf ~) `x` \"$HOME\" \\ ;|&\n'");
  EXPECT_EQ(shell_quote(""), "''");
}

TEST(MembershipScript, NamesTheServerWouldRejectAreSkippedNotRun) {
  std::string script = format_membership_script({{"alice", "--help", ""},
                                                 {"o'neil", "main", ""},
                                                 {"bob", "main", "a\n$(reboot)\x1b[2J"},
                                                 {"carol", "Main", "Town-Square"},
                                                 {"dave", "team;x", "c"}});
  EXPECT_EQ(script.find("'--help'"), std::string::npos);
  EXPECT_EQ(script.find("reboot)'"), std::string::npos);
  EXPECT_NE(script.find("# skipped: user \"alice\", team \"--help\": not a valid team name\n"), std::string::npos)
      << script;
  EXPECT_NE(script.find("# skipped: user \"o'neil\", team \"main\": not a valid username\n"), std::string::npos);
  EXPECT_NE(script.find("# skipped: user \"bob\", team \"main\", channel \"a\\n$(reboot)\\x1b[2J\": not a valid "
                        "channel name\n"),
            std::string::npos)
      << "escaped, the name cannot end the comment";
  EXPECT_NE(script.find("# skipped: user \"dave\", team \"team;x\", channel \"c\": not a valid team name\n"), std::string::npos);
  EXPECT_NE(script.find("mmctl channel users add -- 'Main:Town-Square' 'carol'"), std::string::npos)
      << "upper case is checked as the server lower-cases it";
  EXPECT_NE(script.find("of 1 commands failed"), std::string::npos);
  EXPECT_NE(script.find("echo \"4 membership(s) not added"), std::string::npos);
  EXPECT_EQ(script.substr(script.size() - 7), "exit 1\n");
}

}  // namespace
}  // namespace mm

namespace mm {
namespace {

TEST(ApplyStage, ByteOrderMarkIsNotCopied) {
  MergePlan plan;
  std::string line = "{\"type\":\"version\",\"version\":1}\n";
  Applied run = run_apply(plan, "\xEF\xBB\xBF" + line);
  EXPECT_FALSE(run.result.whole_chunk);
  EXPECT_EQ(run.out, line);
}

TEST(ApplyStage, CollectsReferencedFilesForAZip) {
  MergePlan plan = rename_plan();
  RewriteMaps maps(plan);
  ApplyStage stage(maps, true);
  ApplyStage::Scratch scratch;
  ApplyStage::Result result;
  simdjson::ondemand::parser parser;
  Chunk chunk;
  test::fill_chunk(chunk,
      R"j({"type":"user","user":{"username":"x","email":"x@y","profile_image":"users/x/profile.png"}})j" "\n"
      R"j({"type":"emoji","emoji":{"name":"kept","image":"emoji/3/image"}})j" "\n"
      R"j({"type":"emoji","emoji":{"name":"gone","image":"emoji/2/image"}})j" "\n"
      R"j({"type":"post","post":{"team":"t2","channel":"c","user":"x","message":"m","attachments":[{"path":"a.png"},{"path":"bad/a.png"},{"path":"missing.png"}],"replies":[{"user":"x","message":"r","attachments":[{"path":"b.png"}]}]}})j" "\n"
      R"j({"type":"direct_post","direct_post":{"channel_members":["x","y"],"user":"x","message":"m","attachments":[{"path":"c.png"}]}})j" "\n");
  stage.process(chunk, parser, scratch, result);
  EXPECT_EQ(result.files, (std::vector<std::string>{"users/x/profile.png", "emoji/3/image", "a.png", "good/a.png",
                                                    "b.png", "c.png"}));
}

}  // namespace
}  // namespace mm

namespace mm {
namespace {

TEST(ApplyStage, MappedUserLineCarriesOnlyWhatThePlanSays) {
  MergePlan plan = rename_plan();
  UserDecision& bob = plan.users["bob"];
  bob.email = ValueSource::kKeepTarget;
  bob.target_email = "robert@target.org";
  bob.roles = ValueSource::kKeepTarget;
  bob.settings = ValueSource::kKeepTarget;
  bob.target_locale = "de";
  Applied run = run_apply(plan,
      R"j({"type":"user","user":{"username":"bob","email":"bob@src.org","nickname":"B","first_name":"Bob","position":"p","roles":"system_user","locale":"en","military_time":"true","profile_image":"users/b/p.png","notify_props":{"desktop":"all"},"delete_at":0,"teams":[{"name":"t1","channels":[{"name":"dev"}]}]}})j" "\n");
  EXPECT_EQ(run.out,
      R"j({"type":"user","user":{"username":"robert","email":"robert@target.org","locale":"de","teams":[{"name":"main","channels":[{"name":"src-dev"}]}]}})j" "\n");
  // A renamed (new) user keeps its profile.
  EXPECT_EQ(apply_line(plan, R"j({"type":"user","user":{"username":"carl","email":"c@x","nickname":"C"}})j"),
            R"j({"type":"user","user":{"username":"src-carl","email":"c@x","nickname":"C"}})j");
}

}  // namespace
}  // namespace mm
