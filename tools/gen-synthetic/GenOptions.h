// The arguments of gen-synthetic and the sizes derived from them.
#pragma once

#include <algorithm>
#include <cstdint>
#include <string>

#include "tools/gen-synthetic/SpacedShape.h"

namespace mm::gen {

struct GenOptions {
  std::string out;
  uint64_t posts = 0;            // post + direct_post lines of the source export
  uint64_t target_posts = 0;     // of the target export; set from posts / 4 when not given
  bool target_posts_given = false;
  uint32_t users = 0;            // source users (the target has as many); 0: from posts
  uint32_t teams = 3;            // source teams
  uint32_t channels = 12;        // channels per team, town-square and off-topic included
  uint64_t seed = 1;
  double attachments_rate = 0.002; // share of posts and replies that carry attachments
  double conflict_rate = 0.05;     // probability of each injected conflict per eligible object
  bool zstd = false;
  bool zip = false;
  unsigned threads = 0;          // 0: all cores
  Shape shape = Shape::kGo;      // kSpaced: a space after ':' and ',' (tools/gen-synthetic/SpacedShape.h)

  // At least one of each injected conflict kind (the rule: when there are >= 1000 posts).
  bool force_every_kind() const { return posts >= 1000; }
};

// Users per export when --users is not given.
inline uint32_t default_user_count(uint64_t posts) {
  return static_cast<uint32_t>(std::clamp<uint64_t>(posts / 1000, 40, 5000));
}

// Share of a post count written as direct_post lines.
inline uint64_t direct_post_count(uint64_t posts) { return posts / 8; }

}  // namespace mm::gen
