// What `plan` needs to know about one instance, collected from its export: teams, channels,
// users (with the fields conflicts are decided on), emoji, bots (their profile image), roles and
// schemes, each with its line number. Posts, direct channels and direct posts are skipped after a
// look at the line's first bytes (`{"type":"post"`), so indexing an export costs little more than
// reading it.
//
// InstanceIndexer::process works on one chunk (any thread) into a ChunkIndex with chunk-local
// line indexes; InstanceIndex::merge adds chunks in input order (commands/PlanJob.h wires it).
// Objects are found by name through the instance's name index (model/InstanceNames.h, the one
// `validate` and `apply` read too), built by finish().
//
// Users are most of an index. 100,000 a side, with 1.2 and 0.9 million memberships, took ~420 MB
// of plan's 730 MB heap peak as strings and vectors. So a user's texts are views into the index's
// TextArena, and a membership is three ids into its TextPool (text()); a chunk stores and interns
// into its own, which merge() adopts and maps to the index's.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <simdjson.h>

#include "jsonl/Chunk.h"
#include "model/FindingsSink.h"
#include "model/InstanceNames.h"
#include "stages/ExportInfo.h"
#include "stages/TextPool.h"
#include "model/Finding.h"
#include "model/MergePlan.h"

namespace mm {

struct IndexedTeam {
  std::string name;
  std::string display_name;
  uint64_t line = 0;
};

struct IndexedChannel {
  std::string team;
  std::string name;
  std::string display_name;  // "" when absent or null
  std::string type;
  int64_t deleted_at = 0;
  uint64_t line = 0;
};

// A team membership (channel "") or a channel membership of a user: ids of its index's texts
// (InstanceIndex::text, ChunkIndex::texts in a chunk's index). 12 bytes, where three strings
// took ~104.
struct IndexedMembership {
  static constexpr uint32_t kNoRoles = UINT32_MAX;
  uint32_t team = TextPool::kEmpty;
  uint32_t channel = TextPool::kEmpty;
  uint32_t roles = kNoRoles;  // kNoRoles when absent or null
};

// The texts are in the index's storage (a ChunkIndex's, until merged): 176 bytes and the texts,
// where std::strings took 352 and a heap block for each longer text.
struct IndexedUser {
  std::string_view username;
  std::string_view email;
  std::string_view auth_service;  // "" when absent or null
  std::string_view first_name;
  std::string_view last_name;
  std::optional<std::string_view> roles;  // nullopt when absent or null
  std::string_view locale;                // "" when absent or null
  // Only compared, so kept as hashes (a user's notify_props took ~500 bytes as string pairs).
  uint64_t theme = 0;         // text_hash() of the theme; absent or null == ""
  // Of its canonical form: keys lower-cased (ASCII), the last of duplicate keys kept (as Go's
  // decoder does), sorted by key, non-string values as their raw JSON; absent == {} == 0.
  uint64_t notify_props = 0;
  // In the index's membership storage; empty in a ChunkIndex (see its membership_counts).
  std::span<const IndexedMembership> memberships;
  uint64_t line = 0;
  std::string_view profile_image;  // "" when absent or null
};

struct IndexedEmoji {
  std::string name;
  uint64_t line = 0;
  std::string image;  // "" when absent or null
};

// A bot: only what the plan checks (its profile image).
struct IndexedBot {
  std::string username;
  uint64_t line = 0;
  std::string profile_image;  // "" when absent or null
};

// A role or scheme with its content in a canonical form: for a role its permission set (sorted,
// space-separated); for a scheme its display name, description and each default role's
// permission set (the role names inside a scheme are discarded by the importer).
struct IndexedDefinition {
  std::string name;
  std::string content;
  uint64_t line = 0;
};

// A text's hash for equality (XXH3-64); 0 for "".
uint64_t text_hash(std::string_view text);

// The objects of one chunk, lines chunk-local (0-based index in the chunk).
struct ChunkIndex {
  std::vector<IndexedTeam> teams;
  std::vector<IndexedChannel> channels;
  std::vector<IndexedUser> users;
  std::vector<IndexedEmoji> emoji;
  std::vector<IndexedBot> bots;
  std::vector<IndexedDefinition> roles;
  std::vector<IndexedDefinition> schemes;
  // The memberships of `users`, in order: users[i] has the next membership_counts[i]. Their
  // ids are of `texts`, whose strings are in `text`.
  std::vector<IndexedMembership> memberships;
  std::vector<uint32_t> membership_counts;
  TextArena text;
  TextPool texts;
  FindingList findings;  // lines that could not be read (malformed), chunk-local
  // Post lines by team (post_team(); "" when not found) and direct_post lines, for the report.
  std::map<std::string, uint64_t, std::less<>> posts_by_team;
  uint64_t direct_posts = 0;
  void clear();
};

class InstanceIndex {
 public:
  InstanceIndex() = default;
  // The users' memberships point into the index's own storage: moved, never copied.
  InstanceIndex(const InstanceIndex&) = delete;
  InstanceIndex& operator=(const InstanceIndex&) = delete;
  InstanceIndex(InstanceIndex&&) = default;
  InstanceIndex& operator=(InstanceIndex&&) = default;

  std::string file;
  ExportInfo info;  // from the version line
  std::vector<IndexedTeam> teams;
  std::vector<IndexedChannel> channels;
  std::vector<IndexedUser> users;
  std::vector<IndexedEmoji> emoji;
  std::vector<IndexedBot> bots;
  std::vector<IndexedDefinition> roles;
  std::vector<IndexedDefinition> schemes;
  static constexpr size_t kMaxFindings = 100;
  std::vector<Finding> findings;  // the first kMaxFindings unreadable lines, global line numbers (after finish)
  uint64_t malformed = 0;         // all of them
  std::map<std::string, uint64_t, std::less<>> posts_by_team;  // post lines (see post_team())
  uint64_t posts = 0;                                           // post lines
  uint64_t direct_posts = 0;                                    // direct_post lines

  // Appends a chunk's objects, turning its line indexes into line numbers.
  void merge(ChunkIndex& chunk, uint64_t first_line);
  // A line the reader skipped as longer than the importer reads.
  void overlong_line(uint64_t line, uint64_t bytes);
  // Lines a later pass over the same file found unreadable (chunk-local lines from `first_line`),
  // after finish(): counted and kept with the index's own, `findings` in line order.
  void add_unreadable(std::vector<Finding>& chunk, uint64_t first_line);
  // Builds `names` and the lookups below; call once everything is merged. The first definition
  // of a name wins.
  void finish();

  // The instance's name index: teams, channels, users, emoji, roles and schemes (not bots, whose
  // names plan does not look up), each with its line and its place in the list above.
  InstanceNames names;

  // Lookups by name (name_key: Go's lower-casing; a channel by its team and name); nullptr when absent.
  const IndexedTeam* team(std::string_view name) const { return find(NameKind::kTeam, teams, name_key(name)); }
  const IndexedChannel* channel(std::string_view team, std::string_view name) const {
    return find(NameKind::kChannel, channels, channel_name_key(team, name));
  }
  const IndexedUser* user(std::string_view username) const { return find(NameKind::kUser, users, name_key(username)); }
  const IndexedUser* user_by_email(std::string_view email) const;
  const IndexedEmoji* emoji_named(std::string_view name) const { return find(NameKind::kEmoji, emoji, name_key(name)); }
  const IndexedDefinition* role(std::string_view name) const { return find(NameKind::kRole, roles, name_key(name)); }
  const IndexedDefinition* scheme(std::string_view name) const {
    return find(NameKind::kScheme, schemes, name_key(name));
  }
  bool uses_auth_service(std::string_view service) const;

  // The text of an id in an IndexedMembership of this index.
  std::string_view text(uint32_t id) const { return texts_.text(id); }
  // A membership's roles; nullopt when absent or null.
  std::optional<std::string_view> membership_roles(const IndexedMembership& m) const {
    if (m.roles == IndexedMembership::kNoRoles) return std::nullopt;
    return texts_.text(m.roles);
  }

 private:
  template <class T>
  const T* find(NameKind kind, const std::vector<T>& items, std::string_view key) const {
    const NameDef* def = names.find(kind, key);
    return def ? &items[def->item] : nullptr;
  }

  FindingsSink unreadable_{kMaxFindings};
  // E-mails are no name of the importer's references: (hash of the lower-cased e-mail, place in
  // `users`), sorted; 16 bytes a user, where a map of lower-cased strings took ~120.
  std::vector<std::pair<uint64_t, uint32_t>> email_index_;
  std::vector<std::string_view> auth_services_;
  TextArena text_;
  TextPool texts_;
  std::vector<std::vector<IndexedMembership>> membership_blocks_;  // one per chunk, never resized
  std::vector<uint32_t> text_ids_;                                 // merge(): chunk id -> index id
};

class InstanceIndexer {
 public:
  // Indexes the chunk into `out` (cleared first). Returns the number of lines in the chunk.
  uint32_t process(const Chunk& chunk, simdjson::ondemand::parser& parser, ChunkIndex& out) const;
};

// The team of a post line without parsing it: the string value of the first `"team"` key in its
// first 1 KiB (the export writes `team` first in `post`; whitespace around the colon allowed, as
// Go allows it; a quote inside a string is always escaped, so a match followed by a colon is
// a key), or empty when there is none or it holds an escape. Counts only.
std::string_view post_team(std::string_view line);

}  // namespace mm
