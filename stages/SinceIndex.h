// `apply --since BASE`: what each export line is keyed by and what its content hashes to, and the
// compact tables of BASE's lines and keys the delta is decided against (docs/apply.md, "Delta
// since an earlier export").
//
// Keys (names lower-cased, as the server compares them):
//   team, emoji, scheme, role: name · channel: team + name · user, bot: username ·
//   direct_channel: the member set · post: team + channel + author + create_at ·
//   direct_post: the member set + author + create_at · a reply: its post's key + author + create_at ·
//   a user's membership: username + team (+ channel).
// Hashes are XXH3-64. Besides the key, a line gives the hash of its raw bytes (equal bytes:
// unchanged, decided without parsing the line) and of its "rest": a post without its message
// texts and `edit_at` values (so an edit is told from a new reply, reaction or attachment), a user without
// its memberships (a profile change), any other line as a whole.
//
// The raw hashes of every BASE line are in a table of their own (SinceIndex, "Lines": 16 bytes per
// line), made without parsing. The key table holds 16 bytes per entry (key hash, value hash) in
// one sorted vector, only for the lines read again (BASE's not seen in the new export or not
// posts; the new export's not unchanged): per line one key entry, per post one more for its
// message, per reply and per membership one. Nothing per line is a std::string.
#pragma once

#include <algorithm>
#include <atomic>
#include <memory>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <simdjson.h>
#include "io/HugePageAllocator.h"
#include "io/Xxh3.h"

#include "jsonl/LineClassifier.h"
#include "jsonl/LineType.h"
#include "jsonl/Chunk.h"
#include "jsonl/Lines.h"

namespace mm {

// What one line is for the delta. Views point into the line (or the parser, for unescaped names)
// and are valid until the next line is read with the same parser.
struct LineDigest {
  LineType type = LineType::kMalformed;
  uint64_t raw = 0;   // the raw bytes (a key of its own in the table)
  uint64_t key = 0;   // the object the line holds; 0: none (version, unknown, malformed, no name)
  uint64_t rest = 0;  // post: without the message strings; user: without `teams`; else = raw
  uint64_t channel = 0;   // post: the key of its channel's line
  bool archived = false;  // channel: deleted_at set
  // post, direct_post
  uint64_t message_key = 0, message = 0;
  std::string_view message_token;  // the message's JSON string as written (quotes included)
  struct Reply {
    uint64_t key = 0, message = 0;
    std::string_view token;  // as message_token
    std::string_view user, create_at;
  };
  std::vector<Reply> replies;
  size_t reply_count = 0;  // replies[0, reply_count) are this line's (the vector is reused)
  // user: memberships, names as written
  struct Member {
    uint64_t key = 0;
    std::string team, channel;  // channel empty: a team membership
  };
  std::vector<Member> members;
  size_t member_count = 0;
  // For reports: "team/channel", "@user", "team/channel @user 1700000000000", ...
  std::string label;
};

// Reads lines into LineDigests: one On Demand walk of the line, no DOM. Per-slot object.
class LineKeyer {
 public:
  LineKeyer();

  // The raw hash alone (the unchanged-line test, before any parse).
  static uint64_t raw_hash(std::string_view text);

  // Fills `d`. A line that is not JSON, or not of a known type, has key 0.
  void digest(simdjson::ondemand::parser& parser, const Line& line, LineDigest& d);

 private:
  void key_of(LineDigest& d);
  std::string buf_;                  // the key being built
  std::vector<std::string> names_;   // a member set, sorted: names_[0, names_count_)
  size_t names_count_ = 0;
  std::vector<std::string_view> cut_;  // spans left out of `rest`, sorted into line order
  std::vector<std::string_view> edited_;  // edit_at values of the post and its replies
  std::string user_, create_at_, team_, channel_;
  LineClassifier classifier_;
  struct FreeState {
    void operator()(XXH3_state_t* s) const;
  };
  std::unique_ptr<XXH3_state_t, FreeState> state_;  // for the rest hash, streamed
};

// The BASE tables, in two parts.
//
// Lines (pass 1, no JSON read): per BASE line the XXH3 of its raw bytes, in a table sorted by it
// (12 bytes: the hash and the line's number, whose top bit marks it seen in the new export), and
// its size in bytes with a flag for a post line (4 bytes): 16 bytes per line, plus a directory of
// where each run of the hash's top bits starts (4 bytes per 8 lines), so that a lookup reads one
// directory entry and a bucket of about 8 entries, not a binary search's dozen cache lines. The new export's
// lines are looked up in it unparsed; what is left of BASE (lines not seen, and every line that is
// not a post, which other lines' keys may name) is read again by its place (lines_to_read()).
//
// Keys: entries of those lines (LineDigest), added chunk by chunk (any order), then finish()
// sorts them; lookups are safe from several threads at once after that. The new export's lines
// read again are keyed into a SinceIndex of their own the same way (its lines part unused), which
// BaseReview looks BASE's keys up in.
class SinceIndex {
 public:
  struct Entry {
    uint64_t key;
    uint64_t value;
  };
  static constexpr size_t npos = ~size_t{0};

  // --- Lines
  // A size's flag: the line is a post or direct post (peek_type).
  static constexpr uint32_t kPostLine = uint32_t{1} << 31;
  // What one chunk of BASE gives, by line (any thread).
  struct ChunkLines {
    std::vector<uint64_t> hashes;
    std::vector<uint32_t> sizes;  // bytes from the line's text to the next line's, | kPostLine
    uint64_t start = 0;           // where the first line's text starts in the stream
    void clear() {
      hashes.clear();
      sizes.clear();
    }
  };
  static uint32_t split(const Chunk& chunk, ChunkLines& out);
  // In input order: a chunk's lines from `first_line` (its hashes are taken, not copied: `lines`
  // is left empty), and a line too long to read.
  void add_lines(ChunkLines& lines, uint64_t first_line);
  void add_overlong(uint64_t line, uint64_t bytes);
  void finish_lines();
  // The table entry of a line with these raw bytes, or npos.
  size_t find_raw(uint64_t raw) const;
  // Loads what find_raw(raw) will read (a lookup misses the caches: several are overlapped).
  void prefetch_raw_bucket(uint64_t raw) const { __builtin_prefetch(&dir_[bucket_of(raw)]); }
  void prefetch_raw(uint64_t raw) const {
    if (raw_.empty()) return;
    const RawEntry* e = &raw_[std::min<size_t>(dir_[bucket_of(raw)], raw_.size() - 1)];
    __builtin_prefetch(e);
    __builtin_prefetch(reinterpret_cast<const char*>(e) + 64);  // a bucket of 8 spans two lines
  }
  void mark_raw(size_t i) const {
    std::atomic_ref<uint32_t>(raw_[i].line).fetch_or(kSeenBit, std::memory_order_relaxed);
  }
  bool raw_marked(size_t i) const {
    return (std::atomic_ref<uint32_t>(raw_[i].line).load(std::memory_order_relaxed) & kSeenBit) != 0;
  }
  size_t lines() const { return sizes_count_; }
  // After the new export's lines were looked up: BASE's lines no line of it equals, and every line
  // that is not a post, in order (overlong lines left out: never in the table).
  std::vector<LineSpan> lines_to_read() const;

  // --- Keys
  // The entries of one BASE line (an archived channel gives one more, for archived_channel()).
  static void entries_of(const LineDigest& d, std::vector<Entry>& out);
  // Whether BASE has the channel of this key archived.
  bool archived_channel(uint64_t channel_key) const { return find(archived_key(channel_key)) != npos; }

  // Appends in blocks of a fixed size: a growing vector would hold its old and new buffers at
  // once (up to twice the table), blocks copied into the exact table at finish() and freed one by
  // one hold it once, plus a block.
  void add(const std::vector<Entry>& entries);
  void finish();

  // The first entry of `key`, or npos.
  size_t find(uint64_t key) const;
  const Entry& at(size_t i) const { return entries_[i]; }
  size_t size() const { return entries_.size(); }
  size_t bytes() const;

 private:
  static uint64_t archived_key(uint64_t channel_key);
  static constexpr size_t kBlockEntries = size_t{1} << 20;  // 16 MiB
  std::vector<std::vector<Entry>> blocks_;
  std::vector<Entry> entries_;
  std::vector<uint32_t> key_dir_;  // bucket b: entries_[key_dir_[b], key_dir_[b + 1])
  unsigned key_bits_ = 0;
  size_t key_bucket(uint64_t key) const { return key_bits_ ? static_cast<size_t>(key >> (64 - key_bits_)) : 0; }

  // 12 bytes, unpadded: the hash in two halves, the line's number - 1 and the seen bit.
  struct RawEntry {
    uint32_t lo, hi;
    mutable uint32_t line;
    uint64_t hash() const { return (uint64_t{hi} << 32) | lo; }
  };
  static_assert(sizeof(RawEntry) == 12);
  static constexpr uint32_t kSeenBit = uint32_t{1} << 31;
  static constexpr uint32_t kOverlong = ~uint32_t{0};  // a size: see overlong_
  static constexpr size_t kBlockSizes = size_t{1} << 20;  // 4 MiB
  uint32_t size_at(size_t i) const { return size_blocks_[i / kBlockSizes][i % kBlockSizes]; }
  // The hashes as the chunks gave them, until finish_lines() sorts them into raw_.
  struct ChunkHashes {
    uint64_t first_line;
    std::vector<uint64_t> hashes;
  };
  std::vector<ChunkHashes> chunk_hashes_;
  std::vector<RawEntry, HugePageAllocator<RawEntry>> raw_;
  std::vector<uint32_t, HugePageAllocator<uint32_t>> dir_{0, 0};  // bucket b: raw_[dir_[b], dir_[b + 1])
  unsigned dir_bits_ = 0;
  size_t bucket_of(uint64_t raw) const { return dir_bits_ ? static_cast<size_t>(raw >> (64 - dir_bits_)) : 0; }
  std::vector<std::vector<uint32_t>> size_blocks_;  // by line - 1, in blocks (no regrowth)
  size_t sizes_count_ = 0;
  std::vector<std::pair<uint64_t, uint64_t>> overlong_;  // line - 1, bytes
  uint64_t start_ = 0;  // where line 1's text starts (past a BOM)
};

}  // namespace mm
