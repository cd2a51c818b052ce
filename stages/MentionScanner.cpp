#include "stages/MentionScanner.h"

#include <array>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace mm {

namespace {

// The first i >= from with special[text[i]], or text.size(). Most of a message is plain text:
// with SSE2 (every x86-64) it is skipped 16 bytes at a time, stopping at any of the four bytes
// that can be special; the table then decides.
size_t next_special(std::string_view text, size_t from, const std::array<bool, 256>& special) {
  const size_t n = text.size();
  size_t i = from;
#if defined(__SSE2__)
  const __m128i backtick = _mm_set1_epi8('`'), at = _mm_set1_epi8('@'), tilde = _mm_set1_epi8('~'),
                colon = _mm_set1_epi8(':');
  while (i + 16 <= n) {
    __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(text.data() + i));
    __m128i hit = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, backtick), _mm_cmpeq_epi8(v, at)),
                               _mm_or_si128(_mm_cmpeq_epi8(v, tilde), _mm_cmpeq_epi8(v, colon)));
    auto mask = static_cast<unsigned>(_mm_movemask_epi8(hit));
    while (mask) {
      size_t at_index = i + static_cast<size_t>(__builtin_ctz(mask));
      if (special[static_cast<unsigned char>(text[at_index])]) return at_index;
      mask &= mask - 1;
    }
    i += 16;
  }
#endif
  while (i < n && !special[static_cast<unsigned char>(text[i])]) ++i;
  return i;
}


enum CharClass : uint8_t {
  kUserChar = 1,     // [A-Za-z0-9._-]
  kChannelChar = 2,  // [A-Za-z0-9_-]
  kEmojiChar = 4,    // [A-Za-z0-9_+-]
  kEmailChar = 8,    // [A-Za-z0-9._+-]
  kSpace = 16,
};

constexpr std::array<uint8_t, 256> make_classes() {
  std::array<uint8_t, 256> t{};
  auto set = [&](unsigned char c, uint8_t bits) { t[c] = static_cast<uint8_t>(t[c] | bits); };
  for (int c = 0; c < 256; ++c) {
    bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    if (alnum) set(static_cast<unsigned char>(c), kUserChar | kChannelChar | kEmojiChar | kEmailChar);
  }
  set('.', kUserChar | kEmailChar);
  set('-', kUserChar | kChannelChar | kEmojiChar | kEmailChar);
  set('_', kUserChar | kChannelChar | kEmojiChar | kEmailChar);
  set('+', kEmojiChar | kEmailChar);
  for (unsigned char c : {' ', '\t', '\n', '\r', '\f', '\v'}) set(c, kSpace);
  return t;
}

constexpr std::array<uint8_t, 256> kClasses = make_classes();

inline bool has(char c, uint8_t bits) { return kClasses[static_cast<unsigned char>(c)] & bits; }

size_t run_end(std::string_view text, size_t i, uint8_t bits) {
  while (i < text.size() && has(text[i], bits)) ++i;
  return i;
}

size_t backtick_run(std::string_view text, size_t i) {
  size_t j = i;
  while (j < text.size() && text[j] == '`') ++j;
  return j - i;
}

// The start of the next run of backticks at `from` or later whose length is exactly `n`
// (`at_least`: n or more); text.size() when there is none. *len gets the run's length.
size_t find_backtick_run(std::string_view text, size_t from, size_t n, bool at_least, size_t* len) {
  size_t i = from;
  while (i < text.size()) {
    size_t tick = text.find('`', i);
    if (tick == std::string_view::npos) break;
    size_t run = backtick_run(text, tick);
    if (run == n || (at_least && run > n)) {
      *len = run;
      return tick;
    }
    i = tick + run;
  }
  return text.size();
}

// Whether the whitespace-delimited word around [begin, end) contains "://"; `floor` bounds the
// backward search (the end of the last code span).
bool in_url_word(std::string_view text, size_t begin, size_t end, size_t floor) {
  size_t word_begin = begin;
  while (word_begin > floor && !has(text[word_begin - 1], kSpace)) --word_begin;
  size_t word_end = end;
  while (word_end < text.size() && !has(text[word_end], kSpace)) ++word_end;
  return text.substr(word_begin, word_end - word_begin).find("://") != std::string_view::npos;
}

// Looks `token` up in `map` (lower-cased), then, when `strip_trailing`, with trailing '.', '-', '_'
// stripped one at a time. Returns the matched length (0: no match).
size_t match_name(std::string_view token, const NameMap& map, bool strip_trailing, std::string_view* key,
                  const std::string** replacement) {
  char lower[kMaxNameBytes];
  size_t n = token.size();
  if (strip_trailing) {
    // Only the prefixes that fit the buffer can match.
    while (n > kMaxNameBytes && (token[n - 1] == '.' || token[n - 1] == '-' || token[n - 1] == '_')) --n;
  }
  if (n == 0 || n > kMaxNameBytes) return 0;
  for (size_t i = 0; i < n; ++i) {
    char c = token[i];
    lower[i] = (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c;
  }
  while (n > 0) {
    std::string_view name(lower, n);
    if (const std::string* to = map.find(name)) {
      *key = map.key(name);
      *replacement = to;
      return n;
    }
    if (!strip_trailing) return 0;
    char last = lower[n - 1];
    if (last != '.' && last != '-' && last != '_') return 0;
    --n;
  }
  return 0;
}

}  // namespace

bool scan_mentions(std::string_view text, const MentionMaps& maps, MentionCallback on_match, void* context) {
  const NameMap* users = maps.users && !maps.users->empty() ? maps.users : nullptr;
  const NameMap* channels = maps.channels && !maps.channels->empty() ? maps.channels : nullptr;
  const NameMap* emoji = maps.emoji && !maps.emoji->empty() ? maps.emoji : nullptr;
  if (!users && !channels && !emoji) return true;

  std::array<bool, 256> special{};
  special['`'] = true;
  if (users) special['@'] = true;
  if (channels) special['~'] = true;
  if (emoji) special[':'] = true;

  const size_t n = text.size();
  size_t floor = 0;  // end of the last code span: URL words are not searched back past it
  size_t i = 0;
  while (i < n) {
    i = next_special(text, i, special);
    if (i >= n) break;
    const char c = text[i];
    if (c == '`') {
      size_t run = backtick_run(text, i);
      size_t close_len = 0;
      if (run >= 3) {
        size_t close = find_backtick_run(text, i + run, run, true, &close_len);
        if (close >= n) return true;  // an unclosed fence runs to the end of the text
        i = floor = close + close_len;
      } else {
        size_t close = find_backtick_run(text, i + run, run, false, &close_len);
        if (close >= n) {
          i += run;  // no closing run: the backticks are literal
        } else {
          i = floor = close + close_len;
        }
      }
      continue;
    }
    if (c == ':') {
      size_t end = run_end(text, i + 1, kEmojiChar);
      if (end > i + 1 && end < n && text[end] == ':') {
        std::string_view key;
        const std::string* replacement = nullptr;
        std::string_view token = text.substr(i + 1, end - i - 1);
        if (match_name(token, *emoji, false, &key, &replacement)) {
          if (!on_match(context, MentionMatch{MentionKind::kEmoji, i + 1, token.size(), key, replacement}))
            return false;
        }
        i = end + 1;
      } else {
        i = end > i + 1 ? end : i + 1;
      }
      continue;
    }
    // '@' or '~'
    const bool is_user = c == '@';
    size_t end = run_end(text, i + 1, is_user ? kUserChar : kChannelChar);
    if (end == i + 1 || (i > 0 && has(text[i - 1], kEmailChar))) {
      i = end > i + 1 ? end : i + 1;
      continue;
    }
    std::string_view token = text.substr(i + 1, end - i - 1);
    std::string_view key;
    const std::string* replacement = nullptr;
    size_t matched = match_name(token, is_user ? *users : *channels, is_user, &key, &replacement);
    if (matched && !in_url_word(text, i, end, floor)) {  // the URL test only for names looked for
      MentionKind kind = is_user ? MentionKind::kUser : MentionKind::kChannel;
      if (!on_match(context, MentionMatch{kind, i + 1, matched, key, replacement})) return false;
    }
    i = end;
  }
  return true;
}

bool has_mentions(std::string_view text, const MentionMaps& maps) {
  return !scan_mentions(text, maps, [](void*, const MentionMatch&) { return false; }, nullptr);
}

size_t rewrite_mentions(std::string_view text, const MentionMaps& maps, std::string& out) {
  struct State {
    std::string_view text;
    std::string& out;
    size_t copied = 0;
    size_t count = 0;
  } state{text, out};
  scan_mentions(text, maps, [](void* context, const MentionMatch& m) {
    auto& s = *static_cast<State*>(context);
    s.out.append(s.text.data() + s.copied, m.begin - s.copied);
    s.out.append(*m.replacement);
    s.copied = m.begin + m.size;
    ++s.count;
    return true;
  }, &state);
  if (state.count) out.append(text.data() + state.copied, text.size() - state.copied);
  return state.count;
}

}  // namespace mm
