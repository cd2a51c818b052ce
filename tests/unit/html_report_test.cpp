#include <gtest/gtest.h>

#include <fmt/format.h>
#include <simdjson.h>

#include "io/Error.h"
#include "io/OutputFile.h"
#include "report/ApplyJson.h"
#include "report/HtmlReport.h"
#include "report/MergeReport.h"
#include "tests/unit/TestUtil.h"

namespace mm {
namespace {

size_t occurrences(std::string_view text, std::string_view what) {
  size_t n = 0;
  for (size_t at = text.find(what); at != std::string_view::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

Conflict conflict(std::string_view kind, std::string subject, uint64_t source_line, uint64_t count = 1) {
  Conflict c(conflict_kind_named(kind).value(), std::move(subject));
  c.source_line = source_line;
  c.target_line = source_line + 1;
  c.count = count;
  c.resolution = "resolved for " + c.subject;
  return c;
}

const std::string kHostile = "<script>alert(\"x\")</script>'&\x1b[2J";

// A report with one conflict of every kind, a hostile name in every kind of field and a Japanese
// display name.
MergeReport sample() {
  MergeReport r;
  r.source.file = "src/" + kHostile + ".jsonl";
  r.source.bytes = 3'140'000'000;
  r.source.teams = 2;
  r.source.posts = 5'000'000;
  r.source.attachments = 42;
  r.source.posts_by_team = {{"alpha", 4'000'000}, {"beta", 1'000'000}};
  r.target.file = "target.jsonl";
  r.target.posts = 1'000'000;
  r.target.posts_by_team = {{"alpha", 900'000}};
  r.plan_file = "plan.toml";
  r.import_path = "unpacked";
  uint64_t line = 10;
  for (const ConflictKindInfo& k : conflict_kinds()) r.conflicts.push_back(conflict(k.name, kHostile, line++, 3));
  r.teams.push_back({"alpha", "開発チーム", "merge", "alpha", 4'000'000, 3, 1, 2, "team_merge: " + kHostile});
  r.teams.push_back({"beta", kHostile, "keep", "beta", 1'000'000, 0, 0, 5, ""});
  r.channels.push_back({"alpha", "general", "プロジェクト", "src-general", "channel_name_clash"});
  r.users.push_back({kHostile, "a@example.com", "mapped onto carol", "carol", "user_email_taken"});
  return r;
}

TEST(HtmlReport, EverySectionAndKind) {
  MergeReport r = sample();
  std::string page = render_report_page(r);
  EXPECT_EQ(page.rfind("<!DOCTYPE html>", 0), 0u);
  EXPECT_NE(page.find("<meta charset=\"utf-8\">"), std::string::npos);
  EXPECT_NE(page.find("default-src 'none'"), std::string::npos);
  for (std::string_view id : {"instances", "teams", "conflicts", "users", "attachments", "not-carried", "next", "apply"})
    EXPECT_NE(page.find(fmt::format("id=\"{}\"", id)), std::string::npos) << id;
  for (const ConflictKindInfo& k : conflict_kinds())
    EXPECT_NE(page.find(fmt::format("data-kind=\"{}\" data-count=\"1\"", k.name)), std::string::npos) << k.name;
  EXPECT_NE(page.find("<svg"), std::string::npos);
  EXPECT_NE(page.find("開発チーム"), std::string::npos);
  EXPECT_NE(page.find("プロジェクト"), std::string::npos);
  EXPECT_NE(page.find("5,000,000"), std::string::npos);
  EXPECT_NE(page.find("3.14 GB"), std::string::npos);
  EXPECT_NE(page.find("<!-- mattermerge:apply-begin -->"), std::string::npos);
  EXPECT_NE(page.find("mattermerge apply "), std::string::npos);
  EXPECT_NE(page.find("sh memberships.sh"), std::string::npos);  // a user_password_reset is present
}

TEST(HtmlReport, EscapesEverythingFromTheExport) {
  std::string page = render_report_page(sample());
  EXPECT_EQ(occurrences(page, "<script"), 1u);  // the page's own
  EXPECT_EQ(occurrences(page, "</script>"), 1u);
  EXPECT_EQ(page.find("alert(\""), std::string::npos);
  EXPECT_EQ(page.find('\x1b'), std::string::npos);
  EXPECT_NE(page.find("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&#39;&amp;\xEF\xBF\xBD[2J"), std::string::npos);
  // The next-step commands quote the paths for sh; the page escapes that text again.
  EXPECT_NE(page.find("mattermerge apply &#39;src/&lt;script&gt;"), std::string::npos);
  // Every tag the page opens is the renderer's: no data can close an attribute or a comment.
  EXPECT_EQ(occurrences(page, "<!--"), 2u);
}

TEST(HtmlReport, ErrorsFirst) {
  std::string page = render_report_page(sample());
  size_t error = page.find("data-kind=\"user_email_taken\"");
  size_t risk = page.find("data-kind=\"channel_name_clash\"");
  size_t info = page.find("data-kind=\"team_merge\"");
  ASSERT_NE(info, std::string::npos);
  EXPECT_LT(error, risk);
  EXPECT_LT(risk, info);
  // Errors and risks open, info collapsed.
  EXPECT_NE(page.find("data-kind=\"user_email_taken\" data-count=\"1\" open>"), std::string::npos);
  EXPECT_NE(page.find("data-kind=\"team_merge\" data-count=\"1\"><summary>"), std::string::npos);
}

TEST(HtmlReport, LongListsAreCapped) {
  MergeReport r = sample();
  for (int i = 0; i < 250; ++i) r.conflicts.push_back(conflict("user_email_changed", fmt::format("user{:03}", i), 100 + i));
  for (int i = 0; i < 30; ++i) r.users.push_back({fmt::format("u{}", i), "", "renamed", "", ""});
  sort_conflicts(r.conflicts);
  std::string page = render_report_page(r, 20);
  EXPECT_NE(page.find("data-kind=\"user_email_changed\" data-count=\"251\""), std::string::npos);
  EXPECT_NE(page.find("… 231 more in report.json"), std::string::npos);  // 251 entries, 20 shown
  EXPECT_NE(page.find("… 11 more in report.json"), std::string::npos);   // 31 users
  EXPECT_NE(page.find("user018"), std::string::npos);
  EXPECT_EQ(page.find("user019"), std::string::npos);
  // A plan of millions of posts: the size depends on the caps, not on the number of conflicts.
  for (int i = 0; i < 100'000; ++i) r.conflicts.push_back(conflict("attachment_missing", fmt::format("data/{}.png", i), i));
  EXPECT_LT(render_report_page(r).size(), 1'000'000u);
}

TEST(HtmlReport, EmptyReport) {
  MergeReport r;
  std::string page = render_report_page(r);
  EXPECT_NE(page.find("No conflicts"), std::string::npos);
  EXPECT_NE(page.find("No team data"), std::string::npos);
  EXPECT_NE(page.find("id=\"next\""), std::string::npos);
}

TEST(HtmlReport, ApplySection) {
  ApplyReport a;
  a.out = "out/<b>import.zip";
  a.lines_in = 1000;
  a.lines_out = 990;
  a.counts.add(Change::kUserRefs, 12);
  a.validated = true;
  a.findings.push_back(Finding{7, "post", "message", "rule.<x>", "bad <value>", Severity::kWarning});
  a.warnings = 1;
  std::string section = render_apply_section(a, "applied 2026-12-02 03:00:00 UTC");
  EXPECT_NE(section.find("out/&lt;b&gt;import.zip"), std::string::npos);
  EXPECT_NE(section.find("user_refs"), std::string::npos);
  EXPECT_NE(section.find("bad &lt;value&gt;"), std::string::npos);

  std::string page = render_report_page(sample());
  std::string applied = with_apply_section(page, section, "r.html");
  EXPECT_EQ(occurrences(applied, "<!-- mattermerge:apply-begin -->"), 1u);
  EXPECT_NE(applied.find("applied 2026-12-02 03:00:00 UTC"), std::string::npos);
  EXPECT_EQ(applied.find("Not applied yet"), std::string::npos);
  // Applying again replaces the section.
  std::string again = with_apply_section(applied, render_apply_section(a, "applied later"), "r.html");
  EXPECT_EQ(again.find("03:00:00"), std::string::npos);
  EXPECT_NE(again.find("applied later"), std::string::npos);
  EXPECT_EQ(again.size(), applied.size() - std::string_view("2026-12-02 03:00:00 UTC").size() + 5);

  std::string alone = with_apply_section("", section, "r.html");
  EXPECT_EQ(alone.rfind("<!DOCTYPE html>", 0), 0u);
  EXPECT_NE(alone.find("user_refs"), std::string::npos);
  EXPECT_THROW(with_apply_section("<html>someone else's page</html>", section, "r.html"), Error);
}

TEST(MergeReportJson, RoundTrip) {
  MergeReport r = sample();
  std::string json = format_merge_report_json(r);
  EXPECT_EQ(json.find("{\"conflicts\":["), 0u);
  EXPECT_EQ(json.back(), '\n');
  test::TempDir dir;
  test::write_file(dir.file("report.json"), json);
  MergeReport back = read_merge_report(dir.file("report.json"));
  EXPECT_EQ(format_merge_report_json(back), json);
  EXPECT_EQ(render_report_page(back), render_report_page(r));
}

TEST(MergeReportJson, WrittenInPiecesAsFormatted) {
  MergeReport r = sample();
  for (int i = 0; i < 20000; ++i) r.conflicts.push_back(conflict("user_email_taken", "user" + std::to_string(i), i));
  const std::string json = format_merge_report_json(r);
  ASSERT_GT(json.size(), size_t{2} << 20);  // more than one piece
  test::TempDir dir;
  OutputFile out(dir.file("report.json"));
  write_merge_report_json(r, out);
  out.commit();
  EXPECT_EQ(test::read_file(dir.file("report.json")), json);
}

TEST(MergeReportJson, OlderReportHasConflictsOnly) {
  test::TempDir dir;
  test::write_file(dir.file("r.json"),
                   R"({"conflicts":[{"kind":"permalink","severity":"info","subject":"permalinks","source_line":0,)"
                   R"("target_line":0,"count":7,"resolution":"left"}],"summary":{"permalink":1}})");
  MergeReport r = read_merge_report(dir.file("r.json"));
  ASSERT_EQ(r.conflicts.size(), 1u);
  EXPECT_EQ(r.conflicts[0].count, 7u);
  EXPECT_TRUE(r.teams.empty());
}

std::string read_error(const std::string& json) {
  test::TempDir dir;
  test::write_file(dir.file("r.json"), json);
  try {
    read_merge_report(dir.file("r.json"));
  } catch (const Error& e) {
    EXPECT_EQ(e.exit_code(), kExitUsage);
    return std::string(e.what()).substr(dir.path().size() + 1);
  }
  return "no error";
}

TEST(MergeReportJson, ErrorsNameTheField) {
  EXPECT_EQ(read_error("{\"conflicts\": 3}"), "r.json:1: conflicts: expected an array");
  EXPECT_EQ(read_error("{}"), "r.json:1: conflicts: missing: not a report written by `mattermerge plan`");
  EXPECT_EQ(read_error(R"({"conflicts":[{"kind":"x","severity":"fatal"}]})"),
            "r.json:1: conflicts[0].severity: unknown severity \"fatal\" (error, risk or info)");
  EXPECT_EQ(read_error(R"({"conflicts":[{"kind":"team-merge","severity":"info"}]})"),
            "r.json:1: conflicts[0].kind: unknown conflict kind \"team-merge\" (docs/plan.md \"Conflict kinds\")");
  EXPECT_EQ(read_error(R"({"conflicts":[],"teams":[{"name":1}]})"), "r.json:1: teams[0].name: expected a string");
  EXPECT_EQ(read_error(R"({"conflicts":[],"source":{"file":"a","bytes":-1}})"),
            "r.json:1: source.bytes: expected a non-negative integer");
  EXPECT_NE(read_error("{\"conflicts\": [").find("r.json:1: report: not JSON"), std::string::npos);
}

TEST(ApplyJson, Document) {
  ApplyReport a;
  a.out = "import.zip";
  a.lines_in = 10;
  a.counts.add(Change::kMentions, 4);
  a.findings.push_back(Finding{3, "user", "email", "r", "m\"", Severity::kError});
  a.errors = 1;
  std::string json = format_apply_json(a);
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  ASSERT_FALSE(parser.parse(json).get(doc));
  EXPECT_EQ(uint64_t(doc["changes"]["mentions"]), 4u);
  EXPECT_EQ(uint64_t(doc["changes"]["lines_rewritten"]), 0u);
  EXPECT_FALSE(bool(doc["written"]));
  EXPECT_EQ(std::string_view(doc["findings"].at(0)["message"]), "m\"");
  EXPECT_EQ(uint64_t(doc["errors"]), 1u);
}

}  // namespace
}  // namespace mm
