#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "stages/MentionScanner.h"

namespace mm {
namespace {

struct Fixture {
  NameMap users, channels, emoji;
  Fixture() {
    users.add("bob", "robert");
    users.add("Al.Ice", "alice2");  // keys are lower-cased
    users.add("x", "y");
    users.add("dash-", "dash2");
    channels.add("town-talk", "src-town-talk");
    channels.add("dev", "src-dev");
    emoji.add("party", "src-party");
    emoji.add("thumbs+up", "tu");
  }
  MentionMaps maps() const { return {&users, &channels, &emoji}; }
};

std::string rewrite(std::string_view text) {
  static const Fixture f;
  std::string out;
  size_t n = rewrite_mentions(text, f.maps(), out);
  if (n == 0) {
    EXPECT_TRUE(out.empty());
    return std::string(text);
  }
  return out;
}

// "kind:key@offset+size" for every match.
std::vector<std::string> matches(std::string_view text) {
  static const Fixture f;
  std::vector<std::string> out;
  find_mentions(text, f.maps(), [&](const MentionMatch& m) {
    const char* kind = m.kind == MentionKind::kUser ? "user" : m.kind == MentionKind::kChannel ? "channel" : "emoji";
    out.push_back(std::string(kind) + ":" + std::string(m.key) + "@" + std::to_string(m.begin) + "+" +
                  std::to_string(m.size));
  });
  return out;
}

using V = std::vector<std::string>;

TEST(MentionScanner, PlainMentionAtStartMiddleEnd) {
  EXPECT_EQ(rewrite("@bob"), "@robert");
  EXPECT_EQ(rewrite("hi @bob there"), "hi @robert there");
  EXPECT_EQ(rewrite("hi @bob"), "hi @robert");
  EXPECT_EQ(matches("hi @bob"), V{"user:bob@4+3"});
  EXPECT_EQ(rewrite("@bob @bob"), "@robert @robert");
}

TEST(MentionScanner, TrailingPunctuation) {
  EXPECT_EQ(rewrite("@bob."), "@robert.");
  EXPECT_EQ(rewrite("@bob,"), "@robert,");
  EXPECT_EQ(rewrite("@bob!"), "@robert!");
  EXPECT_EQ(rewrite("@bob..."), "@robert...");
  EXPECT_EQ(rewrite("@bob_"), "@robert_");
  EXPECT_EQ(rewrite("@bob-"), "@robert-");
  EXPECT_EQ(rewrite("@bob._-"), "@robert._-");
  EXPECT_EQ(rewrite("(@bob)"), "(@robert)");
  EXPECT_EQ(rewrite("@bob:"), "@robert:");
  EXPECT_EQ(matches("@bob."), V{"user:bob@1+3"});
  // A name that itself ends in punctuation matches whole before stripping.
  EXPECT_EQ(rewrite("@dash-"), "@dash2");
  EXPECT_EQ(rewrite("@dash--"), "@dash2-");
}

TEST(MentionScanner, LongerTokensDoNotMatch) {
  EXPECT_EQ(rewrite("@bobby"), "@bobby");
  EXPECT_EQ(rewrite("@bob.smith"), "@bob.smith");
  EXPECT_EQ(rewrite("@bob-smith"), "@bob-smith");
  EXPECT_EQ(rewrite("@bob_1"), "@bob_1");
  EXPECT_EQ(rewrite("@xbob"), "@xbob");
  EXPECT_TRUE(matches("@bobby @bob.smith").empty());
}

TEST(MentionScanner, CaseInsensitiveUsernames) {
  EXPECT_EQ(rewrite("@Bob"), "@robert");
  EXPECT_EQ(rewrite("@BOB."), "@robert.");
  EXPECT_EQ(rewrite("@al.ice"), "@alice2");
  EXPECT_EQ(rewrite("@AL.ICE"), "@alice2");
  EXPECT_EQ(matches("@AL.ICE"), V{"user:al.ice@1+6"});
}

TEST(MentionScanner, EmailAddressesAreNotMentions) {
  EXPECT_EQ(rewrite("bob@example.com"), "bob@example.com");
  EXPECT_EQ(rewrite("mail x@bob now"), "mail x@bob now");
  EXPECT_EQ(rewrite("a.@bob a-@bob a_@bob a+@bob 9@bob"), "a.@bob a-@bob a_@bob a+@bob 9@bob");
  // Other characters before '@' do not make an e-mail address.
  EXPECT_EQ(rewrite("(@bob) \"@bob\" '@bob' /@bob"), "(@robert) \"@robert\" '@robert' /@robert");
}

TEST(MentionScanner, BareSigns) {
  EXPECT_EQ(rewrite("@"), "@");
  EXPECT_EQ(rewrite("@ bob"), "@ bob");
  EXPECT_EQ(rewrite("@@bob"), "@@robert");  // the second '@' follows '@', not an e-mail char
  EXPECT_EQ(matches("@@bob"), V{"user:bob@2+3"});
  EXPECT_EQ(rewrite("~"), "~");
  EXPECT_EQ(rewrite(":"), ":");
  EXPECT_EQ(rewrite("::"), "::");
  EXPECT_EQ(rewrite(""), "");
}

TEST(MentionScanner, InlineCodeSpans) {
  EXPECT_EQ(rewrite("`@bob`"), "`@bob`");
  EXPECT_EQ(rewrite("see `@bob` and @bob"), "see `@bob` and @robert");
  EXPECT_EQ(rewrite("``a ` @bob``"), "``a ` @bob``");
  EXPECT_EQ(rewrite("``a `` @bob"), "``a `` @robert");
  // An unclosed backtick is literal.
  EXPECT_EQ(rewrite("it`s @bob"), "it`s @robert");
  EXPECT_EQ(rewrite("`x` `@bob"), "`x` `@robert");
  EXPECT_EQ(rewrite("`:party:` :party:"), "`:party:` :src-party:");
  EXPECT_EQ(rewrite("`~dev` ~dev"), "`~dev` ~src-dev");
}

TEST(MentionScanner, FencedCodeBlocks) {
  EXPECT_EQ(rewrite("```\n@bob\n```\n@bob"), "```\n@bob\n```\n@robert");
  EXPECT_EQ(rewrite("```go\nx := `@bob`\n@bob\n```"), "```go\nx := `@bob`\n@bob\n```");
  // Unclosed fence: code to the end.
  EXPECT_EQ(rewrite("@bob ```\n@bob"), "@robert ```\n@bob");
  // Closed by a run at least as long.
  EXPECT_EQ(rewrite("````\n```\n@bob\n````\n@bob"), "````\n```\n@bob\n````\n@robert");
  EXPECT_EQ(rewrite("```\n:party: ~dev\n``` :party:"), "```\n:party: ~dev\n``` :src-party:");
}

TEST(MentionScanner, Urls) {
  EXPECT_EQ(rewrite("https://x/@bob"), "https://x/@bob");
  EXPECT_EQ(rewrite("see https://x.org/u/@bob, and @bob"), "see https://x.org/u/@bob, and @robert");
  EXPECT_EQ(rewrite("@bob://x"), "@bob://x");
  EXPECT_EQ(rewrite("http://host/~dev"), "http://host/~dev");
  EXPECT_EQ(rewrite("x://\n@bob"), "x://\n@robert");
  EXPECT_EQ(rewrite("x://\t~dev"), "x://\t~src-dev");
  // Without "://" a slash is an ordinary neighbour.
  EXPECT_EQ(rewrite("x/@bob"), "x/@robert");
}

TEST(MentionScanner, MultibyteNeighbours) {
  EXPECT_EQ(rewrite("é@bob"), "é@robert");
  EXPECT_EQ(rewrite("@bobé"), "@roberté");
  EXPECT_EQ(rewrite("日本@bob語"), "日本@robert語");
  EXPECT_EQ(rewrite("😀@bob😀"), "😀@robert😀");
  EXPECT_EQ(matches("é@bob"), V{"user:bob@3+3"});
  EXPECT_EQ(rewrite("~dev…"), "~src-dev…");
  EXPECT_EQ(rewrite("é:party:é"), "é:src-party:é");
}

TEST(MentionScanner, Channels) {
  EXPECT_EQ(rewrite("~dev"), "~src-dev");
  EXPECT_EQ(rewrite("join ~town-talk now"), "join ~src-town-talk now");
  EXPECT_EQ(rewrite("~Town-Talk"), "~src-town-talk");
  EXPECT_EQ(rewrite("~dev."), "~src-dev.");
  EXPECT_EQ(rewrite("~dev, ~dev!"), "~src-dev, ~src-dev!");
  EXPECT_EQ(rewrite("~devops"), "~devops");
  EXPECT_EQ(rewrite("~dev-"), "~dev-");   // '-' is part of a channel name: no stripping
  EXPECT_EQ(rewrite("~dev_x"), "~dev_x");
  EXPECT_EQ(rewrite("~dev.x"), "~src-dev.x");  // '.' ends the token
  EXPECT_EQ(rewrite("a~dev"), "a~dev");        // after an e-mail character
  EXPECT_EQ(rewrite("~/dev"), "~/dev");
  EXPECT_EQ(matches("~town-talk"), V{"channel:town-talk@1+9"});
}

TEST(MentionScanner, Emoji) {
  EXPECT_EQ(rewrite(":party:"), ":src-party:");
  EXPECT_EQ(rewrite("yay :party::party:"), "yay :src-party::src-party:");
  EXPECT_EQ(rewrite(":PARTY:"), ":src-party:");
  EXPECT_EQ(rewrite(":thumbs+up:"), ":tu:");
  EXPECT_EQ(rewrite(":party"), ":party");
  EXPECT_EQ(rewrite("party:"), "party:");
  EXPECT_EQ(rewrite(":partyhat:"), ":partyhat:");
  EXPECT_EQ(rewrite(": party:"), ": party:");
  EXPECT_EQ(rewrite("10:30 :party:"), "10:30 :src-party:");
  EXPECT_EQ(rewrite("::party:"), "::src-party:");
  EXPECT_EQ(matches("a :party: b"), V{"emoji:party@3+5"});
}

TEST(MentionScanner, MixedKindsInOrder) {
  EXPECT_EQ(matches("@bob in ~dev :party: @x"),
            (V{"user:bob@1+3", "channel:dev@9+3", "emoji:party@14+5", "user:x@22+1"}));
  EXPECT_EQ(rewrite("@bob in ~dev :party: @x"), "@robert in ~src-dev :src-party: @y");
}

TEST(MentionScanner, MapsTurnKindsOff) {
  NameMap users;
  users.add("bob", "robert");
  MentionMaps only_users{&users, nullptr, nullptr};
  std::string out;
  EXPECT_EQ(rewrite_mentions("~dev :party: @bob", only_users, out), 1u);
  EXPECT_EQ(out, "~dev :party: @robert");
  MentionMaps none{};
  std::string untouched;
  EXPECT_EQ(rewrite_mentions("@bob", none, untouched), 0u);
  EXPECT_TRUE(untouched.empty());
  NameMap empty;
  EXPECT_FALSE(has_mentions("@bob", MentionMaps{&empty, &empty, &empty}));
}

TEST(MentionScanner, RewriteAppendsAndLeavesOutputAloneWhenNothingMatches) {
  Fixture f;
  std::string out = "prefix:";
  EXPECT_EQ(rewrite_mentions("hello @bobby", f.maps(), out), 0u);
  EXPECT_EQ(out, "prefix:");
  EXPECT_EQ(rewrite_mentions("hello @bob", f.maps(), out), 1u);
  EXPECT_EQ(out, "prefix:hello @robert");
  EXPECT_TRUE(has_mentions("x @bob", f.maps()));
  EXPECT_FALSE(has_mentions("x bob@bob.com `@bob`", f.maps()));
}

TEST(MentionScanner, CountingUseCaseNamesEachMatch) {
  // plan: which of a set of names a message mentions (replacements unused).
  NameMap names;
  names.add("bob");
  names.add("carol");
  std::vector<std::string> seen;
  find_mentions("@carol, @bob and @Bob. cc carol@x.org", MentionMaps{&names, nullptr, nullptr},
                [&](const MentionMatch& m) { seen.emplace_back(m.key); });
  EXPECT_EQ(seen, (V{"carol", "bob", "bob"}));
}

TEST(MentionScanner, VeryLongTokens) {
  std::string dots(300, '.');
  EXPECT_EQ(rewrite("@bob" + dots), "@robert" + dots);
  std::string long_name(200, 'a');
  EXPECT_EQ(rewrite("@" + long_name), "@" + long_name);
}

}  // namespace
}  // namespace mm

namespace mm {
namespace {

TEST(MentionScanner, SameMatchesAtEveryOffset) {
  // Plain text is skipped in 16-byte blocks: a mention must be found wherever it falls.
  const std::string tail = "@bob, ~dev and :party: but not `@bob` nor a@bob.com; @Al.Ice.";
  const std::string expected_tail = "@robert, ~src-dev and :src-party: but not `@bob` nor a@bob.com; @alice2.";
  for (size_t offset = 0; offset < 48; ++offset) {
    std::string pad(offset, 'w');
    for (size_t k = 0; k < offset; k += 7) pad[k] = ' ';
    if (offset) pad.back() = ' ';  // "w@bob" would be an e-mail, not a mention
    EXPECT_EQ(rewrite(pad + tail), pad + expected_tail) << offset;
    EXPECT_EQ(matches(pad + tail + pad).size(), 4u) << offset;
  }
}

}  // namespace
}  // namespace mm
