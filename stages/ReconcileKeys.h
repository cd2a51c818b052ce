// The objects of an export line as `reconcile` compares them (docs/reconcile.md): every post,
// reply, reaction, attachment, emoji, team and channel membership and direct channel, each as a
// 64-bit key hash built from the names the line holds (lower-cased: the server compares names
// case-insensitively). The same reading serves both sides: the target's export after the import,
// and the source's lines once rewritten by the plan (stages/ApplyStage.h), so a source object and
// the object the import made of it get the same key.
//
// Keys (docs/reconcile.md says why):
//   post           (team, channel, author, create_at) + message; direct posts by member set
//   reply          root post's key without message + author + create_at (clamped up to the root's,
//                  as the importer does)
//   reaction       the post's or reply's key + user + emoji (the importer's match: one reaction per
//                  user, post and emoji; create_at is not part of it)
//   attachment     the post's or reply's key + the file's base name (an export writes its own paths)
//   emoji          name
//   membership     (user, team) and (user, team, channel)
//   direct channel member set (sorted; a one-member channel is its member twice)
// A post also has an identity, its key without the message, under which doubles are counted: the
// importer copies a post whose message differs, and the copy has the same identity.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <simdjson.h>

#include "jsonl/JsonWalk.h"
#include "jsonl/Lines.h"
#include "jsonl/LineType.h"

namespace mm {

enum class ObjectKind : uint8_t {
  kPost,
  kReply,
  kReaction,
  kAttachment,
  kEmoji,
  kTeamMembership,
  kChannelMembership,
  kDirectChannel,
};
inline constexpr size_t kObjectKindCount = 8;
inline constexpr std::array<std::string_view, kObjectKindCount> kObjectKindNames = {
    "posts", "replies", "reactions", "attachments", "emoji", "team_memberships", "channel_memberships",
    "direct_channels"};
// One object, for messages ("post", "channel membership").
std::string_view object_noun(ObjectKind kind);

struct ObjectKey {
  ObjectKind kind = ObjectKind::kPost;
  uint64_t identity = 0;  // doubles are counted under it
  uint64_t message = 0;   // posts: hash of the message text; 0 otherwise
  uint32_t line = 0;      // index of the line in its chunk
  // What a person needs to find the object, views into the parsed line (valid while it is):
  // post: team, channel (direct: the member list as written), author; reply: author; reaction:
  // user, emoji; attachment: file name; emoji: name; membership: user, team, channel; direct
  // channel: the member list as written.
  std::string_view a{}, b{}, c{};
  int64_t at = 0;         // create_at of the object or of the post it belongs to
};

// The key under which an object must be found: a post's identity with its message, else the identity.
uint64_t object_key(const ObjectKind kind, uint64_t identity, uint64_t message);
inline uint64_t object_key(const ObjectKey& o) { return object_key(o.kind, o.identity, o.message); }

// A person's description of an object ("in sales/deals by alice at 1").
std::string describe(const ObjectKey& o);

class ReconcileKeys {
 public:
  // Per-slot state, reused from line to line.
  struct Scratch {
    std::string bytes;                   // the bytes hashed for one key
    std::vector<uint64_t> members;       // member hashes of a direct channel or post, sorted
    struct Child {
      std::string_view user, emoji_or_file;
      int64_t at = 0;
      int32_t parent = -1;  // -1: the post; else a reply's index
      ObjectKind kind;
    };
    std::vector<Child> children;         // replies, reactions, attachments of one post
    struct MembershipName {
      std::string_view team, channel;
      bool is_channel = false;
    };
    std::vector<MembershipName> memberships;  // of one user line
    std::vector<char> utf8;  // a line with invalid UTF-8, as the importer reads it
    // A channel line with deleted_at set: channel_key() of its team and name; 0 for any other line.
    uint64_t archived_channel = 0;
  };

  // Reads one line and appends its objects to `out` (line = line.index). Returns the line's type
  // (kMalformed when it is not JSON, as the importer would refuse it).
  LineType read(simdjson::ondemand::parser& parser, const Line& line, Scratch& scratch,
                std::vector<ObjectKey>& out) const;

  // The keys of a membership given by names (a left-out user's, from `apply`'s memberships).
  static ObjectKey membership(Scratch& scratch, std::string_view user, std::string_view team,
                              std::string_view channel, uint32_t line);

  // The key of a channel by its team and name (lower-cased), as a post line names them: for the
  // channels --since's base export holds archived.
  static uint64_t channel_key(Scratch& scratch, std::string_view team, std::string_view channel);

  // The message hash of a post (also used for the messages of --since's base export).
  static uint64_t message_hash(std::string_view text);

 private:
  void read_post(od::value& payload, bool direct, uint32_t line, Scratch& s, std::vector<ObjectKey>& out) const;
  void read_user(od::value& payload, uint32_t line, Scratch& s, std::vector<ObjectKey>& out) const;
  void read_direct_channel(od::value& payload, uint32_t line, Scratch& s, std::vector<ObjectKey>& out) const;
  static void read_channel(od::value& payload, Scratch& s);

  LineClassifier classifier_;
};

}  // namespace mm
