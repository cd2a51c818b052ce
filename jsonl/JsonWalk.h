// Small helpers to walk parsed lines with (simdjson On Demand, in place): members of an object,
// elements of an array, string values with their raw tokens (renaming through a NameMap is in
// stages/RenameWalk.h). A value of another JSON type than expected is skipped (the validator
// reports it); a JSON syntax error throws simdjson::simdjson_error, which the line rewriter turns
// into "line left as it is".
#pragma once

#include <string_view>

#include <simdjson.h>

#include "jsonl/LineClassifier.h"
#include "jsonl/LineSplicer.h"

namespace mm {

namespace od = simdjson::ondemand;

// Calls f(raw_key, field, value) for each member of `v` when it is an object.
template <class F>
void for_each_member(od::value& v, F&& f) {
  od::object object;
  if (v.get_object().get(object)) return;
  for (auto member : object) {
    od::field field;
    if (auto error = std::move(member).get(field)) throw simdjson::simdjson_error(error);
    std::string_view key = raw_key(field);
    od::value value = field.value();
    f(key, field, value);
  }
}

// Calls f(value) for each element of `v` when it is an array.
template <class F>
void for_each_element(od::value& v, F&& f) {
  od::array array;
  if (v.get_array().get(array)) return;
  for (auto element : array) {
    od::value value;
    if (auto error = std::move(element).get(value)) throw simdjson::simdjson_error(error);
    f(value);
  }
}

// A string value: its raw token (quotes included, a view into the line) and its unescaped text
// (valid until the next line is parsed).
struct StringRef {
  std::string_view token;
  std::string_view text;
  explicit operator bool() const { return token.data() != nullptr; }
};

inline StringRef read_string(od::value& v) {
  od::json_type type;
  if (v.type().get(type) || type != od::json_type::string) return {};
  // The raw token runs to the next structural character: the closing quote and any spaces.
  std::string_view token = v.raw_json_token();
  while (token.size() > 2 && token.back() != '"') token.remove_suffix(1);
  std::string_view inner = token.substr(1, token.size() - 2);
  if (inner.find('\\') == std::string_view::npos) return {token, inner};  // nothing to unescape
  std::string_view text;
  if (auto error = v.get_string().get(text)) throw simdjson::simdjson_error(error);
  return {token, text};
}

}  // namespace mm
