// Reads the "type" of one export line with simdjson On Demand, in place (the chunk's bytes after
// the line serve as simdjson's padding: no copy). It reads what peek_type (jsonl/LineType.h) reads:
// keys match by the one rule of jsonl/JsonKey.h, the last "type" wins, null leaves it as it was.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <simdjson.h>

#include "jsonl/Lines.h"
#include "jsonl/GoUtf8.h"
#include "jsonl/JsonKey.h"
#include "jsonl/LineType.h"

namespace mm {

// The raw bytes of a field's key (between its quotes, escapes left as written).
inline std::string_view raw_key(simdjson::ondemand::field& field) {
  // raw_json_string points just past the opening quote; the key ends at the unescaped quote.
  const char* start = field.key().raw();
  const char* p = start;
  while (*p != '"') p += (*p == '\\') ? 2 : 1;
  return {start, static_cast<size_t>(p - start)};
}

class LineClassifier {
 public:
  // kMalformed when the line is not a JSON object or has no string "type"; `why` then says what.
  LineType classify(simdjson::ondemand::parser& parser, const Line& line, std::string* why = nullptr) const {
    return classify(parser, line, why, [](std::string_view, simdjson::ondemand::value&) {});
  }

  // The same, calling on_field(raw_key, value) for every top-level field other than "type", in
  // one pass over the line (so a stage can read the payload without parsing the line twice).
  //
  // With `go_utf8`, a line that simdjson rejects for invalid UTF-8 is read as the importer's
  // encoding/json reads it: from a copy kept there, with U+FFFD in place of each bad byte
  // (jsonl/GoUtf8.h); the views on_field gets then point into that copy. Without it, such a line
  // is malformed.
  template <class OnField>
  LineType classify(simdjson::ondemand::parser& parser, const Line& line, std::string* why, OnField&& on_field,
                    std::vector<char>* go_utf8 = nullptr) const {
    namespace od = simdjson::ondemand;
    auto fail = [&](const char* reason) {
      if (why) *why = reason;
      return LineType::kMalformed;
    };
    if (line.text.empty()) return fail("empty line");
    od::document doc;
    auto error = parser.iterate(line.text.data(), line.text.size(), line.readable).get(doc);
    if (error == simdjson::UTF8_ERROR && go_utf8) {
      replace_invalid_utf8(line.text, *go_utf8);
      error = parser.iterate(go_utf8->data(), go_utf8->size() - simdjson::SIMDJSON_PADDING, go_utf8->size()).get(doc);
    }
    if (error) return fail("not JSON");
    od::object obj;
    if (doc.get_object().get(obj)) return fail("not a JSON object");
    std::string_view type_name;
    bool found = false;
    for (auto field_result : obj) {
      od::field field;
      if (std::move(field_result).get(field)) return fail("not JSON");
      std::string_view key = raw_key(field);
      if (key_is(key, "type")) {
        // As peek_type (jsonl/LineType.h): the last "type" wins, null leaves it as it was.
        od::value value = field.value();
        bool null = false;
        if (!value.is_null().get(null) && null) continue;
        if (value.get_string().get(type_name)) return fail("\"type\" is not a string");
        found = true;
      } else {
        od::value value = field.value();
        on_field(key, value);
      }
    }
    if (!found) return fail("no \"type\"");
    return line_type_from_name(type_name);
  }
};

}  // namespace mm
