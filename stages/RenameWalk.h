// Renaming a string value of a parsed line through a NameMap, recorded in the line's splice and
// counted: the rewriters' one way of changing a name (jsonl/JsonWalk.h walks the line).
#pragma once

#include "jsonl/JsonWalk.h"
#include "stages/MentionScanner.h"
#include "stages/RewriteContext.h"

namespace mm {

// Rewrites the string `s` to its replacement in `map` (case-insensitive lookup); counts `change`.
inline bool rename(const StringRef& s, const NameMap& map, Change change, RewriteContext& ctx) {
  if (!s) return false;
  const std::string* to = map.find_any_case(s.text);
  if (!to) return false;
  ctx.splice.replace_string(s.token, *to);
  ctx.counts.add(change);
  return true;
}

inline bool rename_value(od::value& v, const NameMap& map, Change change, RewriteContext& ctx) {
  if (map.empty()) return false;
  return rename(read_string(v), map, change, ctx);
}

// Renames every string element of an array value.
inline void rename_elements(od::value& v, const NameMap& map, Change change, RewriteContext& ctx) {
  if (map.empty()) return;
  for_each_element(v, [&](od::value& e) { rename_value(e, map, change, ctx); });
}

}  // namespace mm
