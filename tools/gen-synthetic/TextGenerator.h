// Workplace chat messages: short replies to multi-KB log pastes (long-tailed), Markdown, code,
// URLs, permalinks, @user and ~channel mentions, :emoji:, Japanese and other multibyte text,
// characters that need JSON escaping. It records which renamed users and channels each message
// mentions by the project's mention rules (those `plan` and `apply` use), and whether it has a
// permalink. Its deliberate non-mentions (code spans, fenced code, e-mail addresses, URLs,
// "@namezz") are not recorded.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "tools/gen-synthetic/ConflictFinder.h"
#include "tools/gen-synthetic/Model.h"
#include "tools/gen-synthetic/Rng.h"

namespace mm::gen {

// What one message mentions (tally slots, possibly repeated) and whether it has a permalink.
struct MessageMarks {
  std::vector<int32_t> users;
  std::vector<int32_t> channels;
  bool permalink = false;
  void clear() {
    users.clear();
    channels.clear();
    permalink = false;
  }
};

inline constexpr uint32_t kNoTeam = UINT32_MAX;
// The server's default maximum post size, in runes.
inline constexpr size_t kMaxMessageRunes = 16383;

class TextGenerator {
 public:
  // `mentions`: the slots to record (null: record nothing, e.g. for the target export).
  TextGenerator(const Export& e, const MentionTargets* mentions);

  // Appends a message (raw UTF-8). `team`: the team of a `post` line, whose channels ~mentions
  // name and are recorded; kNoTeam for direct posts (channel mentions there are not recorded).
  // `reply`: replies are shorter.
  void message(Rng& rng, uint32_t team, bool reply, std::string& out, MessageMarks& marks) const;

 private:
  void sentence(Rng& rng, uint32_t team, std::string& out, MessageMarks& marks) const;
  void special(Rng& rng, uint32_t team, std::string& out, MessageMarks& marks) const;
  void user_mention(Rng& rng, std::string& out, MessageMarks& marks) const;
  void channel_mention(Rng& rng, uint32_t team, std::string& out, MessageMarks& marks) const;
  void code_block(Rng& rng, std::string& out) const;
  void log_paste(Rng& rng, std::string& out) const;
  void segment(Rng& rng, uint32_t team, bool reply, std::string& out, MessageMarks& marks) const;
  uint32_t pick_user(Rng& rng) const;

  const Export& e_;
  const MentionTargets* mentions_;
  std::vector<std::string> emoji_names_;
};

// Unicode code points in a UTF-8 string.
size_t rune_count(const std::string& s);

}  // namespace mm::gen
