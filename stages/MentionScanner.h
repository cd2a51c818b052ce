// Finds and rewrites references to users (@name), channels (~name) and custom emoji (:name:) in
// message text, by the project's mention rules (one implementation: `plan` counts with it,
// `apply` rewrites with it):
//
// - user: '@' and the maximal run of [A-Za-z0-9._-] after it. The token names user U when it
//   equals U case-insensitively, or does so after stripping trailing '.', '-', '_' one at a time
//   ("@bob." and "@bob," name bob; "@bobby" and "@bob.smith" do not).
// - channel: '~' and the maximal run of [A-Za-z0-9_-]; the token must equal the channel name
//   (case-insensitively).
// - emoji: ':' , a run of [A-Za-z0-9_+-], ':'.
// - Never inside an inline code span (`…`, closed by a run of as many backticks; an unclosed run is
//   literal) or a fenced code block (a run of 3 or more backticks up to a run at least as long, or
//   to the end of the text). '@' and '~' are also ignored after a character in [A-Za-z0-9._+-]
//   (e-mail addresses) and inside a whitespace-delimited word containing "://" (URLs).
//
// The scanner works on unescaped text (a JSON string's value, not its raw bytes).
#pragma once

#include "jsonl/AsciiCase.h"

#include <cstddef>
#include <array>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <type_traits>
#include <unordered_map>

namespace mm {

enum class MentionKind : uint8_t { kUser, kChannel, kEmoji };

// Names looked for (stored lower-case), each with its replacement (empty when only counting).
class NameMap {
 public:
  // Adds or replaces `name` (lower-cased).
  void add(std::string_view name, std::string_view replacement = {});
  // The replacement for a lower-case name, or nullptr when the name is not in the map.
  const std::string* find(std::string_view lower_name) const {
    if (map_.empty() || lower_name.empty() || !may_contain(lower_name)) return nullptr;
    auto it = map_.find(lower_name);
    return it == map_.end() ? nullptr : &it->second;
  }
  // The same for a name in any case (lower-cased on the stack; nullptr when over 128 bytes).
  const std::string* find_any_case(std::string_view name) const;
  // The stored key (lower-case) equal to `lower_name`, or empty.
  std::string_view key(std::string_view lower_name) const {
    auto it = map_.find(lower_name);
    return it == map_.end() ? std::string_view() : std::string_view(it->first);
  }
  bool contains(std::string_view lower_name) const { return find(lower_name) != nullptr; }
  bool empty() const { return map_.empty(); }
  size_t size() const { return map_.size(); }

  struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  using Map = std::unordered_map<std::string, std::string, Hash, std::equal_to<>>;
  const Map& entries() const { return map_; }

 private:
  // A 4096-bit filter on (length, first and last byte) rejects most absent names without hashing.
  static size_t filter_bit(size_t size, char first, char last) {
    return (size * 31u + static_cast<unsigned char>(first) * 131u + static_cast<unsigned char>(last) * 7u) & 4095u;
  }
  bool may_contain(size_t size, char first, char last) const {
    size_t bit = filter_bit(size, first, last);
    return filter_[bit >> 6] & (uint64_t{1} << (bit & 63));
  }
  bool may_contain(std::string_view lower_name) const {
    return may_contain(lower_name.size(), lower_name.front(), lower_name.back());
  }

  Map map_;
  std::array<uint64_t, 64> filter_{};
};

// The maps one message is scanned with; a null or empty map turns that kind off. Channel maps
// are per team: the caller passes the map of the message's team.
struct MentionMaps {
  const NameMap* users = nullptr;
  const NameMap* channels = nullptr;
  const NameMap* emoji = nullptr;
};

struct MentionMatch {
  MentionKind kind;
  size_t begin;  // offset of the name in the text (after '@', '~' or ':')
  size_t size;   // bytes of the name as written (stripped trailing punctuation excluded)
  std::string_view key;              // the map's key (lower-case), owned by the map
  const std::string* replacement;    // owned by the map
};

// The scanner itself: calls on_match(context, match) for every reference, in text order, until it
// returns false. Returns false when stopped.
using MentionCallback = bool (*)(void* context, const MentionMatch& match);
bool scan_mentions(std::string_view text, const MentionMaps& maps, MentionCallback on_match, void* context);

// Calls on_match(const MentionMatch&) for every reference in `text` to a name in `maps`, in text
// order. Does not allocate.
template <class F>
void find_mentions(std::string_view text, const MentionMaps& maps, F&& on_match) {
  using Fn = std::remove_reference_t<F>;
  scan_mentions(text, maps, [](void* context, const MentionMatch& match) {
    (*static_cast<Fn*>(context))(match);
    return true;
  }, const_cast<void*>(static_cast<const void*>(&on_match)));
}

// Whether `text` references any name in `maps`.
bool has_mentions(std::string_view text, const MentionMaps& maps);

// When `text` references names in `maps`, appends it to `out` with each referenced name replaced
// by its replacement ('@', '~', ':' and trailing punctuation kept) and returns the number of
// replacements. Returns 0 and leaves `out` untouched (no allocation) otherwise.
size_t rewrite_mentions(std::string_view text, const MentionMaps& maps, std::string& out);

}  // namespace mm
