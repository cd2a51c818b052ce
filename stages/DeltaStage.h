// `apply --since BASE`: the per-chunk work of the delta (docs/apply.md, "Delta since an earlier
// export"). DeltaSift (below) decides `unchanged` for the lines whose bytes equal a BASE line's
// without parsing them; DeltaStage reads the other lines, which the passes after the sift read
// again by their place (pipeline/SpanChunker.h). Every line of the new export falls in exactly
// one bucket:
//   version     the version line, written first as in a full apply;
//   unchanged   the same bytes as a BASE line (found by hash, not parsed), or a post whose bytes
//               differ but none of what it is keyed and compared by: skipped;
//   new         an object BASE did not have: written, rewritten by the plan as a full apply does;
//   changed     a team, channel, bot, emoji, scheme, role or direct channel that changed: written
//               (the importer updates it: header, purpose, display name, archived state, ...);
//   posts_updated  a post whose replies, reactions, attachments, flags, pins or props changed: the
//               whole line written, with the post's and the old replies' messages as BASE had them,
//               since the importer matches a post by its exact message (docs/bulk-format.md §6) and would
//               otherwise import a copy;
//   edits_only  a post whose only change is an edited message or reply: skipped (an import cannot
//               carry an edit), the edit reported;
//   users_kept  a user BASE had: never written (a user line resets the account's password, docs/bulk-format.md §6);
//               memberships added since go to OUT.memberships.sh, a profile change is reported;
//   in_archived_channel  a new or changed post in a channel BASE had archived: not written (the
//               importer cannot add to an archived channel of the target), reported;
//   unkeyed     a line that names no object (malformed, unknown type, no name): written as it is,
//               for the validation to judge.
// The second look at BASE's lines read again (BaseReview) reports what BASE had and the new export
// has not: posts, replies, channels and other objects deleted, memberships removed.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <simdjson.h>

#include "jsonl/Chunk.h"
#include "stages/ApplyStage.h"
#include "stages/SinceIndex.h"

namespace mm {

enum class DeltaBucket : uint8_t {
  kVersion, kUnchanged, kNew, kChanged, kPostsUpdated, kEditsOnly, kUsersKept, kArchivedChannel, kUnkeyed
};
inline constexpr size_t kDeltaBucketCount = 9;
inline constexpr std::array<std::string_view, kDeltaBucketCount> kDeltaBucketNames = {
    "version",    "unchanged",  "new",
    "changed",    "posts_updated", "edits_only",
    "users_kept", "in_archived_channel", "unkeyed"};

// What the delta reports (counted, and listed up to a cap).
enum class DeltaNote : uint8_t {
  kMessageEdited,     // a post's message edited since BASE (line of the new export)
  kReplyEdited,       // a reply's message edited since BASE
  kProfileChanged,    // a user BASE had whose profile changed (not carried: no user line)
  kMembershipAdded,   // to OUT.memberships.sh
  kArchivedChannel,   // a post not carried: its channel was archived in BASE
  kPostDeleted,       // BASE line numbers from here on
  kReplyDeleted,
  kChannelDeleted,
  kObjectDeleted,     // a team, user, bot, emoji, scheme, role or direct channel
  kMembershipRemoved,
};
inline constexpr size_t kDeltaNoteCount = 10;
inline constexpr std::array<std::string_view, kDeltaNoteCount> kDeltaNoteNames = {
    "messages_edited", "replies_edited",   "profiles_changed", "memberships_added",
    "posts_in_archived_channels", "posts_deleted", "replies_deleted", "channels_deleted",
    "objects_deleted", "memberships_removed"};

struct DeltaEvent {
  DeltaNote note;
  uint64_t line;     // chunk-local index until the in-order step rebases it
  std::string what;  // "team/channel @user create_at", "@user", ...
};

struct DeltaCounts {
  std::array<uint64_t, kDeltaBucketCount> buckets{};
  std::array<uint64_t, kDeltaNoteCount> notes{};
  uint64_t operator[](DeltaBucket b) const { return buckets[static_cast<size_t>(b)]; }
  uint64_t operator[](DeltaNote n) const { return notes[static_cast<size_t>(n)]; }
  void merge(const DeltaCounts& o) {
    for (size_t i = 0; i < kDeltaBucketCount; ++i) buckets[i] += o.buckets[i];
    for (size_t i = 0; i < kDeltaNoteCount; ++i) notes[i] += o.notes[i];
  }
};

// Message strings as BASE wrote them (JSON tokens, quotes included), by message or reply key:
// only those of posts the delta writes with an edited message.
using BaseTexts = std::unordered_map<uint64_t, std::string>;

// Before any line is parsed, the new export against BASE's raw table: a line with the same bytes
// as a BASE line is unchanged (its BASE line marked seen, the line counted, nothing else); every
// other line, and the version line, is kept by its place (offset, bytes, index in the chunk) for
// DeltaStage, which reads only those again (pipeline/SpanChunker.h). While the chunk is at hand,
// the sift's caller keys the kept lines (line_of) for BaseReview.
class DeltaSift {
 public:
  explicit DeltaSift(const SinceIndex& index) : index_(index) {}
  struct Kept {
    uint64_t offset;  // of the line's text in the stream
    uint32_t bytes;   // to the next line's text
    uint32_t index;   // within the chunk
  };
  struct Result {
    uint64_t unchanged = 0;
    std::vector<Kept> kept;
    struct Hashed {
      uint64_t raw;
      std::string_view text;
    };
    std::vector<Hashed> lines;  // the chunk's, reused
  };
  // Clears `result`; returns the number of lines.
  uint32_t process(const Chunk& chunk, Result& result) const;
  // A kept line of the chunk `result` was made from, read in place.
  static Line line_of(const Chunk& chunk, const Result& result, const Kept& k) {
    std::string_view text = result.lines[k.index].text;
    return {text, k.index, static_cast<size_t>(chunk.data + chunk.size + simdjson::SIMDJSON_PADDING - text.data())};
  }

 private:
  const SinceIndex& index_;
};

class DeltaStage {
 public:
  // `texts`: BASE's texts of the messages the new export edited (BaseReview).
  DeltaStage(const SinceIndex& index, const ApplyStage& apply, const RewriteMaps& maps, const BaseTexts& texts)
      : index_(index), apply_(apply), maps_(maps), texts_(&texts) {}

  struct Scratch {
    LineKeyer keyer;
    LineDigest digest;
    ApplyStage::Scratch apply;
    std::string line;  // a post line with BASE's messages put back
    std::vector<uint8_t> reply_edited;
    std::vector<std::pair<std::string_view, const std::string*>> swaps;  // token -> BASE's token
  };
  struct Result {
    std::string out;
    DeltaCounts counts;
    ApplyStage::Result apply;  // the plan's rewrites of the lines written
    std::vector<DeltaEvent> events;
    std::vector<Membership> memberships;  // added to users BASE had
    void clear() {
      out.clear();
      counts = {};
      apply.clear();
      events.clear();
      memberships.clear();
    }
  };

  // `line`: one DeltaSift kept (the version line, or one that equals no BASE line).
  DeltaBucket process_line(simdjson::ondemand::parser& parser, const Line& line, Scratch& scratch, Result& result) const;
  // Clears `result`; returns the number of lines.
  uint32_t process(const Chunk& chunk, simdjson::ondemand::parser& parser, Scratch& scratch, Result& result) const;

 private:
  void write(simdjson::ondemand::parser& parser, const Line& line, Scratch& scratch, Result& result) const;
  DeltaBucket post(simdjson::ondemand::parser& parser, const Line& line, size_t at, Scratch& scratch,
                   Result& result) const;
  DeltaBucket user(const Line& line, size_t at, Scratch& scratch, Result& result) const;
  DeltaBucket not_carried(const Line& line, Scratch& scratch, Result& result) const;

  const SinceIndex& index_;
  const ApplyStage& apply_;
  const RewriteMaps& maps_;
  const BaseTexts* texts_;
};

// The look at BASE's lines read again, against the keys of the new export's lines read again
// (`fresh`: entries_of() of each, in a SinceIndex of its own): what the new export no longer has,
// and the BASE texts of the messages it edited, which the writing pass puts back. A key is in the
// new export when a line read again gives it; a BASE line whose very bytes the new export has
// (marked in `base`'s lines table) has nothing gone.
class BaseReview {
 public:
  BaseReview(const SinceIndex& base, const SinceIndex& fresh) : base_(base), fresh_(fresh) {}

  struct Result {
    DeltaCounts counts;
    std::vector<DeltaEvent> events;
    std::vector<std::pair<uint64_t, std::string>> texts;
    void clear() {
      counts = {};
      events.clear();
      texts.clear();
    }
  };
  // `d`: the line's digest (LineKeyer).
  void process_line(const Line& line, const LineDigest& d, Result& result) const;

 private:
  bool in_new(uint64_t key) const { return fresh_.find(key) != SinceIndex::npos; }
  // Whether the new export has `key` with another message than `message` (an edit).
  bool edited(uint64_t key, uint64_t message) const {
    size_t i = fresh_.find(key);
    return i != SinceIndex::npos && fresh_.at(i).value != message;
  }
  const SinceIndex& base_;
  const SinceIndex& fresh_;
};

}  // namespace mm
