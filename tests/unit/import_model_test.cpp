// The import model's merge rules, each on hand-written lines: the traps of a two-phase merge
// (docs/import-model.md) as the importer resolves them.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tests/import_model/Instance.h"
#include "tests/unit/TestUtil.h"

namespace mm::model_import {
namespace {

const char* const kBase[] = {
    R"({"type":"version","version":1})",
    R"({"type":"team","team":{"name":"eng","display_name":"Eng","type":"O"}})",
    R"({"type":"channel","channel":{"team":"eng","name":"town-square","display_name":"Town Square","type":"O"}})",
    R"({"type":"channel","channel":{"team":"eng","name":"dev","display_name":"Dev","type":"O","header":"h1"}})",
    R"({"type":"channel","channel":{"team":"eng","name":"ops","display_name":"Ops","type":"P"}})",
    R"({"type":"user","user":{"username":"alice","email":"alice@x.com","teams":[{"name":"eng","roles":"team_user","channels":[{"name":"dev","roles":"channel_user"}]}]}})",
    R"({"type":"user","user":{"username":"bob","email":"bob@x.com","password":"secret-pass","teams":[{"name":"eng","channels":[{"name":"dev"}]}]}})",
};

void import_lines(Instance& in, const std::vector<std::string>& lines, const std::string& file = "f.jsonl") {
  uint64_t n = 0;
  for (const auto& l : lines) in.import_line(l, file, ++n);
}

Instance base() {
  Instance in;
  import_lines(in, std::vector<std::string>(std::begin(kBase), std::end(kBase)));
  EXPECT_TRUE(in.errors().empty()) << in.errors().front();
  return in;
}

const std::string kPost =
    R"({"type":"post","post":{"team":"eng","channel":"dev","user":"alice","message":"hello","create_at":1000,"reactions":[{"user":"bob","emoji_name":"tada","create_at":1001}],"replies":[{"user":"bob","message":"hi","create_at":1002}],"attachments":[{"path":"a/b/one.png"}]}})";

TEST(ImportModel, UnchangedPostReimportedIsTheSamePost) {
  Instance in = base();
  import_lines(in, {kPost, kPost});
  const auto* posts = in.posts("eng/dev");
  ASSERT_NE(posts, nullptr);
  EXPECT_EQ(posts->size(), 1u);
  EXPECT_EQ(posts->begin()->second.replies.size(), 1u);
  EXPECT_EQ(in.summary().duplicated_posts, 0u);
  EXPECT_EQ(in.summary().updated_posts, 1u);
}

TEST(ImportModel, EditedMessageIsASecondPost) {
  Instance in = base();
  std::string edited = kPost;
  edited.replace(edited.find("\"hello\""), 7, "\"hello (edited)\"");
  import_lines(in, {kPost, edited});
  EXPECT_EQ(in.posts("eng/dev")->size(), 2u);
  EXPECT_EQ(in.summary().duplicated_posts, 1u);
}

TEST(ImportModel, NewReplyToAnOldPostHangsOnTheExistingPost) {
  Instance in = base();
  std::string more = kPost;
  more.replace(more.find("]"  R"(,"attachments")"), 1, R"(,{"user":"alice","message":"later","create_at":5000}])");
  import_lines(in, {kPost, more});
  ASSERT_EQ(in.posts("eng/dev")->size(), 1u);
  const Post& p = in.posts("eng/dev")->begin()->second;
  ASSERT_EQ(p.replies.size(), 2u);
  EXPECT_EQ(p.replies[1].message, "later");
  EXPECT_EQ(in.summary().duplicated_posts, 0u);
}

TEST(ImportModel, ReplyToAnEditedPostHangsOnTheCopy) {
  Instance in = base();
  import_lines(in, {kPost, R"({"type":"post","post":{"team":"eng","channel":"dev","user":"alice","message":"hello!","create_at":1000,"replies":[{"user":"bob","message":"new","create_at":6000}]}})"});
  const auto* posts = in.posts("eng/dev");
  ASSERT_EQ(posts->size(), 2u);
  for (const auto& [_, p] : *posts) EXPECT_EQ(p.replies.size(), 1u) << p.message;
}

TEST(ImportModel, ReactionsAreMergedAttachmentsReplaced) {
  Instance in = base();
  std::string again = kPost;
  again.replace(again.find(R"({"user":"bob","emoji_name":"tada")"), 0, R"({"user":"alice","emoji_name":"eyes","create_at":1003},)");
  again.replace(again.find("one.png"), 7, "two.png");
  import_lines(in, {kPost, again, R"({"type":"post","post":{"team":"eng","channel":"dev","user":"alice","message":"hello","create_at":1000,"reactions":[]}})"});
  const Post& p = in.posts("eng/dev")->begin()->second;
  EXPECT_EQ(p.reactions.size(), 2u);  // never removed
  // The last line had no attachments: the importer keeps none.
  EXPECT_TRUE(p.attachments.empty());
  Instance in2 = base();
  import_lines(in2, {kPost, again});
  ASSERT_EQ(in2.posts("eng/dev")->begin()->second.attachments.size(), 1u);
  EXPECT_EQ(in2.posts("eng/dev")->begin()->second.attachments[0], "a/b/two.png");
}

TEST(ImportModel, DeletedPostIsStillThere) {
  Instance in = base();
  import_lines(in, {kPost});
  // A later export without the post: nothing to import, nothing removed.
  import_lines(in, {std::string(kBase[1]), std::string(kBase[3])});
  EXPECT_EQ(in.posts("eng/dev")->size(), 1u);
}

TEST(ImportModel, UserLineWithoutPasswordResetsAnExistingAccount) {
  Instance in = base();
  EXPECT_EQ(in.password_resets(), 0u);  // new accounts are not resets
  import_lines(in, {std::string(kBase[5])});  // alice: no password
  EXPECT_EQ(in.password_resets(), 1u);
  import_lines(in, {std::string(kBase[6])});  // bob: a password is set, not a reset
  EXPECT_EQ(in.password_resets(), 1u);
  import_lines(in, {R"({"type":"user","user":{"username":"bob","email":"bob@x.com","auth_service":"ldap","auth_data":"b1"}})"});
  EXPECT_EQ(in.password_resets(), 1u);
}

TEST(ImportModel, UserCreatedOnBothSidesBecomesOneAccount) {
  Instance in = base();
  import_lines(in, {R"({"type":"user","user":{"username":"jordan","email":"jordan@target.com"}})"});
  import_lines(in, {R"({"type":"user","user":{"username":"Jordan","email":"jordan@source.com"}})"});
  EXPECT_EQ(in.users().size(), 3u);
  EXPECT_EQ(in.users().at("jordan").email, "jordan@source.com");  // overwritten
  EXPECT_EQ(in.password_resets(), 1u);
  // An e-mail owned by another username is an error naming the line.
  import_lines(in, {R"({"type":"user","user":{"username":"carol","email":"alice@x.com"}})"}, "s.jsonl");
  ASSERT_EQ(in.errors().size(), 1u);
  EXPECT_NE(in.errors()[0].find("s.jsonl:1: "), std::string::npos);
  EXPECT_NE(in.errors()[0].find("belongs to user alice"), std::string::npos);
  EXPECT_EQ(in.users().count("carol"), 0u);
}

TEST(ImportModel, ArchivedChannelStaysArchived) {
  Instance in = base();
  import_lines(in, {R"({"type":"channel","channel":{"team":"eng","name":"dev","display_name":"Dev 2","type":"O","deleted_at":777}})"});
  EXPECT_EQ(in.channels().at("eng/dev").deleted_at, 777);
  EXPECT_EQ(in.channels().at("eng/dev").display_name, "Dev 2");
  EXPECT_EQ(in.channels().at("eng/dev").header, "h1");  // absent: kept
  import_lines(in, {std::string(kBase[3])});           // deleted_at absent: not restored
  EXPECT_EQ(in.channels().at("eng/dev").deleted_at, 777);
  EXPECT_EQ(in.summary().archived_channels, 1u);
}

TEST(ImportModel, MembershipsAreAddedNeverRemoved) {
  Instance in = base();
  import_lines(in, {R"({"type":"user","user":{"username":"alice","email":"alice@x.com","teams":[{"name":"eng","channels":[{"name":"ops"}]}]}})"});
  const auto& chans = in.users().at("alice").teams.at("eng").channels;
  EXPECT_EQ(chans.count("dev"), 1u);  // not in the line, kept
  EXPECT_EQ(chans.count("ops"), 1u);  // added
  EXPECT_EQ(chans.count("town-square"), 1u);  // non-guests always get town-square
}

TEST(ImportModel, MembershipScriptAddsPlainMembers) {
  Instance in = base();
  import_lines(in, {R"({"type":"team","team":{"name":"ops","display_name":"Ops","type":"O"}})",
                    R"({"type":"channel","channel":{"team":"ops","name":"town-square","display_name":"T","type":"O"}})"});
  test::TempDir dir;
  std::string script = dir.file("out.jsonl.memberships.sh");
  test::write_file(script,
                   "#!/bin/sh\nfailed=0\n"
                   "mmctl team users add -- 'ops' 'Bob' || failed=$((failed + 1))\n"
                   "mmctl channel users add -- 'eng:ops' 'bob' || failed=$((failed + 1))\n"
                   "mmctl channel users add -- 'ops:nope' 'bob' || failed=$((failed + 1))\n"
                   "mmctl team users add -- 'o'\\''ps' 'bob' || failed=$((failed + 1))\n"
                   "mmctl team users add -- 'ops' 'zed' || failed=$((failed + 1))\n"
                   "echo \"$failed failed\"\n");
  in.import_file(script);
  const auto& teams = in.users().at("bob").teams;
  ASSERT_EQ(teams.count("ops"), 1u);
  EXPECT_EQ(teams.at("ops").roles, "team_user");
  EXPECT_EQ(teams.at("ops").channels.at("town-square"), "channel_user");  // joining a team joins it
  EXPECT_EQ(teams.at("eng").channels.at("ops"), "channel_user");
  ASSERT_EQ(in.errors().size(), 3u);
  EXPECT_NE(in.errors()[0].find("out.jsonl.memberships.sh:5: channel \"nope\" of team \"ops\" not found"), std::string::npos)
      << in.errors()[0];
  EXPECT_NE(in.errors()[1].find(":6: team \"o'ps\" not found"), std::string::npos) << in.errors()[1];
  EXPECT_NE(in.errors()[2].find(":7: user \"zed\" not found"), std::string::npos) << in.errors()[2];
}

TEST(ImportModel, MissingReferencesAreErrors) {
  Instance in = base();
  import_lines(in, {R"({"type":"post","post":{"team":"eng","channel":"nope","user":"alice","message":"x","create_at":5}})",
                    R"({"type":"post","post":{"team":"eng","channel":"dev","user":"zed","message":"x","create_at":5}})",
                    R"({"type":"channel","channel":{"team":"other","name":"c","type":"O"}})"});
  ASSERT_EQ(in.errors().size(), 3u);
  EXPECT_NE(in.errors()[0].find("f.jsonl:1: post: channel \"nope\""), std::string::npos);
  EXPECT_NE(in.errors()[1].find("f.jsonl:2: post: user \"zed\""), std::string::npos);
  EXPECT_NE(in.errors()[2].find("f.jsonl:3: channel c: team \"other\" not found"), std::string::npos);
}

TEST(ImportModel, DirectChannelsByMemberSetEmojiByName) {
  Instance in = base();
  import_lines(in, {R"({"type":"direct_channel","direct_channel":{"members":["bob","alice"]}})",
                    R"({"type":"direct_post","direct_post":{"channel_members":["alice","bob"],"user":"bob","message":"m","create_at":9}})",
                    R"({"type":"direct_post","direct_post":{"channel_members":["bob","alice"],"user":"bob","message":"m","create_at":9}})",
                    R"({"type":"emoji","emoji":{"name":"party","image":"emoji/1/image"}})",
                    R"({"type":"emoji","emoji":{"name":"party","image":"emoji/2/image"}})"});
  EXPECT_TRUE(in.errors().empty());
  ASSERT_NE(in.posts("@alice,bob"), nullptr);
  EXPECT_EQ(in.posts("@alice,bob")->size(), 1u);
  EXPECT_EQ(in.emoji().at("party"), "emoji/2/image");
  EXPECT_EQ(in.summary().direct_channels, 1u);
}

TEST(ImportModel, ExportImportsToTheSameInstance) {
  Instance in = base();
  import_lines(in, {kPost, R"({"type":"direct_post","direct_post":{"channel_members":["alice","bob"],"user":"bob","message":"m","create_at":9}})"});
  std::string out = in.export_jsonl();
  Instance again;
  size_t start = 0;
  uint64_t n = 0;
  while (start < out.size()) {
    size_t nl = out.find('\n', start);
    again.import_line(std::string_view(out).substr(start, nl - start), "export", ++n);
    start = nl + 1;
  }
  EXPECT_TRUE(again.errors().empty());
  EXPECT_TRUE(in.diff(again, {}).empty());
  // and a difference is found
  again.import_line(R"({"type":"post","post":{"team":"eng","channel":"dev","user":"alice","message":"hello!","create_at":1000}})", "x", 1);
  std::vector<std::string> d = in.diff(again, {});
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].rfind("~ post eng/dev alice 1000", 0), 0u);
  Ignore ig;
  ig.edited.insert(post_key("eng/dev", "alice", 1000));
  EXPECT_EQ(in.diff(again, ig).size(), 1u);  // still two posts against one: a duplicate is never ignored
}

}  // namespace
}  // namespace mm::model_import
