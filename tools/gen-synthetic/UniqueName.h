// Names made unique within a set: "base", or "base-2", "base-3"... (with another separator).
#pragma once

#include <string>
#include <string_view>
#include <unordered_set>

namespace mm::gen {

// Gives `base`, or base + sep + "2", "3"... whichever is not yet in `taken`, and adds it.
inline std::string unique_name(std::string base, std::unordered_set<std::string>& taken, std::string_view sep = "-") {
  std::string name = base;
  for (int n = 2; taken.count(name); ++n) name = base + std::string(sep) + std::to_string(n);
  taken.insert(name);
  return name;
}

}  // namespace mm::gen
