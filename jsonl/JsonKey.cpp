#include "jsonl/JsonKey.h"

namespace mm {

namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  c = static_cast<char>(c | 0x20);
  return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

// The code unit of the \uXXXX escape at raw[i] ('\\' at i), or -1.
long read_u16(std::string_view raw, size_t i) {
  if (i + 6 > raw.size() || raw[i] != '\\' || raw[i + 1] != 'u') return -1;
  long v = 0;
  for (size_t j = i + 2; j < i + 6; ++j) {
    int h = hex_value(raw[j]);
    if (h < 0) return -1;
    v = v * 16 + h;
  }
  return v;
}

size_t put_utf8(unsigned long r, char* out, size_t at, size_t cap) {
  char buf[4];
  size_t n;
  if (r < 0x80) {
    buf[0] = static_cast<char>(r);
    n = 1;
  } else if (r < 0x800) {
    buf[0] = static_cast<char>(0xC0 | (r >> 6));
    buf[1] = static_cast<char>(0x80 | (r & 0x3F));
    n = 2;
  } else if (r < 0x10000) {
    buf[0] = static_cast<char>(0xE0 | (r >> 12));
    buf[1] = static_cast<char>(0x80 | ((r >> 6) & 0x3F));
    buf[2] = static_cast<char>(0x80 | (r & 0x3F));
    n = 3;
  } else {
    buf[0] = static_cast<char>(0xF0 | (r >> 18));
    buf[1] = static_cast<char>(0x80 | ((r >> 12) & 0x3F));
    buf[2] = static_cast<char>(0x80 | ((r >> 6) & 0x3F));
    buf[3] = static_cast<char>(0x80 | (r & 0x3F));
    n = 4;
  }
  if (at + n > cap) return cap + 1;
  for (size_t k = 0; k < n; ++k) out[at + k] = buf[k];
  return at + n;
}

}  // namespace

bool go_key_folds_to(std::string_view key, std::string_view tag) {
  size_t i = 0, j = 0;
  while (i < key.size() && j < tag.size()) {
    char c = key[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
    if (c == tag[j]) {
      ++i, ++j;
    } else if (tag[j] == 'k' && key.substr(i, 3) == "\xE2\x84\xAA") {
      i += 3, ++j;
    } else if (tag[j] == 's' && key.substr(i, 2) == "\xC5\xBF") {
      i += 2, ++j;
    } else {
      return false;
    }
  }
  return i == key.size() && j == tag.size();
}

size_t decode_json_string(std::string_view raw, char* out, size_t cap) {
  size_t n = 0;
  for (size_t i = 0; i < raw.size();) {
    char c = raw[i];
    if (c != '\\') {
      if (n == cap) return cap + 1;
      out[n++] = c;
      ++i;
      continue;
    }
    if (i + 1 >= raw.size()) return cap + 1;
    char e = raw[i + 1];
    char simple = e == '"' || e == '\\' || e == '/' ? e
                  : e == 'b'                        ? '\b'
                  : e == 'f'                        ? '\f'
                  : e == 'n'                        ? '\n'
                  : e == 'r'                        ? '\r'
                  : e == 't'                        ? '\t'
                                                    : 0;
    if (simple) {
      if (n == cap) return cap + 1;
      out[n++] = simple;
      i += 2;
      continue;
    }
    long u = read_u16(raw, i);
    if (u < 0) return cap + 1;
    i += 6;
    unsigned long r = static_cast<unsigned long>(u);
    if (u >= 0xD800 && u < 0xDC00) {  // a high surrogate: a pair with the next escape, else U+FFFD
      long low = read_u16(raw, i);
      if (low >= 0xDC00 && low < 0xE000) {
        r = 0x10000 + ((static_cast<unsigned long>(u) - 0xD800) << 10) + (static_cast<unsigned long>(low) - 0xDC00);
        i += 6;
      } else {
        r = 0xFFFD;
      }
    } else if (u >= 0xDC00 && u < 0xE000) {
      r = 0xFFFD;
    }
    n = put_utf8(r, out, n, cap);
    if (n > cap) return cap + 1;
  }
  return n;
}

bool raw_key_folds_to(std::string_view raw_key, std::string_view lower_tag) {
  // Each tag character decodes from at most 6 raw bytes ("\u212A"), and matches a rune of at most
  // 3 bytes: a longer key cannot match, and a short buffer holds any that can.
  if (raw_key.size() > 6 * lower_tag.size()) return false;
  bool plain = true;
  for (char c : raw_key) plain &= c != '\\';
  if (plain) return go_key_equals(raw_key, lower_tag);
  char buf[192];
  size_t cap = 3 * lower_tag.size() < sizeof buf ? 3 * lower_tag.size() : sizeof buf;
  size_t n = decode_json_string(raw_key, buf, cap);
  return n <= cap && go_key_equals({buf, n}, lower_tag);
}

}  // namespace mm
