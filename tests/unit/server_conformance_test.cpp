// The server's own validator tests (server/channels/app/imports/import_validators_test.go, newest),
// ported as a table: every assertion that can be written as an export line, with the server test
// it comes from and its verdict. Each line is validated in full (decoding, per-type rules and the
// file-level references) after the preamble of ValidateTestUtil.h and the row's setup lines; the
// verdict is on the row's line only: valid (no error; warnings allowed, as the server's validator
// knows nothing of them) or the error id expected among its errors (an id ending in "_" where the
// server test does not say which of a family it expects).
//
// Where the validator test leaves a name undefined (a scheme or team the import would look up),
// the row's setup defines it, so that the row tests the validator's verdict and not a reference.
#include <gtest/gtest.h>

#include <unistd.h>

#include <algorithm>
#include <filesystem>

#include "ValidateTestUtil.h"
#include "io/ImportTree.h"

namespace mm::test {
namespace {

struct Row {
  const char* server_test;
  std::string setup;  // lines before the line under test ("" or lines ending with '\n')
  std::string line;
  const char* expected;  // nullptr: valid; else an error id the line must have
  bool with_tree = false;  // validated with an import path (an empty data/ directory)
};

std::string rep(const char* s, size_t n) { return test::rep(std::string(s), n); }
std::string q(const std::string& s) { return "\"" + s + "\""; }

// ---- scheme and role lines ----
std::string role_json(const std::string& name = "name", const std::string& extra = "") {
  return R"({"name":)" + q(name) + R"(,"display_name":"display name","permissions":["invite_user"])" + extra + "}";
}
std::string scheme(const std::string& fields) { return R"({"type":"scheme","scheme":{)" + fields + "}}"; }
std::string team_scheme(const std::string& over = "", const std::string& skip = "") {
  std::string s;
  auto add = [&](const std::string& key, const std::string& value) {
    if (key == skip) return;
    if (over.find("\"" + key + "\"") != std::string::npos) return;  // replaced in `over`
    s += (s.empty() ? "" : ",") + q(key) + ":" + value;
  };
  add("name", q("name"));
  add("display_name", q("display name"));
  add("scope", q("team"));
  for (const char* r : {"default_team_admin_role", "default_team_user_role", "default_team_guest_role",
                        "default_channel_admin_role", "default_channel_user_role", "default_channel_guest_role"})
    add(r, role_json());
  if (!over.empty()) s += "," + over;
  return scheme(s);
}
std::string role(const std::string& fields) { return R"({"type":"role","role":{)" + fields + "}}"; }

// ---- team and channel lines ----
std::string team(const std::string& fields) { return R"({"type":"team","team":{)" + fields + "}}"; }
std::string channel(const std::string& fields) { return R"({"type":"channel","channel":{)" + fields + "}}"; }
const std::string kTeamScheme = R"({"type":"scheme","scheme":{"name":"abcdefg","display_name":"S","scope":"team","default_team_admin_role":{"name":"a","display_name":"A"},"default_team_user_role":{"name":"b","display_name":"B"},"default_channel_admin_role":{"name":"c","display_name":"C"},"default_channel_user_role":{"name":"d","display_name":"D"}}})" "\n";
const std::string kChannelScheme = R"({"type":"scheme","scheme":{"name":"abcdefg","display_name":"S","scope":"channel","default_channel_admin_role":{"name":"c","display_name":"C"},"default_channel_user_role":{"name":"d","display_name":"D"}}})" "\n";

// ---- user and bot lines ----
std::string user(const std::string& fields) { return R"({"type":"user","user":{)" + fields + "}}"; }
const std::string kBob = R"("username":"bob","email":"bob@example.com")";
const std::string kBobFull =
    R"("username":"bob","email":"bob@example.com","auth_service":"ldap","auth_data":"bob","nickname":"BobNick","first_name":"Bob","last_name":"Blob","position":"The Boss","roles":"system_user","locale":"en")";
std::string bob_with(const std::string& fields) { return user(kBob + "," + fields); }
std::string bob_full_with(const std::string& replace_key, const std::string& value) {
  // kBobFull with one key's value replaced (or removed when value is empty).
  std::string s = kBobFull;
  std::string key = q(replace_key) + ":";
  size_t at = s.find(key);
  size_t end = s.find(",\"", at + key.size());
  if (end == std::string::npos) end = s.size();
  s.erase(at, end - at + (end < s.size() ? 1 : 0));
  if (!s.empty() && s.back() == ',') s.pop_back();
  if (!value.empty()) s += "," + key + value;
  return user(s);
}
std::string notify(const std::string& fields) { return bob_with(R"("notify_props":{)" + fields + "}"); }
std::string bot(const std::string& fields) { return R"({"type":"bot","bot":{)" + fields + "}}"; }
std::string member(const std::string& team_fields) { return bob_with(R"("teams":[{)" + team_fields + "}]"); }
std::string channel_member(const std::string& fields) {
  return bob_with(R"("teams":[{"name":"tm","channels":[{)" + fields + "}]}]");
}
const std::string kTheme =
    R"({\"awayIndicator\":\"#DBBD4E\",\"buttonBg\":\"#23A1FF\",\"buttonColor\":\"#FFFFFF\",\"centerChannelBg\":\"#ffffff\",\"codeTheme\":\"github\",\"type\":\"Mattermost\"})";

// ---- post, reply, reaction, direct channel and direct post lines (users "u" and "v" of the
// preamble, "w" defined by kUserW; team "tm", channel "c") ----
std::string post(const std::string& fields) { return R"({"type":"post","post":{)" + fields + "}}"; }
const std::string kPostBase = R"("team":"tm","channel":"c","user":"u","message":"message","create_at":1000)";
std::string post_with(const std::string& fields) { return post(kPostBase + "," + fields); }
std::string reaction(const std::string& fields) { return post_with(R"("reactions":[{)" + fields + "}]"); }
std::string reply(const std::string& fields) { return post_with(R"("replies":[{)" + fields + "}]"); }
const std::string kTeamT2 = R"({"type":"team","team":{"name":"t2","display_name":"T2","type":"O"}})" "\n";
const std::string kUserW = R"({"type":"user","user":{"username":"w","email":"w@example.com"}})" "\n";
std::string direct_channel(const std::string& fields) { return R"({"type":"direct_channel","direct_channel":{)" + fields + "}}"; }
std::string participants(std::initializer_list<const char*> names) {
  std::string s = R"("participants":[)";
  bool first = true;
  for (const char* n : names) {
    s += std::string(first ? "" : ",") + R"({"username":")" + n + R"("})";
    first = false;
  }
  return s + "]";
}
std::string direct_post(const std::string& fields) { return R"({"type":"direct_post","direct_post":{)" + fields + "}}"; }

const std::vector<Row>& rows() {
  static const std::vector<Row> kRows = {
      // TestImportValidateSchemeImportData
      {"TestImportValidateSchemeImportData", "", team_scheme(), nullptr},
      {"TestImportValidateSchemeImportData", "", team_scheme("", "name"), "app.import.validate_scheme_import_data.name_invalid.error"},
      {"TestImportValidateSchemeImportData", "", team_scheme(R"("name":"")"), "app.import.validate_scheme_import_data.name_invalid.error"},
      {"TestImportValidateSchemeImportData", "", team_scheme(R"("name":")" + rep("1234567890", 100) + "\""), "app.import.validate_scheme_import_data.name_invalid.error"},
      {"TestImportValidateSchemeImportData", "", team_scheme("", "display_name"), "app.import.validate_scheme_import_data.display_name_invalid.error"},
      {"TestImportValidateSchemeImportData", "", team_scheme(R"("display_name":"")"), "app.import.validate_scheme_import_data.display_name_invalid.error"},
      {"TestImportValidateSchemeImportData", "", team_scheme(R"("display_name":")" + rep("1234567890", 100) + "\""), "app.import.validate_scheme_import_data.display_name_invalid.error"},
      {"TestImportValidateSchemeImportData", "", team_scheme("", "default_team_admin_role"), "app.import.validate_scheme_import_data.wrong_roles_for_scope.error"},
      {"TestImportValidateSchemeImportData", "", team_scheme("", "default_team_user_role"), "app.import.validate_scheme_import_data.wrong_roles_for_scope.error"},
      {"TestImportValidateSchemeImportData", "", team_scheme("", "default_channel_admin_role"), "app.import.validate_scheme_import_data.wrong_roles_for_scope.error"},
      {"TestImportValidateSchemeImportData", "", team_scheme("", "default_channel_user_role"), "app.import.validate_scheme_import_data.wrong_roles_for_scope.error"},
      {"TestImportValidateSchemeImportData", "", team_scheme(R"("default_team_admin_role":{"display_name":"display name"})"), "app.import.validate_role_import_data.name_invalid.error"},
      {"TestImportValidateSchemeImportData", "", team_scheme(R"("default_team_user_role":{"display_name":"display name"})"), "app.import.validate_role_import_data.name_invalid.error"},
      {"TestImportValidateSchemeImportData", "", team_scheme(R"("default_channel_admin_role":{"display_name":"display name"})"), "app.import.validate_role_import_data.name_invalid.error"},
      {"TestImportValidateSchemeImportData", "", team_scheme(R"("default_channel_user_role":{"display_name":"display name"})"), "app.import.validate_role_import_data.name_invalid.error"},
      // channel scope: the team roles must be absent (the team guest role is not checked).
      {"TestImportValidateSchemeImportData", "", team_scheme(R"("scope":"channel")", "default_team_admin_role"), "app.import.validate_scheme_import_data.wrong_roles_for_scope.error"},
      {"TestImportValidateSchemeImportData", "", team_scheme(R"("scope":"channel")", "default_team_user_role"), "app.import.validate_scheme_import_data.wrong_roles_for_scope.error"},
      {"TestImportValidateSchemeImportData", "", scheme(R"("name":"name","display_name":"display name","scope":"channel","default_channel_admin_role":)" + role_json() + R"(,"default_channel_user_role":)" + role_json() + R"(,"default_channel_guest_role":)" + role_json()), nullptr},
      {"TestImportValidateSchemeImportData", "", scheme(R"("name":"name","display_name":"display name","scope":"channel","description":")" + rep("1234567890", 1024) + R"(","default_channel_admin_role":)" + role_json() + R"(,"default_channel_user_role":)" + role_json()), "app.import.validate_scheme_import_data.description_invalid.error"},
      {"TestImportValidateSchemeImportData", "", scheme(R"("name":"name","display_name":"display name","scope":"channel","description":"description","default_channel_admin_role":)" + role_json() + R"(,"default_channel_user_role":)" + role_json()), nullptr},

      // TestImportValidateRoleImportData
      {"TestImportValidateRoleImportData", "", role(R"("name":"name","display_name":"display name")"), nullptr},
      {"TestImportValidateRoleImportData", "", role(R"("display_name":"display name")"), "app.import.validate_role_import_data.name_invalid.error"},
      {"TestImportValidateRoleImportData", "", role(R"("name":"","display_name":"display name")"), "app.import.validate_role_import_data.name_invalid.error"},
      {"TestImportValidateRoleImportData", "", role(R"("name":")" + rep("1234567890", 100) + R"(","display_name":"display name")"), "app.import.validate_role_import_data.name_invalid.error"},
      {"TestImportValidateRoleImportData", "", role(R"("name":"name")"), "app.import.validate_role_import_data.display_name_invalid.error"},
      {"TestImportValidateRoleImportData", "", role(R"("name":"name","display_name":"")"), "app.import.validate_role_import_data.display_name_invalid.error"},
      {"TestImportValidateRoleImportData", "", role(R"("name":"name","display_name":")" + rep("1234567890", 100) + "\""), "app.import.validate_role_import_data.display_name_invalid.error"},
      {"TestImportValidateRoleImportData", "", role(R"("name":"name","display_name":"display name","permissions":[])"), nullptr},
      {"TestImportValidateRoleImportData", "", role(R"("name":"name","display_name":"display name","permissions":["invite_user","add_user_to_team"])"), nullptr},
      {"TestImportValidateRoleImportData", "", role(R"("name":"name","display_name":"display name","permissions":["invite_user","add_user_to_team","derp"])"), "app.import.validate_role_import_data.invalid_permission.error"},
      {"TestImportValidateRoleImportData", "", role(R"("name":"name","display_name":"display name","description":")" + rep("1234567890", 1024) + "\""), "app.import.validate_role_import_data.description_invalid.error"},
      {"TestImportValidateRoleImportData", "", role(R"("name":"name","display_name":"display name","description":"description")"), nullptr},

      // TestImportValidateTeamImportData
      {"TestImportValidateTeamImportData", "", team(R"("name":"teamname","display_name":"Display Name","type":"O")"), nullptr},
      {"TestImportValidateTeamImportData", "", team(R"("display_name":"Display Name","type":"O")"), "app.import.validate_team_import_data.name_missing.error"},
      {"TestImportValidateTeamImportData", "", team(R"("name":")" + rep("abcdefghij", 7) + R"(","display_name":"Display Name","type":"O")"), "app.import.validate_team_import_data.name_length.error"},
      {"TestImportValidateTeamImportData", "", team(R"("name":"login","display_name":"Display Name","type":"O")"), "app.import.validate_team_import_data.name_reserved.error"},
      {"TestImportValidateTeamImportData", "", team(R"("name":"Test::''ASD","display_name":"Display Name","type":"O")"), "app.import.validate_team_import_data.name_characters.error"},
      {"TestImportValidateTeamImportData", "", team(R"("name":"A","display_name":"Display Name","type":"O")"), "app.import.validate_team_import_data.name_characters.error"},
      {"TestImportValidateTeamImportData", "", team(R"("name":"teamname","type":"O")"), "app.import.validate_team_import_data.display_name_missing.error"},
      {"TestImportValidateTeamImportData", "", team(R"("name":"teamname","display_name":"","type":"O")"), "app.import.validate_team_import_data.display_name_length.error"},
      {"TestImportValidateTeamImportData", "", team(R"("name":"teamname","display_name":")" + rep("abcdefghij", 7) + R"(","type":"O")"), "app.import.validate_team_import_data.display_name_length.error"},
      {"TestImportValidateTeamImportData", "", team(R"("name":"teamname","display_name":"Display Name")"), "app.import.validate_team_import_data.type_missing.error"},
      {"TestImportValidateTeamImportData", "", team(R"("name":"teamname","display_name":"Display Name","type":"A")"), "app.import.validate_team_import_data.type_invalid.error"},
      {"TestImportValidateTeamImportData", "", team(R"("name":"teamname","display_name":"Display Name","type":"I")"), nullptr},
      {"TestImportValidateTeamImportData", "", team(R"("name":"teamname","display_name":"Display Name","type":"O","description":"The team description.","allow_open_invite":true)"), nullptr},
      {"TestImportValidateTeamImportData", "", team(R"("name":"teamname","display_name":"Display Name","type":"O","description":"The team description.","allow_open_invite":false)"), nullptr},
      {"TestImportValidateTeamImportData", "", team(R"("name":"teamname","display_name":"Display Name","type":"O","description":")" + rep("abcdefghij ", 26) + "\""), "app.import.validate_team_import_data.description_length.error"},
      {"TestImportValidateTeamImportData", "", team(R"("name":"teamname","display_name":"Display Name","type":"O","description":"abcdefg","scheme":"")"), "app.import.validate_team_import_data.scheme_invalid.error"},
      {"TestImportValidateTeamImportData", kTeamScheme, team(R"("name":"teamname","display_name":"Display Name","type":"O","description":"abcdefg","scheme":"abcdefg")"), nullptr},

      // TestImportValidateChannelImportData (team "tm" of the preamble for "teamname")
      {"TestImportValidateChannelImportData", "", channel(R"("team":"tm","name":"channelname","display_name":"Display Name","type":"O")"), nullptr},
      {"TestImportValidateChannelImportData", "", channel(R"("name":"channelname","display_name":"Display Name","type":"O")"), "app.import.validate_channel_import_data.team_missing.error"},
      {"TestImportValidateChannelImportData", "", channel(R"("team":"tm","display_name":"Display Name","type":"O")"), "app.import.validate_channel_import_data.name_missing.error"},
      {"TestImportValidateChannelImportData", "", channel(R"("team":"tm","name":")" + rep("abcdefghij", 7) + R"(","display_name":"Display Name","type":"O")"), "app.import.validate_channel_import_data.name_length.error"},
      {"TestImportValidateChannelImportData", "", channel(R"("team":"tm","name":"Test::''ASD","display_name":"Display Name","type":"O")"), "app.import.validate_channel_import_data.name_characters.error"},
      {"TestImportValidateChannelImportData", "", channel(R"("team":"tm","name":"A","display_name":"Display Name","type":"O")"), nullptr},
      {"TestImportValidateChannelImportData", "", channel(R"("team":"tm","name":"channelname","type":"O")"), nullptr},
      {"TestImportValidateChannelImportData", "", channel(R"("team":"tm","name":"channelname","display_name":"","type":"O")"), nullptr},
      {"TestImportValidateChannelImportData", "", channel(R"("team":"tm","name":"channelname","display_name":")" + rep("abcdefghij", 7) + R"(","type":"O")"), "app.import.validate_channel_import_data.display_name_length.error"},
      {"TestImportValidateChannelImportData", "", channel(R"("team":"tm","name":"channelname","display_name":"Display Name")"), "app.import.validate_channel_import_data.type_missing.error"},
      {"TestImportValidateChannelImportData", "", channel(R"("team":"tm","name":"channelname","display_name":"Display Name","type":"A")"), "app.import.validate_channel_import_data.type_invalid.error"},
      {"TestImportValidateChannelImportData", "", channel(R"("team":"tm","name":"channelname","display_name":"Display Name","type":"P")"), nullptr},
      {"TestImportValidateChannelImportData", "", channel(R"("team":"tm","name":"channelname","display_name":"Display Name","type":"O","header":"Channel Header Here","purpose":"Channel Purpose Here")"), nullptr},
      {"TestImportValidateChannelImportData", "", channel(R"("team":"tm","name":"channelname","display_name":"Display Name","type":"O","header":")" + rep("abcdefghij ", 103) + "\""), "app.import.validate_channel_import_data.header_length.error"},
      {"TestImportValidateChannelImportData", "", channel(R"("team":"tm","name":"channelname","display_name":"Display Name","type":"O","purpose":")" + rep("abcdefghij ", 26) + "\""), "app.import.validate_channel_import_data.purpose_length.error"},
      {"TestImportValidateChannelImportData", "", channel(R"("team":"tm","name":"channelname","display_name":"Display Name","type":"O","purpose":"abcdefg","scheme":"")"), "app.import.validate_channel_import_data.scheme_invalid.error"},
      {"TestImportValidateChannelImportData", kChannelScheme, channel(R"("team":"tm","name":"channelname","display_name":"Display Name","type":"O","purpose":"abcdefg","scheme":"abcdefg")"), nullptr},

      // TestImportValidateUserImportData
      {"TestImportValidateUserImportData", "", user(kBob), nullptr},
      {"TestImportValidateUserImportData", "", user(R"("email":"bob@example.com")"), "app.import.validate_user_import_data.username_missing.error"},
      {"TestImportValidateUserImportData", "", user(R"("username":"","email":"bob@example.com")"), "app.import.validate_user_import_data.username_invalid.error"},
      {"TestImportValidateUserImportData", "", user(R"("username":")" + rep("abcdefghij", 7) + R"(","email":"bob@example.com")"), "app.import.validate_user_import_data.username_invalid.error"},
      {"TestImportValidateUserImportData", "", user(R"("username":"i am a username with spaces and !!!","email":"bob@example.com")"), "app.import.validate_user_import_data.username_invalid.error"},
      // "Unexisting Picture Image": with an import path (TEMP below) the file must exist.
      {"TestImportValidateUserImportData", "", bob_with(R"("profile_image":"not-existing-file")"), "app.import.validate_user_import_data.profile_image.error", true},
      {"TestImportValidateUserImportData", "", user(R"("username":"bob")"), "app.import.validate_user_import_data.email_missing.error"},
      {"TestImportValidateUserImportData", "", user(R"("username":"bob","email":"")"), "app.import.validate_user_import_data.email_length.error"},
      {"TestImportValidateUserImportData", "", user(R"("username":"bob","email":")" + rep("abcdefghij", 13) + "\""), "app.import.validate_user_import_data.email_length.error"},
      {"TestImportValidateUserImportData", "", bob_with(R"("auth_service":"")"), nullptr},
      {"TestImportValidateUserImportData", "", bob_with(R"("auth_service":"saml","auth_data":")" + rep("abcdefghij", 15) + "\""), "app.import.validate_user_import_data.auth_data_length.error"},
      {"TestImportValidateUserImportData", "", bob_with(R"("auth_service":"saml","auth_data":"bobbytables")"), nullptr},
      {"TestImportValidateUserImportData", "", user(kBobFull), nullptr},
      {"TestImportValidateUserImportData", "", bob_full_with("username", q("Bob")), nullptr},
      {"TestImportValidateUserImportData", "", bob_full_with("nickname", q(rep("abcdefghij", 7))), "app.import.validate_user_import_data.nickname_length.error"},
      {"TestImportValidateUserImportData", "", bob_full_with("first_name", q(rep("abcdefghij", 7))), "app.import.validate_user_import_data.first_name_length.error"},
      {"TestImportValidateUserImportData", "", bob_full_with("last_name", q(rep("abcdefghij", 7))), "app.import.validate_user_import_data.last_name_length.error"},
      {"TestImportValidateUserImportData", "", bob_full_with("position", q(rep("abcdefghij", 13))), "app.import.validate_user_import_data.position_length.error"},
      {"TestImportValidateUserImportData", "", bob_full_with("roles", ""), nullptr},
      {"TestImportValidateUserImportData", "", bob_full_with("roles", q("")), nullptr},
      {"TestImportValidateUserImportData", "", notify(R"("desktop":"invalid")"), "app.import.validate_user_import_data.notify_props_desktop_invalid.error"},
      {"TestImportValidateUserImportData", "", notify(R"("desktop":"all","desktop_sound":"invalid")"), "app.import.validate_user_import_data.notify_props_desktop_sound_invalid.error"},
      {"TestImportValidateUserImportData", "", notify(R"("desktop":"all","desktop_sound":"true","email":"invalid")"), "app.import.validate_user_import_data.notify_props_email_invalid.error"},
      {"TestImportValidateUserImportData", "", notify(R"("desktop":"all","desktop_sound":"true","email":"true","mobile":"invalid")"), "app.import.validate_user_import_data.notify_props_mobile_invalid.error"},
      {"TestImportValidateUserImportData", "", notify(R"("desktop":"all","desktop_sound":"true","email":"true","mobile":"all","mobile_push_status":"invalid")"), "app.import.validate_user_import_data.notify_props_mobile_push_status_invalid.error"},
      {"TestImportValidateUserImportData", "", notify(R"("desktop":"all","desktop_sound":"true","email":"true","mobile":"all","mobile_push_status":"online","channel":"invalid")"), "app.import.validate_user_import_data.notify_props_channel_trigger_invalid.error"},
      {"TestImportValidateUserImportData", "", notify(R"("desktop":"all","desktop_sound":"true","email":"true","mobile":"all","mobile_push_status":"online","channel":"true","comments":"invalid")"), "app.import.validate_user_import_data.notify_props_comments_trigger_invalid.error"},
      {"TestImportValidateUserImportData", "", notify(R"("desktop":"all","desktop_sound":"true","email":"true","mobile":"all","mobile_push_status":"online","channel":"true","comments":"root","mention_keys":"valid")"), nullptr},
      {"TestImportValidateUserImportData", "", bob_with(R"("email_interval":"immediately")"), nullptr},
      {"TestImportValidateUserImportData", "", bob_with(R"("email_interval":"fifteen")"), nullptr},
      {"TestImportValidateUserImportData", "", bob_with(R"("email_interval":"hour")"), nullptr},
      {"TestImportValidateUserImportData", "", bob_with(R"("email_interval":"invalid")"), "app.import.validate_user_import_data.advanced_props_email_interval.error"},
      {"TestImportValidateUserImportData", "", bob_with(R"("email_interval":"")"), "app.import.validate_user_import_data.advanced_props_email_interval.error"},

      // TestImportValidateUserAuth
      {"TestImportValidateUserAuth", "", user(kBob), nullptr},
      {"TestImportValidateUserAuth", "", bob_with(R"("auth_service":"","auth_data":"")"), nullptr},
      {"TestImportValidateUserAuth", "", bob_with(R"("auth_service":"foo","auth_data":"foo")"), "app.import.validate_user_teams_import_data.invalid_auth_service.error"},
      {"TestImportValidateUserAuth", "", bob_with(R"("auth_data":"")"), nullptr},
      {"TestImportValidateUserAuth", "", bob_with(R"("auth_service":"")"), nullptr},
      {"TestImportValidateUserAuth", "", bob_with(R"("auth_service":"openid","auth_data":"foo@bar.baz")"), nullptr},
      {"TestImportValidateUserAuth", "", bob_with(R"("auth_service":"foo")"), "app.import.validate_user_import_data.auth_data_and_service_dependency.error"},
      {"TestImportValidateUserAuth", "", bob_with(R"("auth_service":"foo","auth_data":"")"), "app.import.validate_user_import_data.auth_data_and_service_dependency.error"},
      {"TestImportValidateUserAuth", "", bob_with(R"("auth_data":"foo")"), "app.import.validate_user_import_data.auth_data_and_service_dependency.error"},
      {"TestImportValidateUserAuth", "", bob_with(R"("auth_service":"","auth_data":"foo")"), "app.import.validate_user_import_data.auth_data_and_service_dependency.error"},

      // TestImportValidateBotImportData (an owner not defined is kept as a plugin id: a warning
      // only). The validator reuses the user ids for the display name and owner checks.
      {"TestImportValidateBotImportData", "", bot(R"("username":"bob","display_name":"Display Name","owner":"owner")"), nullptr},
      {"TestImportValidateBotImportData", "", bot(R"("username":"Bob","display_name":"Display Name","owner":"owner")"), nullptr},
      {"TestImportValidateBotImportData", "", bot(R"("display_name":"Display Name","owner":"owner")"), "app.import.validate_user_import_data.username_missing.error"},
      {"TestImportValidateBotImportData", "", bot(R"("username":"","display_name":"Display Name","owner":"owner")"), "app.import.validate_user_import_data.username_invalid.error"},
      {"TestImportValidateBotImportData", "", bot(R"("username":")" + rep("abcdefghij", 7) + R"(","display_name":"Display Name","owner":"owner")"), "app.import.validate_user_import_data.username_invalid.error"},
      {"TestImportValidateBotImportData", "", bot(R"("username":"i am a username with spaces and !!!","display_name":"Display Name","owner":"owner")"), "app.import.validate_user_import_data.username_invalid.error"},
      {"TestImportValidateBotImportData", "", bot(R"("username":"bob","display_name":")" + rep("abcdefghij", 7) + R"(","owner":"owner")"), "app.import.validate_user_import_data.first_name_length.error"},
      {"TestImportValidateBotImportData", "", bot(R"("username":"bob","display_name":"Display Name")"), "app.import.validate_bot_import_data.owner_missing.error"},
      {"TestImportValidateBotImportData", "", bot(R"("username":"bob","display_name":"Display Name","owner":"")"), "app.import.validate_user_import_data.username_invalid.error"},
      {"TestImportValidateBotImportData", "", bot(R"("username":"bob","display_name":"Display Name","owner":")" + rep("abcdefghij", 7) + "\""), "app.import.validate_user_import_data.username_invalid.error"},

      // TestImportValidateUserTeamsImportData (team "tm" of the preamble for "teamname")
      {"TestImportValidateUserTeamsImportData", "", member(R"("roles":"team_admin team_user")"), "app.import.validate_user_teams_import_data.team_name_missing.error"},
      {"TestImportValidateUserTeamsImportData", "", member(R"("name":"tm")"), nullptr},
      {"TestImportValidateUserTeamsImportData", "", member(R"("name":"tm","roles":"")"), nullptr},
      {"TestImportValidateUserTeamsImportData", "", member(R"("name":"tm","roles":"team_admin team_user")"), nullptr},
      {"TestImportValidateUserTeamsImportData", "", member(R"("name":"tm","roles":"team_admin team_user","theme":")" + kTheme + "\""), nullptr},
      {"TestImportValidateUserTeamsImportData", "", member(R"("name":"tm","theme":"This is the invalid string which cannot be marshalled to JSON object :) + {\"#DBBD4E\",\"buttonBg\", \"#23A1FF\", buttonColor")"), "app.import.validate_user_teams_import_data.invalid_team_theme.error"},
      {"TestImportValidateUserTeamsImportData", "", member(R"("name":"tm","theme":"{\"somekey\": 25, \"json_obj1\": {\"color\": \"#DBBD4E\",\"buttonBg\": \"#23A1FF\"}}")"), "app.import.validate_user_teams_import_data.invalid_team_theme.error"},

      // TestImportValidateUserChannelsImportData (channel "c" of the preamble for "channelname")
      {"TestImportValidateUserChannelsImportData", "", channel_member(R"("roles":"channel_admin channel_user")"), "app.import.validate_user_channels_import_data.channel_name_missing.error"},
      {"TestImportValidateUserChannelsImportData", "", channel_member(R"("name":"c")"), nullptr},
      {"TestImportValidateUserChannelsImportData", "", channel_member(R"("name":"c","roles":"")"), nullptr},
      {"TestImportValidateUserChannelsImportData", "", channel_member(R"("name":"c","roles":"channel_admin channel_user")"), nullptr},
      {"TestImportValidateUserChannelsImportData", "", channel_member(R"("name":"c","roles":"channel_admin channel_user","notify_props":{})"), nullptr},
      {"TestImportValidateUserChannelsImportData", "", channel_member(R"("name":"c","notify_props":{"desktop":"invalid"})"), "app.import.validate_user_channels_import_data.invalid_notify_props_desktop.error"},
      {"TestImportValidateUserChannelsImportData", "", channel_member(R"("name":"c","notify_props":{"desktop":"mention","mobile":"invalid"})"), "app.import.validate_user_channels_import_data.invalid_notify_props_mobile.error"},
      {"TestImportValidateUserChannelsImportData", "", channel_member(R"("name":"c","notify_props":{"desktop":"mention","mobile":"mention","mark_unread":"invalid"})"), "app.import.validate_user_channels_import_data.invalid_notify_props_mark_unread.error"},
      {"TestImportValidateUserChannelsImportData", "", channel_member(R"("name":"c","notify_props":{"desktop":"mention","mobile":"mention","mark_unread":"mention"})"), nullptr},

      // TestImportValidateReactionImportData (the post at 1000 is the parent; "smile" is a system
      // emoji, so the name needs no emoji line)
      {"TestImportValidateReactionImportData", "", reaction(R"("user":"v","emoji_name":"smile","create_at":2000)"), nullptr},
      {"TestImportValidateReactionImportData", "", reaction(R"("emoji_name":"smile","create_at":2000)"), "app.import.validate_reaction_import_data.user_missing.error"},
      {"TestImportValidateReactionImportData", "", reaction(R"("user":"v","create_at":2000)"), "app.import.validate_reaction_import_data.emoji_name_missing.error"},
      {"TestImportValidateReactionImportData", "", reaction(R"("user":"v","emoji_name":"smile")"), "app.import.validate_reaction_import_data.create_at_missing.error"},
      {"TestImportValidateReactionImportData", "", reaction(R"("user":"v","emoji_name":")" + rep("1234567890", 500) + R"(","create_at":2000)"), "app.import.validate_reaction_import_data.emoji_name_length.error"},
      {"TestImportValidateReactionImportData", "", reaction(R"("user":"v","emoji_name":"smile","create_at":0)"), "app.import.validate_reaction_import_data.create_at_zero.error"},
      {"TestImportValidateReactionImportData", "", reaction(R"("user":"v","emoji_name":"smile","create_at":900)"), "app.import.validate_reaction_import_data.create_at_before_parent.error"},

      // TestImportValidateReplyImportData (maxPostSize there is 10000; here the default 16383)
      {"TestImportValidateReplyImportData", "", reply(R"("user":"v","message":"message","create_at":2000)"), nullptr},
      {"TestImportValidateReplyImportData", "", reply(R"("message":"message","create_at":2000)"), "app.import.validate_reply_import_data.user_missing.error"},
      {"TestImportValidateReplyImportData", "", reply(R"("user":"v","create_at":2000)"), "app.import.validate_reply_import_data.message_missing.error"},
      {"TestImportValidateReplyImportData", "", reply(R"("user":"v","message":"message")"), "app.import.validate_reply_import_data.create_at_missing.error"},
      {"TestImportValidateReplyImportData", "", reply(R"("user":"v","message":")" + rep("0", 16384) + R"(","create_at":2000)"), "app.import.validate_reply_import_data.message_length.error"},
      {"TestImportValidateReplyImportData", "", reply(R"("user":"v","message":"message","create_at":0)"), "app.import.validate_reply_import_data.create_at_zero.error"},

      // TestImportValidatePostImportData
      {"TestImportValidatePostImportData", "", post(kPostBase), nullptr},
      {"TestImportValidatePostImportData", "", post(R"("channel":"c","user":"u","message":"message","create_at":1000)"), "app.import.validate_post_import_data.team_missing.error"},
      {"TestImportValidatePostImportData", "", post(R"("team":"tm","user":"u","message":"message","create_at":1000)"), "app.import.validate_post_import_data.channel_missing.error"},
      {"TestImportValidatePostImportData", "", post(R"("team":"tm","channel":"c","message":"message","create_at":1000)"), "app.import.validate_post_import_data.user_missing.error"},
      {"TestImportValidatePostImportData", "", post(R"("team":"tm","channel":"c","user":"u","create_at":1000)"), "app.import.validate_post_import_data.message_missing.error"},
      {"TestImportValidatePostImportData", "", post(R"("team":"tm","channel":"c","user":"u","message":"message")"), "app.import.validate_post_import_data.create_at_missing.error"},
      {"TestImportValidatePostImportData", "", post(R"("team":"tm","channel":"c","user":"u","message":")" + rep("0", 16384) + R"(","create_at":1000)"), "app.import.validate_post_import_data.message_length.error"},
      {"TestImportValidatePostImportData", "", post(R"("team":"tm","channel":"c","user":"u","message":"message","create_at":0)"), "app.import.validate_post_import_data.create_at_zero.error"},
      {"TestImportValidatePostImportData", "", post_with(R"("reactions":[{"user":"u","emoji_name":"smile","create_at":1002}],"replies":[{"user":"u","message":"message","create_at":1001}])"), nullptr},
      {"TestImportValidatePostImportData", "", post_with(R"("props":{"attachment":")" + rep("a", 800000) + R"("})"), "app.import.validate_post_import_data.props_too_large.error"},

      // TestImportValidateDirectChannelImportData
      {"TestImportValidateDirectChannelImportData", kUserW, direct_channel(participants({"u", "v", "w"})), nullptr},
      {"TestImportValidateDirectChannelImportData", "", direct_channel(participants({"u", "v"}) + R"(,"header":"Channel Header Here")"), nullptr},
      {"TestImportValidateDirectChannelImportData", "", direct_channel(participants({"u", "v"}) + R"(,"header":")" + rep("abcdefghij ", 103) + "\""), "app.import.validate_direct_channel_import_data.header_length.error"},
      {"TestImportValidateDirectChannelImportData", "", direct_channel(participants({})), "app.import.validate_direct_channel_import_data.members_"},
      {"TestImportValidateDirectChannelImportData", "", direct_channel(participants({"u"})), "app.import.validate_direct_channel_import_data.members_too_few.error"},
      {"TestImportValidateDirectChannelImportData", "", direct_channel(participants({"u", "v", "a", "b", "c", "d", "e", "f", "g"})), "app.import.validate_direct_channel_import_data.members_too_many.error"},
      {"TestImportValidateDirectChannelImportData", "", direct_channel(participants({"u", "v"}) + R"(,"favorited_by":["u","w"])"), "app.import.validate_direct_channel_import_data.unknown_favoriter.error"},
      {"TestImportValidateDirectChannelImportData", "", direct_channel(participants({"u", "v"}) + R"(,"favorited_by":["u","v"])"), nullptr},

      // TestImportValidateDirectPostImportData
      {"TestImportValidateDirectPostImportData", "", direct_post(R"("channel_members":["u","v"],"user":"u","message":"message","create_at":1000)"), nullptr},
      {"TestImportValidateDirectPostImportData", "", direct_post(R"("user":"u","message":"message","create_at":1000)"), "app.import.validate_direct_post_import_data.channel_members_required.error"},
      {"TestImportValidateDirectPostImportData", "", direct_post(R"("channel_members":["u","v"],"message":"message","create_at":1000)"), "app.import.validate_direct_post_import_data.user_missing.error"},
      {"TestImportValidateDirectPostImportData", "", direct_post(R"("channel_members":["u","v"],"user":"u","create_at":1000)"), "app.import.validate_direct_post_import_data.message_missing.error"},
      {"TestImportValidateDirectPostImportData", "", direct_post(R"("channel_members":["u","v"],"user":"u","message":"message")"), "app.import.validate_direct_post_import_data.create_at_missing.error"},
      {"TestImportValidateDirectPostImportData", "", direct_post(R"("channel_members":[],"user":"u","message":"message","create_at":1000)"), "app.import.validate_direct_post_import_data.channel_members_"},
      {"TestImportValidateDirectPostImportData", "", direct_post(R"("channel_members":["u"],"user":"u","message":"message","create_at":1000)"), "app.import.validate_direct_post_import_data.channel_members_too_few.error"},
      {"TestImportValidateDirectPostImportData", "", direct_post(R"("channel_members":["u","v","a","b","c","d","e","f","g","h"],"user":"u","message":"message","create_at":1000)"), "app.import.validate_direct_post_import_data.channel_members_too_many.error"},
      {"TestImportValidateDirectPostImportData", kUserW, direct_post(R"("channel_members":["u","v","w"],"user":"u","message":"message","create_at":1000)"), nullptr},
      {"TestImportValidateDirectPostImportData", "", direct_post(R"("channel_members":["u","v"],"user":"u","message":")" + rep("0", 16384) + R"(","create_at":1000)"), "app.import.validate_direct_post_import_data.message_length.error"},
      {"TestImportValidateDirectPostImportData", "", direct_post(R"("channel_members":["u","v"],"user":"u","message":"message","create_at":0)"), "app.import.validate_direct_post_import_data.create_at_zero.error"},
      {"TestImportValidateDirectPostImportData", kUserW, direct_post(R"("channel_members":["u","v"],"flagged_by":["u","w"],"user":"u","message":"message","create_at":1000)"), "app.import.validate_direct_post_import_data.unknown_flagger.error"},
      {"TestImportValidateDirectPostImportData", "", direct_post(R"("channel_members":["u","v"],"flagged_by":["u","v"],"user":"u","message":"message","create_at":1000)"), nullptr},
      {"TestImportValidateDirectPostImportData", "", direct_post(R"("channel_members":["u","v"],"flagged_by":["u","v"],"user":"u","message":"message","create_at":1000,"reactions":[{"user":"u","emoji_name":"smile","create_at":1001}],"replies":[{"user":"u","message":"message","create_at":1001}])"), nullptr},

      // TestImportValidateEmojiImportData
      {"TestImportValidateEmojiImportData", "", R"({"type":"emoji","emoji":{"name":"parrot2","image":"/path/to/image"}})", nullptr},
      {"TestImportValidateEmojiImportData", "", R"({"type":"emoji","emoji":{"name":"smiley","image":"/path/to/image"}})", "model.emoji.system_emoji_name.app_error"},
      {"TestImportValidateEmojiImportData", "", R"({"type":"emoji","emoji":{"name":"","image":"/path/to/image"}})", "app.import.validate_emoji_import_data.name_missing.error"},
      {"TestImportValidateEmojiImportData", "", R"({"type":"emoji","emoji":{"name":"parrot2","image":""}})", "app.import.validate_emoji_import_data.image_missing.error"},
      {"TestImportValidateEmojiImportData", "", R"({"type":"emoji","emoji":{"name":"","image":""}})", "app.import.validate_emoji_import_data.name_missing.error"},
      {"TestImportValidateEmojiImportData", "", R"({"type":"emoji","emoji":{"image":"/path/to/image"}})", "app.import.validate_emoji_import_data.name_missing.error"},
      {"TestImportValidateEmojiImportData", "", R"({"type":"emoji","emoji":{"name":"parrot2"}})", "app.import.validate_emoji_import_data.image_missing.error"},
      {"TestImportValidateEmojiImportData", "", R"({"type":"emoji","emoji":{}})", "app.import.validate_emoji_import_data.name_missing.error"},

      // TestIsValidGuestRoles (team "t2" with its default town-square as the second team)
      {"TestIsValidGuestRoles", "", bob_with(R"("roles":"system_guest","teams":[{"name":"tm","roles":"team_guest","channels":[{"name":"c","roles":"channel_guest"}]}])"), nullptr},
      {"TestIsValidGuestRoles", kTeamT2, bob_with(R"("roles":"system_guest","teams":[{"name":"tm","roles":"team_guest","channels":[{"name":"c","roles":"channel_guest"}]},{"name":"t2","roles":"team_user","channels":[{"name":"town-square","roles":"channel_user"}]}])"), "app.import.validate_user_import_data.system_guest_missing_team_guest_roles.error"},
      {"TestIsValidGuestRoles", kTeamT2, bob_with(R"("roles":"system_guest","teams":[{"name":"tm","roles":"team_guest","channels":[{"name":"c","roles":"channel_guest"}]},{"name":"t2","roles":"team_user","channels":[]}])"), "app.import.validate_user_import_data.system_guest_missing_team_guest_roles.error"},
      // The test (an older boolean isValidGuestRoles) calls a system guest without teams invalid;
      // the newest validator (validateGuestRoles) checks guest roles only for a user with teams.
      // The newest code decides: valid.
      {"TestIsValidGuestRoles", "", bob_with(R"("roles":"system_guest")"), nullptr},
      {"TestIsValidGuestRoles", "", bob_with(R"("roles":"system_guest","teams":[{"name":"tm","roles":"team_user","channels":[{"name":"c","roles":"channel_guest"}]}])"), "app.import.validate_user_import_data.system_guest_missing_team_guest_roles.error"},
      {"TestIsValidGuestRoles", "", user(kBob), nullptr},
      {"TestIsValidGuestRoles", "", bob_with(R"("roles":"system_user","teams":[{"name":"tm","roles":"team_admin","channels":[{"name":"c","roles":"channel_admin"}]}])"), nullptr},
  };
  return kRows;
}

TEST(ServerConformance, ValidatorTestTable) {
  std::filesystem::path dir = std::filesystem::temp_directory_path() / ("mm-conformance-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir / "data");
  validate::ValidateOptions with_tree, without;
  with_tree.import_tree = std::make_shared<ImportTree>(dir.string());
  for (const Row& row : rows()) {
    const validate::ValidateOptions& options = row.with_tree ? with_tree : without;
    std::string text = std::string(kPreamble) + row.setup + row.line + "\n";
    uint64_t line = kPreambleLines + 1 + static_cast<uint64_t>(std::count(row.setup.begin(), row.setup.end(), '\n'));
    std::vector<std::string> errors, before;
    for (const Finding& f : validate_text(text, options)) {
      if (f.severity != Severity::kError) continue;
      (f.line == line ? errors : before).push_back(f.rule + " " + f.field);
    }
    std::string all;
    for (const std::string& e : errors) all += e + "; ";
    EXPECT_TRUE(before.empty()) << row.server_test << ": setup or preamble failed: " << before[0];
    if (!row.expected) {
      EXPECT_TRUE(errors.empty()) << row.server_test << ": expected valid: " << row.line << "\n  got: " << all;
    } else {
      bool found = false;
      for (const std::string& e : errors) found |= e.rfind(row.expected, 0) == 0;
      EXPECT_TRUE(found) << row.server_test << ": expected " << row.expected << ": " << row.line << "\n  got: " << all;
    }
  }
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace mm::test
