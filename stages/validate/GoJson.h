// Go's encoding/json as the importer decodes a line into its structs (spec §1), on a simdjson DOM:
// keys match struct tags case-insensitively (Unicode simple folding: "K" (U+212A) matches 'k' and
// "ſ" (U+017F) 's'), a repeated key decodes again into the same field (the last scalar wins,
// objects merge), null leaves a field absent, int64 fields take integer literals only, and a
// value of the wrong JSON type fails the whole line (recorded with Context::decode_error).
#pragma once

#include <cstdint>
#include <string_view>

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

bool go_key_folds_to(std::string_view key, std::string_view lower_tag);

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
  decode_fields(ctx, obj, out.value);
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

// Runes of json.Marshal(props) as the server measures them (model.StringInterfaceToJSON): compact,
// '<' '>' '&' U+2028 U+2029 escaped as \uXXXX, numbers re-formatted from float64.
size_t marshaled_rune_count(dom::element v);

}  // namespace mm::validate
