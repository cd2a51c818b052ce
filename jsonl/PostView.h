// The one post visitor: how every On Demand reader and rewriter of a "post" or "direct_post"
// payload goes through its members. walk_post tells each member of the payload and of its replies
// apart once, by the one key rule of jsonl/JsonKey.h (escapes decoded, ASCII case folded), and
// hands it to a visitor with the reply it belongs to:
//   - PostView (read_post) is the readers' visitor: a post as the importer's encoding/json
//     decodes it. A member written twice counts by its last occurrence (a later "message"
//     replaces the text, a later "attachments" the list, a later "replies" every reply), and every
//     field read is a pointer in Go's PostImportData (*string, *[]...): a null or a value of
//     another JSON type leaves it absent, even after an earlier valid one (the validator reports
//     the type error; a reader only needs to see nothing there). plan (stages/PostScanner),
//     verify-attachments (stages/AttachmentRefs) and stats' parsed path (stages/StatsStage)
//     read posts through it.
//   - apply's rewriter (stages/PostRewriter) visits the same members to rename them; it edits
//     every occurrence of a member, which imports the same whichever occurrence Go keeps.
//   - the keyers of apply --since (stages/SinceIndex, LineKeyer) and of reconcile
//     (stages/ReconcileKeys) visit them to key a post and its replies.
//
// Views point into the line or into the parser's string buffer: valid until the parser reads
// another document. No allocation once a PostView's vectors have grown to a line's size.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include <simdjson.h>

#include "jsonl/LineClassifier.h"

namespace mm {

// The members of a post, of a direct post and of their replies that a reader or a rewriter acts
// on (which belong to which line type is the visitor's to know: "team" is a post's, not a
// direct post's nor a reply's).
enum class PostMember : uint8_t {
  kOther,
  kTeam,
  kChannel,
  kChannelMembers,
  kUser,
  kMessage,
  kCreateAt,
  kEditAt,
  kFlaggedBy,
  kReactions,
  kAttachments,
  kReplies,
  kThreadFollowers,
};

// The member a key written with an escape or a non-ASCII rune names (the whole rule of
// jsonl/JsonKey.h); kOther for a plain key.
PostMember post_member_by_rule(std::string_view raw_key);

// The member a raw key (as written, between its quotes) names. Told by the first letter and the
// length (every member of a post line is visited: most are named plainly); a key that names a
// member any other way holds an escape or a non-ASCII rune and goes through the whole rule.
inline PostMember post_member(std::string_view raw_key) {
  using M = PostMember;
  if (raw_key.empty()) return M::kOther;
  auto same = [&](std::string_view name) { return raw_key.size() == name.size() && key_is(raw_key, name); };
  char first = raw_key[0];
  if (first >= 'A' && first <= 'Z') first = static_cast<char>(first + 32);
  switch (first) {
    case 't':
      if (same("team")) return M::kTeam;
      if (same("thread_followers")) return M::kThreadFollowers;
      break;
    case 'c':
      if (same("channel")) return M::kChannel;
      if (same("create_at")) return M::kCreateAt;
      if (same("channel_members")) return M::kChannelMembers;
      break;
    case 'u': if (same("user")) return M::kUser; break;
    case 'm': if (same("message")) return M::kMessage; break;
    case 'e': if (same("edit_at")) return M::kEditAt; break;
    case 'f': if (same("flagged_by")) return M::kFlaggedBy; break;
    case 'r':
      if (same("reactions")) return M::kReactions;
      if (same("replies")) return M::kReplies;
      break;
    case 'a': if (same("attachments")) return M::kAttachments; break;
    case '\\': break;
    default:
      if (!(first & 0x80)) return M::kOther;  // no member's name starts so, even decoded
  }
  return raw_key.size() > 4 ? post_member_by_rule(raw_key) : M::kOther;  // an escape is 2+ bytes
}

// Walks the members of a post payload: for each member but "replies",
// visitor.member(kind, field, value, reply) with reply -1; for a "replies" member,
// visitor.replies(), then for each of its elements visitor.reply(index) and, when the element is
// an object, its members as above with reply = index. False on a syntax error (the walk stops
// there; the line is malformed for the classifier that called this).
template <class Visitor>
bool walk_post(simdjson::ondemand::object& payload, Visitor& visitor, int32_t reply = -1) {
  namespace od = simdjson::ondemand;
  for (auto member : payload) {
    od::field field;
    if (std::move(member).get(field)) return false;
    PostMember kind = post_member(raw_key(field));
    if (kind == PostMember::kOther) continue;
    od::value value = field.value();
    if (kind != PostMember::kReplies || reply >= 0) {
      visitor.member(kind, field, value, reply);
      continue;
    }
    visitor.replies();
    od::array array;
    if (value.get_array().get(array)) continue;
    int32_t index = 0;
    for (auto element_result : array) {
      od::value element;
      if (std::move(element_result).get(element)) return false;
      visitor.reply(index);
      od::object object;
      if (!element.get_object().get(object) && !walk_post(object, visitor, index)) return false;
      ++index;
    }
  }
  return true;
}

// walk_post as the rewriter and the keyers want it, in the way of jsonl/JsonWalk.h: nothing when
// `payload` is not an object, a syntax error thrown (simdjson_error) for their caller to catch.
template <class Visitor>
void visit_post(simdjson::ondemand::value& payload, Visitor& visitor) {
  simdjson::ondemand::object object;
  if (payload.get_object().get(object)) return;
  if (!walk_post(object, visitor)) throw simdjson::simdjson_error(simdjson::TAPE_ERROR);
}

struct PostText {
  std::string_view text;  // unescaped
  bool present = false;   // the last such member is a string
};

struct PostView {
  // An attachments[] element whose last "path" member is a non-empty string.
  struct Attachment {
    int32_t reply;           // -1: the post's own; else the index of its reply in `replies`
    uint32_t index;          // the element's index in its attachments array
    std::string_view path;   // unescaped
    const char* element;     // the element's '{'
    const char* array;       // its array's '['
    const char* path_token;  // the path's JSON string token (its opening quote)
  };
  struct Reply {
    PostText message;
    uint64_t reactions = 0;    // elements of the last "reactions" array
    uint64_t attachments = 0;  // elements of the last "attachments" array
  };

  bool found = false;  // the payload is a JSON object
  PostText team;
  PostText message;
  uint64_t reactions = 0;
  uint64_t attachments_count = 0;
  std::vector<Reply> replies;           // one per element of the last "replies" array
  std::vector<Attachment> attachments;  // the post's and its replies' paths, in document order

  void clear() {
    found = false;
    team = {};
    message = {};
    reactions = 0;
    attachments_count = 0;
    replies.clear();
    attachments.clear();
  }
  // Reactions and attachments of the post and of all its replies.
  uint64_t total_reactions() const;
  uint64_t total_attachments() const;
};

// What read_post reads; what is not asked for is skipped unparsed.
enum PostPart : unsigned {
  kPostTexts = 1,        // team, message, the replies' messages
  kPostPaths = 2,        // attachment paths and their spans
  kPostCounts = 4,       // how many reactions and attachments, the post's and each reply's
};

// Reads `payload` into `out` (cleared first). A syntax error inside it stops the walk (what was
// read before stays); the line is then malformed for the classifier that called this.
void read_post(simdjson::ondemand::value& payload, PostView& out, unsigned parts);

}  // namespace mm
