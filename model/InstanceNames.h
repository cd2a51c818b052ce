// The one name index of an instance: the names an export defines (teams, channels, users, emoji,
// schemes, roles) and where, keyed by one rule (name_key: Go's strings.ToLower as the importer
// compares names; a channel as "team/channel"). Every command that asks "does this instance have
// that name" reads it:
//   - validate: the target's definitions and then the file's own, added in line order by the
//     serial step (stages/validate/ReferenceTracker.h) while the parallel per-line stage looks
//     names up (stages/validate/Context.h);
//   - apply: the target's definitions, read by the same one pass over the target that validation
//     takes them from (validate::LineValidator::definitions), re-check the plan (stages/PlanCheck.h);
//   - plan: each export's index (stages/InstanceIndex.h) looks its objects up by name through it.
// Lookups may run while names are added: the maps are concurrent, and only ever grow.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include <oneapi/tbb/concurrent_unordered_map.h>

#include "jsonl/AsciiCase.h"

namespace mm {

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
  uint32_t item = 0;       // plan: the object's place in its InstanceIndex list
};

// The key of a name (Go's strings.ToLower, jsonl/AsciiCase.h), and of a channel in its team.
inline std::string name_key(std::string_view name) {
  std::string key;
  go_to_lower(name, key);
  return key;
}
inline std::string channel_name_key(std::string_view team, std::string_view channel) {
  std::string key = name_key(team), lower;
  key += '/';
  key += go_to_lower(channel, lower);
  return key;
}

struct NameEq {
  using is_transparent = void;
  bool operator()(std::string_view a, std::string_view b) const { return a == b; }
};
struct NameHash {
  using transparent_key_equal = NameEq;  // oneTBB's spelling of heterogeneous lookup
  size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};

// Keys are name_key()s; a channel's key is channel_name_key().
class InstanceNames {
 public:
  InstanceNames() : id_(next_id()) {}
  // Distinguishes tables, for caches of names found (Context).
  uint64_t id() const { return id_; }

  using Map = tbb::concurrent_unordered_map<std::string, NameDef, NameHash, NameEq>;

  const NameDef* find(NameKind kind, std::string_view key) const {
    const Map& m = maps_[static_cast<size_t>(kind)];
    auto it = m.find(key);
    return it == m.end() ? nullptr : &it->second;
  }
  // The same for a name as written (its key made here); nullptr for an empty name.
  const NameDef* find_name(NameKind kind, std::string_view name) const {
    return name.empty() ? nullptr : find(kind, name_key(name));
  }
  const NameDef* find_channel(std::string_view team, std::string_view channel) const {
    return team.empty() || channel.empty() ? nullptr : find(NameKind::kChannel, channel_name_key(team, channel));
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

}  // namespace mm
