// Computes, from the two models, every conflict between objects (teams, channels, roles,
// schemes, users, emoji) by the project's conflict definitions (the kinds `plan` reports),
// whether it was injected or arose by chance, and which source users and channels are renamed or remapped (their mentions are
// counted while the messages are generated).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "tools/gen-synthetic/Conflict.h"
#include "tools/gen-synthetic/Model.h"

namespace mm::gen {

// Source users and channels whose mentions `apply` rewrites, each with a slot in the tallies.
struct MentionTargets {
  std::vector<int32_t> user_slot;     // per source user: slot, or -1
  std::vector<int32_t> channel_slot;  // per source channel: slot, or -1
  std::vector<uint32_t> users;        // slot -> source user
  std::vector<uint32_t> channels;     // slot -> source channel
};

struct ModelConflicts {
  std::vector<Conflict> conflicts;
  MentionTargets mentions;
};

ModelConflicts find_model_conflicts(const Export& source, const Export& target);

std::string lower(std::string s);

}  // namespace mm::gen
