// The names a file defines (teams, channels, users, …) and where, shared between the pipeline's
// parallel per-line stage (which looks names up) and its serial in-order stage (which adds them).
// Lookups may run while names are added: the maps are concurrent, and only ever grow.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include <oneapi/tbb/concurrent_unordered_map.h>

namespace mm::validate {

enum class NameKind : uint8_t { kTeam, kChannel, kUser, kEmoji, kScheme, kRole };
inline constexpr size_t kNameKindCount = 6;
inline constexpr std::string_view kNameKindNames[kNameKindCount] = {"team", "channel", "user",
                                                                    "emoji", "scheme", "role"};

enum class SchemeScope : uint8_t { kNone, kTeam, kChannel, kOther };

struct NameDef {
  uint64_t line = 0;       // 1-based line of the definition (in the target export if in_target)
  bool in_target = false;  // defined by the --target export
  bool archived = false;   // a channel with deleted_at > 0
  SchemeScope scope = SchemeScope::kNone;
};

struct NameEq {
  using is_transparent = void;
  bool operator()(std::string_view a, std::string_view b) const { return a == b; }
};
struct NameHash {
  using transparent_key_equal = NameEq;  // oneTBB's spelling of heterogeneous lookup
  size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};

// Keys are lower-cased names; a channel's key is "team/channel".
class NameTable {
 public:
  NameTable() : id_(next_id()) {}
  // Distinguishes tables, for caches of names found (Context).
  uint64_t id() const { return id_; }

  using Map = tbb::concurrent_unordered_map<std::string, NameDef, NameHash, NameEq>;

  const NameDef* find(NameKind kind, std::string_view key) const {
    const Map& m = maps_[static_cast<size_t>(kind)];
    auto it = m.find(key);
    return it == m.end() ? nullptr : &it->second;
  }
  // Adds a definition; returns the earlier one if the name was defined already. Entries never
  // change once added (readers run concurrently): a file's definition of a name the target has
  // keeps the target's entry (the import updates that object; an archived channel stays archived).
  const NameDef* add(NameKind kind, std::string_view key, const NameDef& def) {
    Map& m = maps_[static_cast<size_t>(kind)];
    auto [it, inserted] = m.emplace(std::string(key), def);
    if (inserted || (it->second.in_target && !def.in_target)) return nullptr;
    return &it->second;
  }
  size_t size(NameKind kind) const { return maps_[static_cast<size_t>(kind)].size(); }

 private:
  static uint64_t next_id() {
    static std::atomic<uint64_t> counter{0};
    return ++counter;
  }
  uint64_t id_;
  Map maps_[kNameKindCount];
};

}  // namespace mm::validate
