#include "jsonl/LineSplicer.h"

#include <algorithm>

#include "io/JsonWriter.h"
#include "jsonl/JsonToken.h"

namespace mm {

void LineSplicer::reset(std::string_view line) {
  line_ = line;
  edits_.clear();
  text_.clear();
}

void LineSplicer::add(size_t begin, size_t end, size_t text_begin) {
  edits_.push_back(Edit{begin, end, text_begin, text_.size(), false});
}

void LineSplicer::replace_raw(std::string_view span, std::string_view bytes) {
  size_t text_begin = text_.size();
  text_.append(bytes);
  add(offset(span.data()), offset(span.data()) + span.size(), text_begin);
}

void LineSplicer::replace_string(std::string_view token, std::string_view value) {
  size_t text_begin = text_.size();
  text_ += '"';
  append_json_escaped(text_, value);
  text_ += '"';
  add(offset(token.data()), offset(token.data()) + token.size(), text_begin);
}

void LineSplicer::remove_member(std::string_view span) {
  // The comma it takes is chosen in write(), once the neighbouring removals are known.
  size_t begin = offset(span.data());
  edits_.push_back(Edit{begin, begin + span.size(), text_.size(), text_.size(), true});
}

void LineSplicer::insert_field(const char* open_brace, std::string_view key, std::string_view raw_value) {
  size_t at = offset(open_brace) + 1;
  size_t next = at;
  while (next < line_.size() && is_json_space(line_[next])) ++next;
  bool empty_object = next < line_.size() && line_[next] == '}';
  size_t text_begin = text_.size();
  text_ += '"';
  append_json_escaped(text_, key);
  text_ += "\":";
  text_.append(raw_value);
  if (!empty_object) text_ += ',';
  add(at, at, text_begin);
}

void LineSplicer::insert_string_field(const char* open_brace, std::string_view key, std::string_view value) {
  quoted_.assign(1, '"');
  append_json_escaped(quoted_, value);
  quoted_ += '"';
  insert_field(open_brace, key, quoted_);
}

void LineSplicer::write(std::string& out) {
  std::stable_sort(edits_.begin(), edits_.end(), [](const Edit& a, const Edit& b) {
    return a.begin != b.begin ? a.begin < b.begin : a.end < b.end;
  });
  size_t copied = 0;
  for (const Edit& e : edits_) {
    size_t begin = e.begin, end = e.end;
    if (e.removal) {
      // A removed member takes the comma before it, unless it is the first member or a removed
      // neighbour took that comma: then the comma after it.
      size_t before = begin;
      while (before > 0 && is_json_space(line_[before - 1])) --before;
      if (before > 0 && line_[before - 1] == ',' && before - 1 >= copied) {
        begin = before - 1;
      } else {
        size_t after = end;
        while (after < line_.size() && is_json_space(line_[after])) ++after;
        if (after < line_.size() && line_[after] == ',') end = after + 1;
      }
    }
    begin = std::max(begin, copied);
    out.append(line_.data() + copied, begin - copied);
    out.append(text_.data() + e.text_begin, e.text_end - e.text_begin);
    copied = std::max(end, begin);
  }
  out.append(line_.data() + copied, line_.size() - copied);
}

std::string_view json_string_token(const char* p) {
  const char* q = p + 1;
  while (*q != '"') q += (*q == '\\') ? 2 : 1;
  return {p, static_cast<size_t>(q + 1 - p)};
}

size_t json_value_end(std::string_view text, size_t begin) {
  size_t i = begin;
  if (i >= text.size()) return text.size();
  if (text[i] == '"') {
    for (++i; i < text.size(); ++i) {
      if (text[i] == '\\') ++i;
      else if (text[i] == '"') return i + 1;
    }
    return text.size();
  }
  if (text[i] == '{' || text[i] == '[') {
    int depth = 0;
    for (; i < text.size(); ++i) {
      char c = text[i];
      if (c == '"') {
        i = json_value_end(text, i) - 1;
      } else if (c == '{' || c == '[') {
        ++depth;
      } else if (c == '}' || c == ']') {
        if (--depth == 0) return i + 1;
      }
    }
    return text.size();
  }
  while (i < text.size() && text[i] != ',' && text[i] != '}' && text[i] != ']' && text[i] != ' ' &&
         text[i] != '\t' && text[i] != '\n' && text[i] != '\r')
    ++i;
  return i;
}

const char* closing_bracket(const char* p) {
  int depth = 0;
  for (;; ++p) {
    char c = *p;
    if (c == '"') {
      p = json_string_token(p).data() + json_string_token(p).size() - 1;
    } else if (c == '{' || c == '[') {
      ++depth;
    } else if (c == '}' || c == ']') {
      if (depth == 0) return p;
      --depth;
    }
  }
}

std::string_view value_span(simdjson::ondemand::value& value) {
  namespace od = simdjson::ondemand;
  od::json_type type;
  if (value.type().get(type)) return {};
  std::string_view span;
  switch (type) {
    case od::json_type::object: {
      od::object object;
      if (value.get_object().get(object) || object.raw_json().get(span)) return {};
      return span;
    }
    case od::json_type::array: {
      od::array array;
      if (value.get_array().get(array) || array.raw_json().get(span)) return {};
      return span;
    }
    case od::json_type::string: {
      span = value.raw_json_token();
      while (span.size() > 2 && span.back() != '"') span.remove_suffix(1);
      return span;
    }
    default: {
      span = value.raw_json_token();
      while (!span.empty() && is_json_space(span.back())) span.remove_suffix(1);
      return span;
    }
  }
}

}  // namespace mm
