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
#include "model/NameMap.h"

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
