// Rewrites one JSON line by splicing changed values into its original bytes: no re-serialisation,
// so field order, unknown fields, number formats and the escapes of untouched strings stay as
// written. Edits name places by pointers into the line (from simdjson On Demand, which parses the
// line in place; see the span helpers below) and may be recorded in any order; they must not
// overlap except on the commas that removals take with them.
//
// Storage is reused from line to line: no allocation once warmed up.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include <simdjson.h>

namespace mm {

class LineSplicer {
 public:
  // Starts a new line; forgets the previous edits.
  void reset(std::string_view line);
  std::string_view line() const { return line_; }
  bool changed() const { return !edits_.empty(); }

  // Replaces `span` (bytes of the line) by `bytes` (raw JSON).
  void replace_raw(std::string_view span, std::string_view bytes);
  // Replaces the JSON string `token` (from its opening quote to its closing quote, both included)
  // by `value`, quoted and escaped.
  void replace_string(std::string_view token, std::string_view value);
  // Removes an object member (`"key":value`) or an array element spanning `span`, with one
  // comma beside it (the one before it, else the one after it), so that removing any set of
// members of one object or array leaves valid JSON.
  void remove_member(std::string_view span);
  // Inserts `"key":raw_value` as the first member of the object whose '{' is at `open_brace`.
  void insert_field(const char* open_brace, std::string_view key, std::string_view raw_value);
  // The same with a string value, quoted and escaped.
  void insert_string_field(const char* open_brace, std::string_view key, std::string_view value);

  // Appends the spliced line (no newline) to `out`.
  void write(std::string& out);

 private:
  struct Edit {
    size_t begin, end;          // replaced bytes of the line
    size_t text_begin, text_end;  // replacement, in text_
    bool removal;                 // a member removed with a comma beside it
  };
  void add(size_t begin, size_t end, size_t text_begin);
  size_t offset(const char* p) const { return static_cast<size_t>(p - line_.data()); }

  std::string_view line_;
  std::vector<Edit> edits_;
  std::string text_;
  std::string quoted_;  // insert_string_field's value, quoted and escaped
};

// ---- spans of parsed values (views into the line) ----

// The JSON string starting at the opening quote `p`, quotes included.
std::string_view json_string_token(const char* p);

// The end (one past) of the JSON value that starts at text[begin] (object, array, string or
// scalar), by a bracket- and string-aware scan; text.size() if it is not closed. For offsets into
// a line not parsed in place (a line as read with U+FFFD, say).
size_t json_value_end(std::string_view text, size_t begin);

// The '}' or ']' closing the object or array that `p` (a position between its members) is in.
const char* closing_bracket(const char* p);

// The bytes of `value` (consumed): a whole object or array, a string with its quotes, a scalar.
// Empty on a parse error.
std::string_view value_span(simdjson::ondemand::value& value);

// The bytes of a member from its key's opening quote to the end of `value_bytes`.
inline std::string_view member_span(simdjson::ondemand::field& field, std::string_view value_bytes) {
  const char* begin = field.key().raw() - 1;
  return {begin, static_cast<size_t>(value_bytes.data() + value_bytes.size() - begin)};
}

}  // namespace mm
