// The mention scanner and rewriter on arbitrary text: no crash; rewriting with identity
// replacements gives the text back; a text without matches is left untouched.
#include <cstdlib>
#include <string>

#include "stages/MentionScanner.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static mm::NameMap users, channels, emoji, same_users;
  static bool init = [] {
    for (const char* u : {"bob", "bob.smith", "a", "alice-", "x_y"}) users.add(u, std::string("renamed-") + u);
    for (const char* u : {"bob", "bob.smith", "a", "alice-", "x_y"}) same_users.add(u, u);
    for (const char* c : {"town-square", "dev", "b"}) channels.add(c, std::string("src-") + c);
    for (const char* e : {"party", "+1", "ok_hand"}) emoji.add(e, std::string("src-") + e);
    return true;
  }();
  (void)init;
  std::string_view text(reinterpret_cast<const char*>(data), size);
  mm::MentionMaps maps{&users, &channels, &emoji};
  std::string out;
  size_t n = mm::rewrite_mentions(text, maps, out);
  if (n == 0 && !out.empty()) std::abort();
  if ((n > 0) != mm::has_mentions(text, maps)) std::abort();
  mm::MentionMaps identity{&same_users, nullptr, nullptr};
  std::string back;
  size_t m = mm::rewrite_mentions(text, identity, back);
  if (m > 0 && back.size() != text.size()) std::abort();
  return 0;
}
