// emoji (docs/bulk-format.md §2.15), role (§2.2) and scheme (§2.3) rules.
#include <gtest/gtest.h>

#include "ValidateTestUtil.h"

namespace mm::test {
namespace {

using V = std::vector<std::string>;

std::string emoji(const std::string& fields) { return R"({"type":"emoji","emoji":{)" + fields + "}}"; }

TEST(ValidateEmoji, NameAndImage) {
  EXPECT_EQ(findings_of(emoji(R"("name":"party_parrot","image":"emoji/abc/image")")), V{});
  EXPECT_EQ(findings_of(emoji(R"("image":"emoji/abc/image")")), V{"validate_emoji_import_data.name_missing.error name"});
  EXPECT_EQ(findings_of(emoji(R"("name":"","image":"emoji/abc/image")")), V{"validate_emoji_import_data.name_missing.error name"});
  EXPECT_EQ(findings_of(emoji(R"("name":"mm_custom")")), V{"validate_emoji_import_data.image_missing.error image"});
  EXPECT_EQ(findings_of(emoji(R"("name":"mm_custom","image":"")")), V{"validate_emoji_import_data.image_missing.error image"});
  EXPECT_EQ(findings_of(emoji(R"("name":"mm_custom","image":"../image")")),
            V{"validate_emoji_import_data.invalid_image_path.error image"});
  EXPECT_EQ(findings_of(emoji(R"("name":")" + rep("a", 64) + R"(","image":"i")")), V{});
  EXPECT_EQ(findings_of(emoji(R"("name":")" + rep("a", 65) + R"(","image":"i")")), V{"model.emoji.name.app_error name"});
  EXPECT_EQ(findings_of(emoji(R"("name":"a.b","image":"i")")), V{"model.emoji.name.app_error name"});
  EXPECT_EQ(findings_of(emoji(R"("name":"smiley","image":"i")")), V{"model.emoji.system_emoji_name.app_error name"});
}

std::string role(const std::string& fields) { return R"({"type":"role","role":{)" + fields + "}}"; }

TEST(ValidateRole, Rules) {
  EXPECT_EQ(findings_of(role(R"("name":"custom_role","display_name":"R","permissions":["create_post"],"scheme_managed":false)")), V{});
  EXPECT_EQ(findings_of(role(R"("display_name":"R")")), V{"validate_role_import_data.name_invalid.error name"});
  EXPECT_EQ(findings_of(role(R"("name":")" + rep("r", 64) + R"(","display_name":"R")")), V{});
  EXPECT_EQ(findings_of(role(R"("name":")" + rep("r", 65) + R"(","display_name":"R")")),
            V{"validate_role_import_data.name_invalid.error name"});
  EXPECT_EQ(findings_of(role(R"("name":"Role","display_name":"R")")), V{"validate_role_import_data.name_invalid.error name"});
  EXPECT_EQ(findings_of(role(R"("name":"r")")), V{"validate_role_import_data.display_name_invalid.error display_name"});
  EXPECT_EQ(findings_of(role(R"("name":"r","display_name":")" + rep("d", 128) + "\"")), V{});
  EXPECT_EQ(findings_of(role(R"("name":"r","display_name":")" + rep("d", 129) + "\"")),
            V{"validate_role_import_data.display_name_invalid.error display_name"});
  EXPECT_EQ(findings_of(role(R"("name":"r","display_name":"R","description":")" + rep("é", 512) + "\"")), V{});
  EXPECT_EQ(findings_of(role(R"("name":"r","display_name":"R","description":")" + rep("é", 512) + "x\"")),
            V{"validate_role_import_data.description_invalid.error description"});
  EXPECT_EQ(findings_of(role(R"("name":"r","display_name":"R","permissions":[])")), V{});
  EXPECT_EQ(findings_of(role(R"("name":"r","display_name":"R","permissions":["create_post","fly"])")),
            V{"validate_role_import_data.invalid_permission.error permissions[1]"});
}

const std::string kRole = R"({"name":"r","display_name":"R"})";
std::string scheme(const std::string& fields) { return R"({"type":"scheme","scheme":{)" + fields + "}}"; }
std::string team_roles() {
  return R"("default_team_admin_role":)" + kRole + R"(,"default_team_user_role":)" + kRole +
         R"(,"default_channel_admin_role":)" + kRole + R"(,"default_channel_user_role":)" + kRole;
}

TEST(ValidateScheme, ScopeAndRoles) {
  EXPECT_EQ(findings_of(scheme(R"("name":"sc","display_name":"S","scope":"team",)" + team_roles())), V{});
  EXPECT_EQ(findings_of(scheme(R"("name":"sc","display_name":"S",)" + team_roles())),
            V{"validate_scheme_import_data.null_scope.error scope"});
  EXPECT_EQ(findings_of(scheme(R"("name":"sc","display_name":"S","scope":"playbook",)" + team_roles())),
            V{"validate_scheme_import_data.unknown_scheme.error scope"});
  EXPECT_EQ(findings_of(scheme(R"("name":"sc","display_name":"S","scope":"team","default_team_admin_role":)" + kRole)),
            V{"validate_scheme_import_data.wrong_roles_for_scope.error scope"});
  EXPECT_EQ(findings_of(scheme(R"("name":"sc","display_name":"S","scope":"channel",)" + team_roles())),
            V{"validate_scheme_import_data.wrong_roles_for_scope.error scope"});
  EXPECT_EQ(findings_of(scheme(R"("name":"sc","display_name":"S","scope":"channel","default_team_guest_role":)" + kRole +
                               R"(,"default_channel_admin_role":)" + kRole + R"(,"default_channel_user_role":)" + kRole)),
            V{});
  EXPECT_EQ(findings_of(scheme(R"("name":"sc","display_name":"S","scope":"team",)" + team_roles() +
                               R"(,"default_channel_guest_role":{"name":"R!","display_name":"R"})")),
            V{"validate_role_import_data.name_invalid.error default_channel_guest_role.name"});
}

TEST(ValidateScheme, NameDisplayNameDescription) {
  auto s = [](const std::string& f) { return scheme(f + R"(,"scope":"team",)" + team_roles()); };
  EXPECT_EQ(findings_of(s(R"("display_name":"S")")), V{"validate_scheme_import_data.name_invalid.error name"});
  EXPECT_EQ(findings_of(s(R"("name":"s","display_name":"S")")), V{"validate_scheme_import_data.name_invalid.error name"});
  EXPECT_EQ(findings_of(s(R"("name":")" + rep("s", 64) + R"(","display_name":"S")")), V{});
  EXPECT_EQ(findings_of(s(R"("name":")" + rep("s", 65) + R"(","display_name":"S")")),
            V{"validate_scheme_import_data.name_invalid.error name"});
  EXPECT_EQ(findings_of(s(R"("name":"sc","display_name":"")")),
            V{"validate_scheme_import_data.display_name_invalid.error display_name"});
  EXPECT_EQ(findings_of(s(R"("name":"sc","display_name":")" + rep("d", 129) + "\"")),
            V{"validate_scheme_import_data.display_name_invalid.error display_name"});
  EXPECT_EQ(findings_of(s(R"("name":"sc","display_name":"S","description":")" + rep("d", 1024) + "\"")), V{});
  EXPECT_EQ(findings_of(s(R"("name":"sc","display_name":"S","description":")" + rep("d", 1025) + "\"")),
            V{"validate_scheme_import_data.description_invalid.error description"});
}

}  // namespace
}  // namespace mm::test
