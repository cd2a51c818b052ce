// Rewrites `post` and `direct_post` payloads by the plan: team and channel (posts), author,
// channel_members (direct posts), flagged_by, thread_followers, replies (author, flagged_by,
// message, reactions, attachments), reactions (user, emoji_name), attachment paths (fixed or the
// entry removed), and @user / ~channel / :emoji: references in messages (channel references in
// posts and their replies only, resolved in the post's source team). Its members are told apart
// by the one post visitor (jsonl/PostView.h, walk_post).
#pragma once

#include <vector>

#include "stages/RenameWalk.h"

namespace mm {

class PostRewriter {
 public:
  // `payload` is the value of the line's "post" (direct = false) or "direct_post" member.
  void rewrite(od::value& payload, bool direct, RewriteContext& ctx);

 private:
  void message(od::value& v, const RewriteMaps& maps);
  struct Visit;
  void reactions(od::value& v, RewriteContext& ctx);
  void attachments(od::value& v, RewriteContext& ctx);
  void thread_followers(od::value& v, RewriteContext& ctx);

  // Messages are rewritten once the post's team is known (it may come after them).
  std::vector<StringRef> messages_;
};

}  // namespace mm
