// What `gen-synthetic --evolve` does to each post of the earlier export, decided from the post
// line's own bytes (a hash with the seed), so the choice does not depend on how the file is read
// and the same seed always evolves the same posts. At most one change per post keeps every
// change of the answer key attributable to one cause.
#pragma once

#include <algorithm>
#include <cstdint>
#include <string_view>

namespace mm::gen {

enum class PostFate : uint8_t {
  kKeep,
  kDelete,    // gone from the new export
  kEdit,      // message changed, edit_at set
  kReply,     // gains a reply (sometimes with an attachment)
  kReaction,  // gains a reaction
  kPin,       // is_pinned toggled
  kFlag,      // one more user in flagged_by
};
inline constexpr int kPostFateCount = 7;

// Rates per day of the share of posts each change touches (docs/gen-synthetic.md, "--evolve"):
// for --days 3 about 1.8% of the posts change and 0.9% are added, so the delta stays well
// under 5% of a full export.
struct EvolveRates {
  double delete_per_day = 0.0005;
  double edit_per_day = 0.001;
  double reply_per_day = 0.0015;
  double reaction_per_day = 0.0015;
  double pin_per_day = 0.0003;
  double flag_per_day = 0.0003;
  double new_posts_per_day = 0.003;  // of the earlier export's posts
};

// The probability of each fate over `days`, raised to `floor` (so that a small export still gets
// a few of each kind), each capped so that their sum stays below 1.
struct FateTable {
  double p[kPostFateCount] = {};  // p[kKeep] unused

  FateTable(const EvolveRates& r, uint32_t days, double floor) {
    const double per_day[kPostFateCount] = {0, r.delete_per_day, r.edit_per_day, r.reply_per_day,
                                            r.reaction_per_day, r.pin_per_day, r.flag_per_day};
    for (int i = 1; i < kPostFateCount; ++i) p[i] = std::min(0.15, std::max(floor, per_day[i] * days));
  }

  // `h` uniform over 64 bits (a hash of the line and the seed).
  PostFate decide(uint64_t h) const {
    double u = static_cast<double>(h >> 11) * 0x1.0p-53;
    double acc = 0;
    for (int i = 1; i < kPostFateCount; ++i) {
      acc += p[i];
      if (u < acc) return static_cast<PostFate>(i);
    }
    return PostFate::kKeep;
  }
};

// Posts added over `days` for an export of `base_posts` posts (at least 10).
inline uint64_t new_post_count(const EvolveRates& r, uint32_t days, uint64_t base_posts) {
  return std::max<uint64_t>(10, static_cast<uint64_t>(static_cast<double>(base_posts) * r.new_posts_per_day * days));
}

// Users added on each side over `days` (at least 2: one of them collides with the other side).
inline uint32_t new_user_count(uint32_t days, uint64_t base_users) {
  return static_cast<uint32_t>(std::max<uint64_t>(2, base_users * days / 100));
}

// The export's section order (docs/gen-synthetic.md): new objects of a section are written
// when a later section begins.
inline int section_rank(std::string_view type) {
  static constexpr std::string_view kOrder[] = {"version", "scheme", "role", "team", "channel", "user",
                                                "bot", "post", "emoji", "direct_channel", "direct_post"};
  for (int i = 0; i < 11; ++i)
    if (kOrder[i] == type) return i;
  return -1;
}

}  // namespace mm::gen
