// A set of names compared lower-cased (ASCII, jsonl/AsciiCase.h), each with a replacement: the
// names a plan renames or maps (stages/RewriteMaps.h), the names mention scanning looks for
// (stages/MentionScanner.h), the names a plan is re-checked against (stages/PlanCheck.h).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "jsonl/AsciiCase.h"

namespace mm {

// Longest name looked up; usernames, channel and emoji names are at most 64 bytes.
inline constexpr size_t kMaxNameBytes = 128;

// Names looked for (stored lower-case), each with its replacement (empty when only counting).
class NameMap {
 public:
  // Adds or replaces `name` (lower-cased).
  void add(std::string_view name, std::string_view replacement = {});
  // The replacement for a lower-case name, or nullptr when the name is not in the map.
  const std::string* find(std::string_view lower_name) const {
    if (map_.empty() || lower_name.empty() || !may_contain(lower_name)) return nullptr;
    auto it = map_.find(lower_name);
    return it == map_.end() ? nullptr : &it->second;
  }
  // The same for a name in any case (lower-cased on the stack; nullptr when over 128 bytes).
  const std::string* find_any_case(std::string_view name) const;
  // The stored key (lower-case) equal to `lower_name`, or empty.
  std::string_view key(std::string_view lower_name) const {
    auto it = map_.find(lower_name);
    return it == map_.end() ? std::string_view() : std::string_view(it->first);
  }
  bool contains(std::string_view lower_name) const { return find(lower_name) != nullptr; }
  bool empty() const { return map_.empty(); }
  size_t size() const { return map_.size(); }

  struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  using Map = std::unordered_map<std::string, std::string, Hash, std::equal_to<>>;
  const Map& entries() const { return map_; }

 private:
  // A 4096-bit filter on (length, first and last byte) rejects most absent names without hashing.
  static size_t filter_bit(size_t size, char first, char last) {
    return (size * 31u + static_cast<unsigned char>(first) * 131u + static_cast<unsigned char>(last) * 7u) & 4095u;
  }
  bool may_contain(size_t size, char first, char last) const {
    size_t bit = filter_bit(size, first, last);
    return filter_[bit >> 6] & (uint64_t{1} << (bit & 63));
  }
  bool may_contain(std::string_view lower_name) const {
    return may_contain(lower_name.size(), lower_name.front(), lower_name.back());
  }

  Map map_;
  std::array<uint64_t, 64> filter_{};
};

}  // namespace mm
