// File-level rules (docs/bulk-format.md §3): definitions before references, duplicates, the target export and
// the import path; through the tracker directly and through the whole pipeline.
#include <gtest/gtest.h>

#include <filesystem>

#include "TestUtil.h"
#include "ValidateTestUtil.h"
#include "commands/ValidateJob.h"

namespace mm::test {
namespace {

using V = std::vector<std::string>;

V summary(const std::vector<Finding>& findings) {
  V out;
  for (const Finding& f : findings)
    out.push_back(std::to_string(f.line) + " " + f.type + (f.field.empty() ? "" : "." + f.field) + " " + f.rule);
  return out;
}

const std::string kFile =
    R"({"type":"version","version":1})" "\n"                                                      // 1
    R"({"type":"team","team":{"name":"tm","display_name":"T","type":"O"}})" "\n"                  // 2
    R"({"type":"channel","channel":{"team":"tm","name":"c","type":"O"}})" "\n"                    // 3
    R"({"type":"channel","channel":{"team":"other","name":"d","type":"O"}})" "\n"                 // 4
    R"({"type":"user","user":{"username":"u","email":"u@x.org","teams":[{"name":"tm","channels":[{"name":"c"},{"name":"late"}]}]}})" "\n"  // 5
    R"({"type":"post","post":{"team":"tm","channel":"c","user":"later","message":"m","create_at":1,"reactions":[{"user":"u","emoji_name":"x","create_at":1}]}})" "\n"  // 6
    R"({"type":"user","user":{"username":"later","email":"l@x.org"}})" "\n"                       // 7
    R"({"type":"channel","channel":{"team":"tm","name":"late","type":"O"}})" "\n"                 // 8
    R"({"type":"team","team":{"name":"TM","display_name":"T2","type":"O"}})" "\n"                 // 9
    R"({"type":"post","post":{"team":"tm","channel":"late","user":"later","message":"m","create_at":1}})" "\n"  // 10
    R"({"type":"user","user":{"username":"U","email":"u2@x.org"}})" "\n"                          // 11
    R"({"type":"post","post":{"team":"nope","channel":"c","user":"u","message":"m","create_at":1}})" "\n";  // 12

const V kExpected = {
    "4 channel.team app.import.import_channel.team_not_found.error",
    "5 user.teams[0].channels[1].name app.import.import_user_channels.channel_not_found.error",
    "6 post.user app.import.get_users_by_username.some_users_not_found.error",
    "9 team.name mattermerge.duplicate_definition",
    "11 user.username mattermerge.duplicate_definition",
    "12 post.team app.import.get_teams_by_names.some_teams_not_found.error",
};

TEST(ValidateFile, DefinitionsMustComeFirstOneChunk) { EXPECT_EQ(summary(validate_text(kFile)), kExpected); }

TEST(ValidateFile, DefinitionsMustComeFirstChunkPerLine) {
  EXPECT_EQ(summary(validate_text(kFile, {}, true)), kExpected);
}

TEST(ValidateFile, DuplicateMessageNamesTheFirstLine) {
  auto f = validate_text(kFile);
  ASSERT_EQ(f.size(), kExpected.size());
  EXPECT_EQ(f[3].message, "team \"TM\" is defined again (first at line 2)");
  EXPECT_EQ(f[2].message, "user \"later\" is not defined before line 6");
}

TEST(ValidateFile, ThroughThePipelineWithSmallChunks) {
  TempDir dir;
  write_file(dir.file("e.jsonl"), kFile);
  RunOptions run;
  run.chunk_size = 64;  // a chunk per line or two: the parallel lookups and the serial path
  run.tokens = 4;
  ValidateReport r = run_validate(dir.file("e.jsonl"), {}, run);
  EXPECT_EQ(summary(r.findings), kExpected);
  EXPECT_EQ(r.lines, 12u);
  EXPECT_EQ(r.errors, 6u);
  EXPECT_FALSE(r.valid());
  EXPECT_EQ(r.errors_by_rule.at("mattermerge.duplicate_definition"), 2u);
  EXPECT_EQ(r.counts[static_cast<size_t>(LineType::kPost)], 3u);
  ValidateRunOptions capped;
  capped.max_findings = 2;
  r = run_validate(dir.file("e.jsonl"), capped, run);
  EXPECT_EQ(r.findings.size(), 2u);
  EXPECT_EQ(r.errors, 6u);
  EXPECT_TRUE(r.truncated());
}

TEST(ValidateFile, ALineThatFailsToDecodeStillDefinesItsName) {
  std::string text = std::string(kPreamble) +
                     R"({"type":"user","user":{"username":"w","email":"w@x.org","delete_at":"0"}})" "\n"
                     R"({"type":"post","post":{"team":"tm","channel":"c","user":"w","message":"m","create_at":1}})" "\n";
  EXPECT_EQ(summary(validate_text(text)), V{"6 user.delete_at app.import.bulk_import.json_decode.error"});
}

TEST(ValidateFile, EmptyFileHasNoVersionLine) {
  TempDir dir;
  write_file(dir.file("e.jsonl"), "");
  ValidateReport r = run_validate(dir.file("e.jsonl"), {}, {});
  EXPECT_EQ(summary(r.findings), V{"1 line app.import.process_import_data_file_version_line.invalid_version.error"});
}

TEST(ValidateFile, TargetDefinitionsResolveAndArchivedChannelsFail) {
  TempDir dir;
  write_file(dir.file("target.jsonl"),
             R"({"type":"version","version":1})" "\n"
             R"({"type":"team","team":{"name":"shared","display_name":"S","type":"O"}})" "\n"
             R"({"type":"channel","channel":{"team":"shared","name":"live","type":"O","deleted_at":0}})" "\n"
             R"({"type":"channel","channel":{"team":"shared","name":"old","type":"O","deleted_at":1600000000000}})" "\n"
             R"({"type":"user","user":{"username":"tuser","email":"t@x.org"}})" "\n"
             R"({"type":"post","post":{"team":"shared","channel":"live","user":"nobody","message":"m","create_at":1}})" "\n");
  write_file(dir.file("source.jsonl"),
             R"({"type":"version","version":1})" "\n"
             R"({"type":"user","user":{"username":"s","email":"s@x.org","teams":[{"name":"shared","channels":[{"name":"live"},{"name":"old"}]}]}})" "\n"
             R"({"type":"post","post":{"team":"shared","channel":"live","user":"tuser","message":"m","create_at":1}})" "\n"
             R"({"type":"post","post":{"team":"shared","channel":"old","user":"s","message":"m","create_at":1}})" "\n"
             R"({"type":"post","post":{"team":"shared","channel":"gone","user":"s","message":"m","create_at":1}})" "\n");
  ValidateRunOptions options;
  options.target = dir.file("target.jsonl");
  ValidateReport r = run_validate(dir.file("source.jsonl"), options, {});
  EXPECT_EQ(summary(r.findings), (V{"2 user.teams[0].channels[1].name mattermerge.reference.archived_channel",
                                    "4 post.channel mattermerge.reference.archived_channel",
                                    "5 post.channel app.import.import_post.channel_not_found.error"}));
  EXPECT_EQ(r.findings[2].message, "channel \"gone\" is not defined before line 5 nor in the target");
  EXPECT_EQ(r.target_lines, 6u);
  // Without the target, nothing resolves.
  r = run_validate(dir.file("source.jsonl"), {}, {});
  EXPECT_EQ(r.errors, 5u);  // the team, then tuser; channels of an unknown team are not repeated
}

TEST(ValidateFile, ImportPathFilesMustExist) {
  TempDir dir;
  std::filesystem::create_directories(dir.file("data/a"));
  std::filesystem::create_directories(dir.file("data/emoji/e1"));
  std::filesystem::create_directories(dir.file("data/dir.png"));
  write_file(dir.file("data/a/f.png"), "x");
  write_file(dir.file("data/emoji/e1/image"), "x");
  validate::ValidateOptions options;
  options.import_tree = std::make_shared<ImportTree>(dir.path());
  std::string text = std::string(kPreamble) +
      R"({"type":"post","post":{"team":"tm","channel":"c","user":"u","message":"m","create_at":1,"attachments":[{"path":"a/f.png"},{"path":"/a/f.png"},{"path":"a/missing.png"},{"path":"dir.png"}],"replies":[{"user":"u","message":"r","create_at":2,"attachments":[{"path":"b/x.png"}]}]}})" "\n"
      R"({"type":"emoji","emoji":{"name":"mm_one","image":"emoji/e1/image"}})" "\n"
      R"({"type":"emoji","emoji":{"name":"mm_two","image":"emoji/e2/image"}})" "\n"
      R"({"type":"user","user":{"username":"p","email":"p@x.org","profile_image":"users/p/profile.png"}})" "\n";
  EXPECT_EQ(summary(validate_text(text, options)),
            (V{"6 post.replies[0].attachments[0].path mattermerge.attachment.missing",  // the server's order
               "6 post.attachments[2].path mattermerge.attachment.missing",
               "6 post.attachments[3].path mattermerge.attachment.missing",
               "8 emoji.image app.import.emoji.bad_file.error",
               "9 user.profile_image app.import.validate_user_import_data.profile_image.error"}));
  // Without an import path only the escapes are checked.
  EXPECT_EQ(validate_text(text).size(), 0u);
}

}  // namespace
}  // namespace mm::test
