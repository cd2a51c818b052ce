// A small streaming JSON writer for reports (`--json`) and a JSON string escaper for rewritten
// values. Output is compact; commas are placed by the writer.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace mm {

// Appends `value` as a JSON string body (no quotes), escaping '"', '\\' and control characters
// the way Go's encoding/json does (\n, \r, \t, \u00XX; also \u003c \u003e \u0026 are NOT used:
// exports keep '<', '>' and '&' as they are).
void append_json_escaped(std::string& out, std::string_view value);

class JsonWriter {
 public:
  explicit JsonWriter(std::string& out) : out_(out) {}
  JsonWriter& begin_object();
  JsonWriter& end_object();
  JsonWriter& begin_array();
  JsonWriter& end_array();
  JsonWriter& key(std::string_view k);
  JsonWriter& value(std::string_view v);
  JsonWriter& value(const char* v) { return value(std::string_view(v)); }
  JsonWriter& value(uint64_t v);
  JsonWriter& value(int64_t v);
  JsonWriter& value(int v) { return value(static_cast<int64_t>(v)); }
  JsonWriter& value(unsigned v) { return value(static_cast<uint64_t>(v)); }
  JsonWriter& value(double v);
  JsonWriter& value(bool v);
  JsonWriter& null();
  // Inserts already-serialised JSON.
  JsonWriter& raw(std::string_view json);
  // From now on, at the end of an object, hands the output string to `drain` and clears it
  // once it holds `bytes` or more: a large document is written a piece at a time. What is left
  // at the end is the caller's to hand over.
  void drain_every(size_t bytes, std::function<void(std::string_view)> drain);

 private:
  void separate();
  std::string& out_;
  size_t drain_bytes_ = 0;
  std::function<void(std::string_view)> drain_;
  std::vector<bool> first_{true};
  bool after_key_ = false;
};

}  // namespace mm
