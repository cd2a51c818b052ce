// The one rule by which every reader of a line matches a JSON key to a field name: the rule of
// the importer's Go decoding (encoding/json matching a key to a struct tag, docs/decisions.md).
// The key's escapes are decoded ("\u0074ype" is "type"), then it is compared with the tag
// case-insensitively under Unicode simple folding: ASCII letters fold to each other, and of the
// non-ASCII runes only 'K' (U+212A, to 'k') and 'ſ' (U+017F, to 's') fold to an ASCII letter.
//
// key_is takes the raw key as written in the line (between its quotes, escapes as written), with
// a fast path for a plain key; go_key_equals takes a key already decoded (a simdjson DOM key).
#pragma once

#include <string_view>

namespace mm {

// The slow half of go_key_equals: `key` (decoded) is longer than `lower_tag` and may hold a
// folding non-ASCII rune.
bool go_key_folds_to(std::string_view key, std::string_view lower_tag);

// Whether the decoded key `key` matches the lower-case ASCII tag `lower_tag`.
inline bool go_key_equals(std::string_view key, std::string_view lower_tag) {
  // Every folded character is at least as long as its ASCII tag character: a shorter key never
  // matches, a key of the same length matches only ASCII case-insensitively.
  if (key.size() < lower_tag.size()) return false;
  char c = key[0];
  if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
  if (c != lower_tag[0] && !(c & 0x80)) return false;
  if (key.size() == lower_tag.size()) {
    for (size_t i = 1; i < key.size(); ++i) {
      char k = key[i];
      if (k >= 'A' && k <= 'Z') k = static_cast<char>(k + 32);
      if (k != lower_tag[i]) return false;
    }
    return true;
  }
  return go_key_folds_to(key, lower_tag);
}

// The slow half of key_is: `raw_key` is longer than `lower_tag`; decodes its escapes (without
// allocating) and compares the result with go_key_equals.
bool raw_key_folds_to(std::string_view raw_key, std::string_view lower_tag);

// Whether the raw key `raw_key` (escapes as written) matches the lower-case ASCII tag `lower_tag`.
inline bool key_is(std::string_view raw_key, std::string_view lower_tag) {
  // Fast path: a raw key as long as the tag holds no escape that could match (a '\\' is no tag
  // letter) and no folding rune (each is longer than its letter), so it matches only ASCII
  // case-insensitively; a shorter one never matches, even decoded.
  if (raw_key.size() == lower_tag.size()) {
    for (size_t i = 0; i < raw_key.size(); ++i) {
      char k = raw_key[i];
      if (k >= 'A' && k <= 'Z') k = static_cast<char>(k + 32);
      if (k != lower_tag[i]) return false;
    }
    return true;
  }
  if (raw_key.size() < lower_tag.size()) return false;
  // A longer key matches only through an escape or a folding rune: most keys are told apart by
  // their first byte, without the call.
  char c = raw_key[0];
  if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
  if (c != lower_tag[0] && c != '\\' && !(c & 0x80)) return false;
  return raw_key_folds_to(raw_key, lower_tag);
}

// Decodes the JSON string body `raw` (between its quotes, escapes as written) into out[0, cap)
// as Go decodes it (a lone surrogate becomes U+FFFD); its length, or cap + 1 when it does not
// fit or `raw` holds an escape JSON does not allow.
size_t decode_json_string(std::string_view raw, char* out, size_t cap);

}  // namespace mm
