#include "tools/gen-synthetic/TextGenerator.h"

#include <cstdio>
#include <string_view>

#include "tools/gen-synthetic/Vocabulary.h"

namespace mm::gen {

size_t rune_count(const std::string& s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

namespace {

constexpr std::string_view kShortReplies[] = {
    "ok", "thanks!", "lgtm", "+1", "on it", "done ✅", "👍", "ありがとうございます！", "will do", "nice!",
    "sounds good", "agreed", "yes", "no", "brb", "looking", "merged", "same here", "了解です", "🙏"};

constexpr std::string_view kEscapes[] = {
    "He said \"ship it\" and left", "path C:\\temp\\new\\file.txt", "tab\tseparated\tvalues",
    "<script>alert(1)</script> & co", "bell\x07" "char", "carriage\rreturn", "emoji 🎉 and ZWJ 👩‍💻",
    "line\u2028separator", "nul-ish \x01\x1f controls", "json {\"key\": [1, 2]} inline"};

void append_capitalized(std::string& out, std::string_view word) {
  size_t start = out.size();
  out += word;
  if (out[start] >= 'a' && out[start] <= 'z') out[start] = static_cast<char>(out[start] - 32);
}

void append_words(Rng& rng, std::string& out, unsigned count) {
  for (unsigned i = 0; i < count; ++i) {
    if (i) out += ' ';
    out += rng.pick(vocab::kWords);
  }
}

}  // namespace

TextGenerator::TextGenerator(const Export& e, const MentionTargets* mentions) : e_(e), mentions_(mentions) {
  for (const Emoji& m : e.emoji) emoji_names_.push_back(m.name);
  for (std::string_view s : vocab::kSystemEmoji) emoji_names_.emplace_back(s);
}

uint32_t TextGenerator::pick_user(Rng& rng) const {
  if (mentions_ && !mentions_->users.empty() && rng.chance(0.2)) return rng.pick(mentions_->users);
  return static_cast<uint32_t>(rng.below(e_.users.size()));
}

void TextGenerator::user_mention(Rng& rng, std::string& out, MessageMarks& marks) const {
  uint32_t u = pick_user(rng);
  const std::string& name = e_.users[u].username;
  int32_t slot = mentions_ ? mentions_->user_slot[u] : -1;
  uint64_t variant = rng.below(10);
  switch (variant) {
    case 0: out += "`@" + name + "`"; return;                        // inline code
    case 1: out += name + "@example.com"; return;                    // e-mail address
    case 2: out += "https://chat.example.com/@" + name; return;      // inside a URL
    case 3: out += "@" + name + "zz"; return;                        // a longer name
    case 4: out += "@" + name + "."; break;
    case 5: out += "@" + name + ","; break;
    case 6: append_capitalized(out += "@", name); break;  // case-insensitive
    case 7: out += "(@" + name + ")"; break;
    default: out += "@" + name; break;
  }
  if (slot >= 0) marks.users.push_back(slot);
}

void TextGenerator::channel_mention(Rng& rng, uint32_t team, std::string& out, MessageMarks& marks) const {
  uint32_t c;
  if (team == kNoTeam) c = static_cast<uint32_t>(rng.below(e_.channels.size()));
  else c = rng.pick(e_.teams[team].channels);
  const std::string& name = e_.channels[c].name;
  switch (rng.below(8)) {
    case 0: out += "`~" + name + "`"; return;
    case 1: out += "https://wiki.example.com/~" + name; return;
    case 2: out += "~" + name + "."; break;
    default: out += "~" + name; break;
  }
  if (team != kNoTeam && mentions_ && mentions_->channel_slot[c] >= 0) marks.channels.push_back(mentions_->channel_slot[c]);
}

void TextGenerator::special(Rng& rng, uint32_t team, std::string& out, MessageMarks& marks) const {
  uint64_t r = rng.below(100);
  if (r < 30) {
    user_mention(rng, out, marks);
  } else if (r < 42) {
    channel_mention(rng, team, out, marks);
  } else if (r < 57) {
    out += ':';
    out += rng.pick(emoji_names_);
    out += ':';
  } else if (r < 64) {
    out += rng.pick(vocab::kUrls);
  } else if (r < 68) {
    out += '[';
    append_words(rng, out, 2);
    out += "](";
    out += rng.pick(vocab::kUrls);
    out += ')';
  } else if (r < 71) {
    const std::string& team_name = e_.teams[team == kNoTeam ? rng.below(e_.teams.size()) : team].name;
    out += "https://chat.example.com/" + team_name + "/pl/";
    append_id(out, rng);
    marks.permalink = true;
  } else if (r < 79) {
    out += '`';
    out += rng.chance(0.5) ? rng.pick(vocab::kWords) : std::string_view("make -j2 test");
    out += '`';
  } else if (r < 87) {
    std::string_view mark = rng.chance(0.5) ? "**" : "_";
    out += mark;
    out += rng.pick(vocab::kWords);
    out += mark;
  } else if (r < 93) {
    out += rng.pick(kEscapes);
  } else {
    out += rng.pick(vocab::kFirstNames);
    out += '.';
    out += rng.pick(vocab::kLastNames);
    out += "@mail.example.org";
  }
}

void TextGenerator::sentence(Rng& rng, uint32_t team, std::string& out, MessageMarks& marks) const {
  unsigned words = 3 + rng.geometric(0.85, 40);
  for (unsigned i = 0; i < words; ++i) {
    if (i) out += ' ';
    if (rng.chance(0.07)) {
      special(rng, team, out, marks);
    } else if (i == 0) {
      append_capitalized(out, rng.pick(vocab::kWords));
    } else {
      out += rng.pick(vocab::kWords);
    }
  }
  static constexpr std::string_view kEnds[] = {".", ".", ".", "!", "?", "", " :)"};
  out += rng.pick(kEnds);
}

void TextGenerator::code_block(Rng& rng, std::string& out) const {
  out += "```";
  out += rng.pick(vocab::kCodeLanguages);
  out += '\n';
  unsigned lines = 2 + rng.geometric(0.8, 30);
  for (unsigned i = 0; i < lines; ++i) {
    if (rng.chance(0.1)) {  // mentions inside fenced code are not mentions
      out += "# ask @" + e_.users[pick_user(rng)].username + " about ~" + e_.channels[rng.below(e_.channels.size())].name;
    } else {
      out += rng.pick(vocab::kCodeLines);
    }
    out += '\n';
  }
  out += "```";
}

void TextGenerator::log_paste(Rng& rng, std::string& out) const {
  static constexpr std::string_view kPaths[] = {"/api/v4/posts", "/api/v4/users/me", "/api/v4/channels", "/healthz"};
  out += "```\n";
  unsigned lines = static_cast<unsigned>(rng.log_uniform(5, 120));
  for (unsigned i = 0; i < lines; ++i) {
    char stamp[64];
    std::snprintf(stamp, sizeof stamp, "2024-%02u-%02uT%02u:%02u:%02u.%03uZ ", unsigned(1 + rng.below(12)),
                  unsigned(1 + rng.below(28)), unsigned(rng.below(24)), unsigned(rng.below(60)),
                  unsigned(rng.below(60)), unsigned(rng.below(1000)));
    out += stamp;
    out += rng.pick(vocab::kLogLevels);
    out += " [worker-" + std::to_string(rng.below(8)) + "] request finished status=";
    out += std::to_string(rng.chance(0.8) ? 200 : 502);
    out += " latency_ms=" + std::to_string(rng.log_uniform(1, 30000)) + " path=";
    out += rng.pick(kPaths);
    out += '\n';
  }
  out += "```";
}

void TextGenerator::segment(Rng& rng, uint32_t team, bool reply, std::string& out, MessageMarks& marks) const {
  uint64_t r = rng.below(100);
  if (r < 58) {
    unsigned sentences = 1 + rng.geometric(0.35, 5);
    for (unsigned i = 0; i < sentences; ++i) {
      if (i) out += ' ';
      sentence(rng, team, out, marks);
    }
  } else if (r < 66) {
    out += rng.pick(vocab::kJapaneseSentences);
    if (rng.chance(0.5)) out += rng.pick(vocab::kJapaneseSentences);
  } else if (r < 71) {
    out += rng.pick(vocab::kOtherSentences);
  } else if (r < 78) {
    unsigned items = 2 + rng.geometric(0.5, 6);
    bool numbered = rng.chance(0.3);
    for (unsigned i = 0; i < items; ++i) {
      if (i) out += '\n';
      out += numbered ? std::to_string(i + 1) + ". " : "- ";
      sentence(rng, team, out, marks);
    }
  } else if (r < 82) {
    out += "> ";
    sentence(rng, team, out, marks);
  } else if (r < 85) {
    out += "### ";
    append_words(rng, out, 2 + static_cast<unsigned>(rng.below(4)));
  } else if (r < 92) {
    code_block(rng, out);
  } else if (r < 94) {
    out += "| Step | Status |\n|---|---|\n| build | ✅ |\n| deploy | ";
    out += rng.chance(0.5) ? "❌" : "⏳";
    out += " |";
  } else if (r < 95 && !reply) {
    log_paste(rng, out);
  } else {
    sentence(rng, team, out, marks);
  }
}

void TextGenerator::message(Rng& rng, uint32_t team, bool reply, std::string& out, MessageMarks& marks) const {
  marks.clear();
  if (rng.chance(reply ? 0.4 : 0.25)) {
    out += rng.pick(kShortReplies);
    if (rng.chance(0.3)) {
      out += ' ';
      special(rng, team, out, marks);
    }
    return;
  }
  unsigned segments = 1 + rng.geometric(reply ? 0.2 : 0.45, 12);
  std::string part;
  MessageMarks part_marks;
  size_t runes = 0;
  for (unsigned i = 0; i < segments; ++i) {
    part.clear();
    part_marks.clear();
    segment(rng, team, reply, part, part_marks);
    size_t part_runes = rune_count(part) + 2;
    if (runes + part_runes > kMaxMessageRunes) break;  // whole segments only: no cut mention
    if (i) out += rng.chance(0.6) ? "\n" : "\n\n";
    out += part;
    runes += part_runes;
    marks.users.insert(marks.users.end(), part_marks.users.begin(), part_marks.users.end());
    marks.channels.insert(marks.channels.end(), part_marks.channels.begin(), part_marks.channels.end());
    marks.permalink |= part_marks.permalink;
  }
  if (runes == 0) out += "ok";
}

}  // namespace mm::gen
