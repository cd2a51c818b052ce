#include <gtest/gtest.h>

#include "stages/AttachmentRefs.h"
#include "tests/unit/TestUtil.h"

namespace mm {
namespace {

struct Extracted {
  uint32_t lines;
  AttachmentRefs::Result result;
  Chunk chunk;
};

std::unique_ptr<Extracted> extract(const std::string& bytes) {
  auto e = std::make_unique<Extracted>();
  test::fill_chunk(e->chunk, bytes);
  simdjson::ondemand::parser parser;
  e->lines = AttachmentRefs().process(e->chunk, parser, e->result);
  return e;
}

std::vector<std::string> describe(const Extracted& e) {
  std::vector<std::string> out;
  for (const AttachmentReference& r : e.result.refs) {
    std::string_view line(e.chunk.data + r.line_begin, r.line_size);
    out.push_back(std::to_string(r.line) + " " + r.field() + " " + std::string(e.result.path(r)) + " " +
                  std::string(line.substr(r.value_begin, r.value_end - r.value_begin)));
  }
  return out;
}

TEST(AttachmentRefs, PostsRepliesDirectPostsAndEmoji) {
  auto e = extract(
      "{\"type\":\"version\",\"version\":1}\n"
      "{\"type\":\"post\",\"post\":{\"message\":\"m\",\"attachments\":[{\"path\":\"a/1.png\"},{\"path\":\"a\\/2 \\\"q\\\".jpg\"}],"
      "\"replies\":[{\"message\":\"r\"},{\"attachments\":[{\"path\":\"b/3.gif\"}]}]}}\n"
      "{\"type\":\"direct_post\",\"direct_post\":{\"attachments\":[{\"path\":null},{\"path\":\"\"},{\"path\":\"c/4.pdf\"}]}}\n"
      "{\"type\":\"emoji\",\"emoji\":{\"name\":\"e\",\"image\":\"emoji/x/image\"}}\n");
  EXPECT_EQ(e->lines, 4u);
  EXPECT_EQ(describe(*e), (std::vector<std::string>{
                              "1 post.attachments[0].path a/1.png \"a/1.png\"",
                              "1 post.attachments[1].path a/2 \"q\".jpg \"a\\/2 \\\"q\\\".jpg\"",
                              "1 post.replies[1].attachments[0].path b/3.gif \"b/3.gif\"",
                              "2 direct_post.attachments[2].path c/4.pdf \"c/4.pdf\"",
                              "3 emoji.image emoji/x/image \"emoji/x/image\"",
                          }));
  EXPECT_EQ(e->result.refs[0].kind, AttachmentRefKind::kAttachment);
  EXPECT_EQ(e->result.refs[4].kind, AttachmentRefKind::kEmojiImage);
  EXPECT_TRUE(e->result.findings.empty());
}

TEST(AttachmentRefs, KeysAsGoDecodesThem) {
  auto e = extract(
      // case-insensitive keys; the payload that matches "type" counts; the last duplicate wins
      "{\"post\":{\"Attachments\":[{\"PATH\":\"x.png\"}]},\"type\":\"post\",\"emoji\":{\"image\":\"no\"}}\n"
      "{\"type\":\"emoji\",\"post\":{\"attachments\":[{\"path\":\"no.png\"}]},\"emoji\":{\"image\":\"first\",\"image\":\"last\"}}\n"
      "{\"type\":\"post\",\"post\":{\"attachments\":[{\"path\":\"old.png\"}],\"attachments\":[{\"path\":\"new.png\"}]}}\n"
      "{\"type\":\"post\",\"post\":{\"attachments\":[{\"path\":\"gone.png\"}]},\"post\":{\"message\":\"x\"}}\n"
      "not json\n");
  EXPECT_EQ(describe(*e), (std::vector<std::string>{
                              "0 post.attachments[0].path x.png \"x.png\"",
                              "1 emoji.image last \"last\"",
                              "2 post.attachments[0].path new.png \"new.png\"",
                          }));
  ASSERT_EQ(e->result.findings.size(), 1u);
  EXPECT_EQ(e->result.findings[0].line, 4u);
}

TEST(AttachmentRefs, OffsetsAllowSplicing) {
  std::string line =
      "{\"type\":\"post\",\"post\":{\"attachments\":[ {\"path\":\"a.gif\"} , {\"path\":\"gone.png\"},{\"path\":\"b.png\"} ],"
      "\"replies\":[{\"attachments\":[{\"path\":\"c.png\"}]}]}}";
  auto e = extract(line + "\n");
  ASSERT_EQ(e->result.refs.size(), 4u);
  const auto& r = e->result.refs;
  std::string out;
  rewrite_attachment_line(line, {{r[0].value_begin, r[0].value_end, "a \"new\".jpg"}},
                          {{r[1].array_begin, r[1].element_begin}, {r[3].array_begin, r[3].element_begin}}, {}, out);
  EXPECT_EQ(out,  // the spaces of the array kept, with the comma before the removed element
            "{\"type\":\"post\",\"post\":{\"attachments\":[ {\"path\":\"a \\\"new\\\".jpg\"} ,{\"path\":\"b.png\"} ],"
            "\"replies\":[{\"attachments\":[]}]}}");
  out.clear();
  rewrite_attachment_line(line, {{r[2].value_begin, r[2].value_end, "b2.png"}}, {}, {}, out);
  EXPECT_EQ(out,
            "{\"type\":\"post\",\"post\":{\"attachments\":[ {\"path\":\"a.gif\"} , {\"path\":\"gone.png\"},{\"path\":\"b2.png\"} ],"
            "\"replies\":[{\"attachments\":[{\"path\":\"c.png\"}]}]}}");
  // Removing every element but the first, and then the first two.
  out.clear();
  rewrite_attachment_line(line, {}, {{r[1].array_begin, r[1].element_begin}, {r[2].array_begin, r[2].element_begin}}, {}, out);
  EXPECT_NE(out.find("\"attachments\":[ {\"path\":\"a.gif\"}  ],"), std::string::npos) << out;
  out.clear();
  rewrite_attachment_line(line, {}, {{r[0].array_begin, r[0].element_begin}, {r[1].array_begin, r[1].element_begin}}, {}, out);
  EXPECT_NE(out.find("\"attachments\":[  {\"path\":\"b.png\"} ],"), std::string::npos) << out;
}

TEST(AttachmentRefs, ProfileImagesOfUsersAndBots) {
  std::string text =
      "{\"type\":\"user\",\"user\":{\"username\":\"a\",\"profile_image\":\"users/a.png\",\"email\":\"a@x\"}}\n"
      "{\"type\":\"bot\",\"bot\":{\"profile_image\":\"bots/b.png\",\"username\":\"b\"}}\n"
      "{\"type\":\"user\",\"user\":{\"username\":\"c\",\"profile_image\":null}}\n"
      "{\"type\":\"team\",\"user\":{\"profile_image\":\"not-this.png\"}}\n";
  auto e = extract(text);
  const auto& r = e->result.refs;
  ASSERT_EQ(r.size(), 2u);
  EXPECT_EQ(r[0].kind, AttachmentRefKind::kProfileImage);
  EXPECT_EQ(r[0].field(), "user.profile_image");
  EXPECT_EQ(e->result.path(r[0]), "users/a.png");
  EXPECT_EQ(r[1].field(), "bot.profile_image");
  EXPECT_EQ(r[1].line, 1u);
  // The member can be removed from the line, with one comma.
  std::string line = text.substr(0, text.find('\n'));
  std::string out;
  rewrite_attachment_line(line, {}, {}, {{r[0].element_begin, r[0].value_end}}, out);
  EXPECT_EQ(out, "{\"type\":\"user\",\"user\":{\"username\":\"a\",\"email\":\"a@x\"}}");
  std::string bot = text.substr(text.find('\n') + 1);
  bot = bot.substr(0, bot.find('\n'));
  out.clear();
  rewrite_attachment_line(bot, {}, {}, {{r[1].element_begin, r[1].value_end}}, out);
  EXPECT_EQ(out, "{\"type\":\"bot\",\"bot\":{\"username\":\"b\"}}");
}

TEST(AttachmentRefs, InvalidUtf8IsReadAsTheImporterReadsIt) {
  // A bad byte in a string: the importer's encoding/json reads U+FFFD there; the references count,
  // with offsets in that reading, which is kept for splicing.
  std::string line = "{\"type\":\"post\",\"post\":{\"message\":\"caf\xe9\",\"attachments\":[{\"path\":\"a.png\"},"
                     "{\"path\":\"b\xff.png\"}]}}";
  auto e = extract("{\"type\":\"version\",\"version\":1}\n" + line + "\n");
  EXPECT_TRUE(e->result.findings.empty());
  const auto& r = e->result.refs;
  ASSERT_EQ(r.size(), 2u);
  EXPECT_EQ(e->result.path(r[0]), "a.png");
  EXPECT_EQ(e->result.path(r[1]), "b\xef\xbf\xbd.png");
  EXPECT_TRUE(r[0].as_read);
  EXPECT_EQ(r[0].line_size, line.size());  // the original line, for copying what is not rewritten
  std::string_view text = e->result.line_text(e->chunk, r[0]);
  EXPECT_EQ(text.size(), line.size() + 4);  // two bad bytes, three bytes each as U+FFFD
  std::string out;
  rewrite_attachment_line(text, {}, {{r[1].array_begin, r[1].element_begin}}, {}, out);
  EXPECT_EQ(out, "{\"type\":\"post\",\"post\":{\"message\":\"caf\xef\xbf\xbd\",\"attachments\":[{\"path\":\"a.png\"}]}}");
  // A line that is valid UTF-8 is read in place.
  auto plain = extract("{\"type\":\"post\",\"post\":{\"attachments\":[{\"path\":\"c.png\"}]}}\n");
  ASSERT_EQ(plain->result.refs.size(), 1u);
  EXPECT_FALSE(plain->result.refs[0].as_read);
  EXPECT_TRUE(plain->result.texts.empty());
}

TEST(AttachmentRefs, JsonValueEnd) {
  std::string_view t = R"({"a":[1,{"b":"x]}\"y"}],"c":2} tail)";
  EXPECT_EQ(json_value_end(t, 0), t.find(" tail"));
  EXPECT_EQ(json_value_end(t, 5), t.find(",\"c\""));
  EXPECT_EQ(json_value_end(t, t.find("2}")), t.find("} tail"));
}

}  // namespace
}  // namespace mm
