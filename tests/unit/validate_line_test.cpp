// Line framing and Go's JSON decoding as the importer applies them (docs/bulk-format.md §1, §2.1).
#include <gtest/gtest.h>

#include "ValidateTestUtil.h"

namespace mm::test {
namespace {

using V = std::vector<std::string>;
const char* kDecode = "bulk_import.json_decode.error";

std::string post(const std::string& fields) {
  return R"({"type":"post","post":{"team":"tm","channel":"c","user":"u","message":"m","create_at":5)" + fields + "}}";
}

TEST(ValidateLine, ValidPostHasNoFindings) { EXPECT_EQ(findings_of(post("")), V{}); }

TEST(ValidateLine, MalformedJsonAnywhereInTheLine) {
  EXPECT_EQ(findings_of(post(R"(,"props":{"a":[1,2,}]})")), V{kDecode});
  EXPECT_EQ(findings_of(post(R"(,"unknown":{"deep":[tru]})")), V{kDecode});  // even in an ignored key
  EXPECT_EQ(findings_of(post("") + " x"), V{kDecode});
  EXPECT_EQ(findings_of(R"({"type":"post")"), V{kDecode});
}

TEST(ValidateLine, EmptyLineAndByteOrderMark) {
  EXPECT_EQ(findings_of(""), V{kDecode});
  EXPECT_EQ(findings_of("  "), V{kDecode});
  auto f = validate_text("\xEF\xBB\xBF{\"type\":\"version\",\"version\":1}\n");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].line, 1u);
  EXPECT_EQ(f[0].rule, "app.import.bulk_import.json_decode.error");
}

TEST(ValidateLine, KeysMatchCaseInsensitively) {
  EXPECT_EQ(findings_of(R"({"Type":"post","POST":{"Team":"tm","channel":"c","USER":"u","Message":"m","create_AT":5}})"), V{});
  // The Kelvin sign folds to 'k' as in Go: "\u212aey" is not a key here, but a tag with k is.
  EXPECT_EQ(findings_of(R"({"type":"user","user":{"username":"w","email":"w@x.org","locale":"en","nic)"
                        "\xE2\x84\xAA" R"(name":1}})"),
            V{std::string(kDecode) + " nickname"});
}

TEST(ValidateLine, LastDuplicateWinsAndObjectsMerge) {
  EXPECT_EQ(findings_of(post(R"(,"message":)" + std::string("\"") + rep("x", 16384) + "\"" + R"(,"message":"ok")")), V{});
  EXPECT_EQ(findings_of(post(R"(,"create_at":0)")), V{"validate_post_import_data.create_at_zero.error create_at"});
  // The payload key repeated: fields of both occurrences apply.
  EXPECT_EQ(findings_of(R"({"type":"post","post":{"team":"tm","channel":"c"},"post":{"user":"u","message":"m","create_at":5}})"), V{});
  // null resets the payload pointer.
  EXPECT_EQ(findings_of(R"({"type":"post","post":{"team":"tm","channel":"c","user":"u","message":"m","create_at":5},"post":null})"),
            V{"import_line.null_post.error"});
}

TEST(ValidateLine, NullIsAbsent) {
  EXPECT_EQ(findings_of(R"({"type":"post","post":{"team":"tm","channel":"c","user":"u","message":null,"create_at":5}})"),
            V{"validate_post_import_data.message_missing.error message"});
  EXPECT_EQ(findings_of(post(R"(,"reactions":null,"replies":null,"props":null,"attachments":null)")), V{});
}

TEST(ValidateLine, Int64FieldsNeedIntegerLiterals) {
  EXPECT_EQ(findings_of(post(R"(,"edit_at":-3)")), V{});
  EXPECT_EQ(findings_of(post(R"(,"edit_at":1.5)")), V{std::string(kDecode) + " edit_at"});
  EXPECT_EQ(findings_of(post(R"(,"edit_at":1e3)")), V{std::string(kDecode) + " edit_at"});
  EXPECT_EQ(findings_of(post(R"(,"edit_at":"3")")), V{std::string(kDecode) + " edit_at"});
  EXPECT_EQ(findings_of(post(R"(,"edit_at":9223372036854775808)")), V{std::string(kDecode) + " edit_at"});
}

TEST(ValidateLine, WrongJsonTypesFailTheLineOnly) {
  // A decode error hides the rule findings of the line: the importer stops at the decoder.
  EXPECT_EQ(findings_of(R"({"type":"post","post":{"team":"tm","user":"u","message":"m","create_at":0,"is_pinned":"yes"}})"),
            V{std::string(kDecode) + " is_pinned"});
  EXPECT_EQ(findings_of(post(R"(,"flagged_by":["u",3])")), V{std::string(kDecode) + " flagged_by[1]"});
  EXPECT_EQ(findings_of(post(R"(,"replies":[{"user":"u","message":"r","create_at":6,"reactions":[{"user":5}]}])")),
            V{std::string(kDecode) + " replies[0].reactions[0].user"});
  // Other payload keys are decoded too.
  EXPECT_EQ(findings_of(post(R"(},"team":{"name":7)")), V{std::string(kDecode) + " team.name"});
  EXPECT_EQ(findings_of("[1,2]"), V{kDecode});
  EXPECT_EQ(findings_of(R"({"type":5,"post":{}})"), V{std::string(kDecode) + " type"});
}

TEST(ValidateLine, InvalidUtf8IsReplacedNotRejected) {
  EXPECT_EQ(findings_of(post(R"(,"type":"")").replace(post("").find("\"m\""), 3, "\"m\xFF\"")), V{});
}

TEST(ValidateLine, LineTypes) {
  EXPECT_EQ(findings_of(R"({"type":"widget","widget":{}})"), V{"import_line.unknown_line_type.error type"});
  EXPECT_EQ(findings_of(R"({"type":"","post":{}})"), V{"import_line.unknown_line_type.error type"});
  EXPECT_EQ(findings_of(R"({"post":{}})"), V{"import_line.unknown_line_type.error type"});
  EXPECT_EQ(findings_of("null"), V{"import_line.unknown_line_type.error"});
  EXPECT_EQ(findings_of(R"({"type":"Post","post":{}})"), V{"import_line.unknown_line_type.error type"});
  for (const char* t : {"role", "scheme", "team", "channel", "user", "bot", "post", "emoji", "direct_channel",
                        "direct_post"}) {
    std::string type = t;
    EXPECT_EQ(findings_of(R"({"type":")" + type + "\"}"), V{"import_line.null_" + type + ".error"}) << t;
    EXPECT_EQ(findings_of(R"({"type":")" + type + R"(",")" + type + "\":null}"), V{"import_line.null_" + type + ".error"});
  }
}

TEST(ValidateLine, VersionLine) {
  const std::string rest = R"({"type":"team","team":{"name":"tm","display_name":"T","type":"O"}})" "\n";
  auto rules = [](const std::string& text) {
    V out;
    for (const Finding& f : validate_text(text)) out.push_back(std::to_string(f.line) + " " + f.rule);
    return out;
  };
  EXPECT_EQ(rules(R"({"type":"version","version":1})" "\n" + rest), V{});
  EXPECT_EQ(rules(R"({"type":"version","version":2})" "\n" + rest), V{"1 app.import.bulk_import.unsupported_version.error"});
  EXPECT_EQ(rules(R"({"type":"version","version":1.0})" "\n" + rest), V{"1 app.import.bulk_import.json_decode.error"});
  EXPECT_EQ(rules(R"({"type":"version"})" "\n" + rest),
            V{"1 app.import.process_import_data_file_version_line.invalid_version.error"});
  EXPECT_EQ(rules(rest), V{"1 app.import.process_import_data_file_version_line.invalid_version.error"});
  EXPECT_EQ(rules(R"({"type":"version","version":1})" "\n" + rest + R"({"type":"version","version":1})" "\n"),
            V{"3 app.import.import_line.unknown_line_type.error"});
  EXPECT_EQ(rules(R"({"type":"version","version":1,"info":{"generator":"x","additional":{"team_name":"t"}}})" "\n"), V{});
  EXPECT_EQ(rules(R"({"type":"version","version":1,"info":{"generator":1}})" "\n"),
            V{"1 app.import.bulk_import.json_decode.error"});
}

TEST(ValidateLine, LineLongerThanTheScannerLimit) {
  std::string line = post(R"(,"props":{"x":")" + std::string(validate::kMaxLineBytes, 'a') + "\"}");
  EXPECT_EQ(findings_of(line), V{"bulk_import.file_scan.error"});
}

TEST(ValidateLine, CarriageReturnLineEndings) {
  EXPECT_EQ(validate_text(R"({"type":"version","version":1})" "\r\n" R"({"type":"team","team":{"name":"tm","display_name":"T","type":"O"}})" "\r\n").size(), 0u);
}

}  // namespace
}  // namespace mm::test
