#include "stages/validate/GoJson.h"

#include <charconv>
#include <cmath>

#include "stages/validate/NameRules.h"

namespace mm::validate {

void decode(Context& ctx, dom::element v, OptString& out) {
  if (v.is_null()) {
    out = {};
    return;
  }
  if (v.get_string().get(out.value)) return ctx.decode_error("string", v);
  out.set = true;
}

void decode(Context& ctx, dom::element v, OptInt& out) {
  if (v.is_null()) {
    out = {};
    return;
  }
  if (v.type() != dom::element_type::INT64) return ctx.decode_error("integer (int64)", v);
  out.set = true;
  out.value = int64_t(v);
}

void decode(Context& ctx, dom::element v, OptBool& out) {
  if (v.is_null()) {
    out = {};
    return;
  }
  if (v.get_bool().get(out.value)) return ctx.decode_error("true or false", v);
  out.set = true;
}

void decode(Context& ctx, dom::element v, OptArray& out) {
  if (v.is_null()) {
    out = {};
    return;
  }
  if (v.get_array().get(out.value)) return ctx.decode_error("array", v);
  out.set = true;
}

void decode(Context& ctx, dom::element v, StringArray& out) {
  decode(ctx, v, static_cast<OptArray&>(out));
  if (!out.set) return;
  size_t i = 0;
  for (dom::element e : out.value) {
    if (!e.is_null() && !e.is_string()) ctx.decode_error_at(i, "string", e);
    ++i;
  }
}

void decode(Context& ctx, dom::element v, OptObject& out) {
  if (v.is_null()) {
    out = {};
    return;
  }
  if (!v.is_object()) return ctx.decode_error("object", v);
  out.set = true;
  out.value = v;
}

void decode(Context&, dom::element v, AnyValue& out) { out.set = !v.is_null(); }

namespace {

size_t string_runes(std::string_view s) {
  size_t n = 2;  // quotes
  for (size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x20) {
      n += (c == '\n' || c == '\r' || c == '\t' || c == '\b' || c == '\f') ? 2 : 6;  // Go >= 1.22
    } else if (c == '"' || c == '\\') {
      n += 2;
    } else if (c == '<' || c == '>' || c == '&') {
      n += 6;
    } else if (c == 0xE2 && i + 2 < s.size() && s[i + 1] == '\x80' && (s[i + 2] == '\xA8' || s[i + 2] == '\xA9')) {
      n += 6;
      i += 2;
    } else if ((c & 0xC0) != 0x80) {
      n += 1;
    }
  }
  return n;
}

size_t number_runes(double d) {
  // encoding/json floatEncoder: 'f' format, or 'e' for |d| < 1e-6 or >= 1e21, shortest digits,
  // "e-07" shortened to "e-7".
  char buf[64];
  double a = std::fabs(d);
  bool exp = a != 0 && (a < 1e-6 || a >= 1e21);
  auto r = std::to_chars(buf, buf + sizeof buf, d, exp ? std::chars_format::scientific : std::chars_format::fixed);
  size_t n = static_cast<size_t>(r.ptr - buf);
  if (exp && n >= 4 && buf[n - 4] == 'e' && buf[n - 3] == '-' && buf[n - 2] == '0') --n;
  return n;
}

}  // namespace

size_t marshaled_rune_count(dom::element v) {
  switch (v.type()) {
    case dom::element_type::OBJECT: {
      size_t n = 2, fields = 0;
      for (dom::key_value_pair kv : dom::object(v)) {
        n += string_runes(kv.key) + 1 + marshaled_rune_count(kv.value);
        ++fields;
      }
      return n + (fields ? fields - 1 : 0);
    }
    case dom::element_type::ARRAY: {
      size_t n = 2, items = 0;
      for (dom::element e : dom::array(v)) {
        n += marshaled_rune_count(e);
        ++items;
      }
      return n + (items ? items - 1 : 0);
    }
    case dom::element_type::STRING: return string_runes(std::string_view(v));
    case dom::element_type::INT64: return number_runes(static_cast<double>(int64_t(v)));
    case dom::element_type::UINT64: return number_runes(static_cast<double>(uint64_t(v)));
    case dom::element_type::DOUBLE: return number_runes(double(v));
    case dom::element_type::BOOL: return bool(v) ? 4 : 5;
    case dom::element_type::NULL_VALUE: return 4;
  }
  return 0;
}

}  // namespace mm::validate
