// Go's encoding/json as the importer decodes a line into its structs, on a simdjson DOM: keys
// match struct tags by the one rule of jsonl/JsonKey.h (go_key_equals), a repeated key decodes
// again into the same field (the last scalar wins, objects merge), null leaves a field absent,
// int64 fields take integer literals only, and a value of the wrong JSON type fails the whole
// line (recorded with Context::decode_error).
#pragma once

#include <array>
#include <cstdint>
#include <cstring>
#include <initializer_list>
#include <string_view>
#include <vector>

#include "jsonl/JsonKey.h"
#include "jsonl/JsonToken.h"
#include "stages/validate/Context.h"

namespace mm::validate {

struct OptString {
  bool set = false;
  std::string_view value;
};
struct OptInt {
  bool set = false;
  int64_t value = 0;
};
struct OptBool {
  bool set = false;
  bool value = false;
};
struct OptArray {  // a JSON array, elements decoded where they are used
  bool set = false;
  dom::array value;
  size_t size() const { return set ? value.size() : 0; }
};
struct OptObject {  // map[string]any / json.RawMessage-like object
  bool set = false;
  dom::element value;
};
struct AnyValue {  // interface{} / json.RawMessage: any JSON
  bool set = false;
};
template <class T>
struct OptStruct {
  bool set = false;
  T value{};
};

void decode(Context& ctx, dom::element v, OptString& out);
void decode(Context& ctx, dom::element v, OptInt& out);
void decode(Context& ctx, dom::element v, OptBool& out);
void decode(Context& ctx, dom::element v, OptArray& out);
void decode(Context& ctx, dom::element v, OptObject& out);
void decode(Context& ctx, dom::element v, AnyValue& out);

// []string: every element a string (null elements are "").
struct StringArray : OptArray {};
void decode(Context& ctx, dom::element v, StringArray& out);

// Every struct type T has `void decode_fields(Context&, dom::object, T&)`.
template <class T>
void decode(Context& ctx, dom::element v, OptStruct<T>& out) {
  if (v.is_null()) {
    out = {};
    return;
  }
  dom::object obj;
  if (v.get_object().get(obj)) return ctx.decode_error("object", v);
  out.set = true;
  std::string_view leaf = ctx.take_leaf();
  if (!leaf.empty()) ctx.push(leaf);
  decode_fields(ctx, obj, out.value);
  if (!leaf.empty()) ctx.pop();
}

// Decodes an array element of struct type T (a null element is a zero struct). False when it had
// the wrong JSON type.
template <class T>
bool decode_element(Context& ctx, dom::element v, T& out) {
  out = T{};
  if (v.is_null()) return true;
  dom::object obj;
  if (v.get_object().get(obj)) {
    ctx.decode_error("object", v);
    return false;
  }
  decode_fields(ctx, obj, out);
  return true;
}

// One field of a struct: decodes `value` into `member` if `key` matches `tag`.
template <class T>
bool field(Context& ctx, std::string_view key, dom::element value, std::string_view tag, T& member) {
  if (!go_key_equals(key, tag)) return false;
  Field f(ctx, tag);
  decode(ctx, value, member);
  return true;
}

// The fields of struct T, looked up by key in constant time: a key that equals a tag ignoring
// ASCII case is found through a small hash of (length, first, last character); a key with
// non-ASCII bytes (which may fold to a tag) falls back to go_key_equals over all tags.
template <class T>
class FieldTable {
 public:
  using Decoder = void (*)(Context&, dom::element, T&);
  struct Entry {
    std::string_view tag;
    Decoder decode;
  };

  FieldTable(std::initializer_list<Entry> entries) : entries_(entries) {
    slots_.fill(kEmpty);
    for (size_t i = 0; i < entries_.size(); ++i) {
      uint8_t& s = slots_[slot(entries_[i].tag)];
      s = s == kEmpty ? static_cast<uint8_t>(i) : kShared;
    }
  }

  // Decodes every known field of `obj` into `out`, in order.
  void decode_object(Context& ctx, dom::object obj, T& out) const {
    for (auto [k, v] : obj) {
      const Entry* e = find(k);
      if (!e) continue;
      ctx.set_leaf(e->tag);
      e->decode(ctx, v, out);
    }
    ctx.set_leaf({});
  }

  const Entry* find(std::string_view key) const {
    if (key.empty()) return nullptr;
    uint8_t s = slots_[slot(key)];
    if (s < kShared && same_ascii_fold(key, entries_[s].tag)) return &entries_[s];
    if (s == kShared)
      for (const Entry& e : entries_)
        if (same_ascii_fold(key, e.tag)) return &e;
    for (unsigned char c : key)
      if (c & 0x80) {
        for (const Entry& e : entries_)
          if (go_key_equals(key, e.tag)) return &e;
        return nullptr;
      }
    return nullptr;
  }

 private:
  static constexpr uint8_t kEmpty = 255, kShared = 254;
  static size_t slot(std::string_view k) {
    auto lower = [](char c) { return static_cast<size_t>((c >= 'A' && c <= 'Z') ? c + 32 : c) & 0xFF; };
    return (k.size() * 7 + lower(k.front()) * 3 + lower(k.back())) & 255;
  }
  static bool same_ascii_fold(std::string_view key, std::string_view tag) {
    if (key.size() != tag.size()) return false;
    if (equal_bytes(key.data(), tag.data(), key.size())) return true;  // keys are lower-case
    for (size_t i = 0; i < key.size(); ++i) {
      char c = key[i];
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
      if (c != tag[i]) return false;
    }
    return true;
  }
  std::vector<Entry> entries_;
  std::array<uint8_t, 256> slots_;
};

// The decoder of member M of struct T, for FieldTable entries: {"name", member<&T::name>}.
template <auto M, class T>
void member(Context& ctx, dom::element v, T& out) {
  decode(ctx, v, out.*M);
}

// Runes of json.Marshal(props) as the server measures them (model.StringInterfaceToJSON): compact,
// '<' '>' '&' U+2028 U+2029 escaped as \uXXXX, numbers re-formatted from float64.
size_t marshaled_rune_count(dom::element v);

}  // namespace mm::validate
