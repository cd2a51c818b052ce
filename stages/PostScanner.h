// The pass over the source's posts that `plan` makes once the plan is known: counts the messages
// (post, reply, direct post and direct-post reply texts) that mention each renamed or remapped
// user and each renamed channel (stages/MentionScanner.h; channel mentions only in `post` lines
// and their replies, resolved in the post's team), the messages holding a permalink
// (`/team/pl/<26 id chars>`), and, when asked, lists every attachment path with its line.
//
// A post line is parsed only when its bytes could hold something counted (an '@', '~', "/pl/",
// an escape, or attachments when they are listed); other lines cost a memchr or two.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <simdjson.h>

#include "jsonl/Chunk.h"
#include "model/Finding.h"
#include "stages/MentionScanner.h"
#include "model/MergePlan.h"

namespace mm {

// The names whose mentions are counted, each with a counter id.
class MentionTargets {
 public:
  explicit MentionTargets(const MergePlan& plan);

  const NameMap& users() const { return users_; }
  // The channel map of a source team (lower-cased name), or nullptr.
  const NameMap* channels(std::string_view team_lower) const;
  size_t user_id(std::string_view key) const { return user_ids_.find(key)->second; }
  size_t channel_id(std::string_view team_lower, std::string_view key) const;
  // The conflict subject of each counter id: "@username" or "~team/channel" (source names).
  const std::vector<std::string>& subjects() const { return subjects_; }
  bool empty() const { return subjects_.empty(); }
  bool has_channels() const { return !channels_.empty(); }

 private:
  using Ids = std::unordered_map<std::string, size_t, NameMap::Hash, std::equal_to<>>;
  NameMap users_;
  Ids user_ids_;
  std::unordered_map<std::string, NameMap, NameMap::Hash, std::equal_to<>> channels_;
  std::unordered_map<std::string, Ids, NameMap::Hash, std::equal_to<>> channel_ids_;
  std::vector<std::string> subjects_;
};

// Whether `text` contains a permalink: /[a-z0-9][a-z0-9_-]*/pl/[a-z0-9]{26}.
bool has_permalink(std::string_view text);

struct PostAttachment {
  uint64_t line;  // chunk-local index in a stage result, global once merged
  std::string path;
};

class PostScanner {
 public:
  struct Result {
    std::vector<uint64_t> mention_messages;  // per counter id
    uint64_t permalink_messages = 0;
    std::vector<PostAttachment> attachments;
    // Post lines read and found malformed (chunk-local lines): the plan may miss what they hold.
    std::vector<Finding> malformed;
  };

  PostScanner(const MentionTargets& targets, bool list_attachments)
      : targets_(targets), list_attachments_(list_attachments) {}

  // Scans the chunk into `result` (reset first). Returns the number of lines in the chunk.
  uint32_t process(const Chunk& chunk, simdjson::ondemand::parser& parser, Result& result) const;

 private:
  void scan_message(std::string_view text, const NameMap* channels, std::string_view team_lower, Result& result,
                    std::vector<size_t>& seen) const;

  const MentionTargets& targets_;
  bool list_attachments_;
};

}  // namespace mm
