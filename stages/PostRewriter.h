// Rewrites `post` and `direct_post` payloads by the plan: team and channel (posts), author,
// channel_members (direct posts), flagged_by, thread_followers, replies (author, flagged_by,
// message, reactions, attachments), reactions (user, emoji_name), attachment paths (fixed or the
// entry removed), and @user / ~channel / :emoji: references in messages (channel references in
// posts and their replies only, resolved in the post's source team). Its members are told apart
// by the one post visitor (jsonl/PostView.h, walk_post).
//
// Most post lines are of the plain shape that validate's plain post reader decodes in one pass
// (stages/validate/PlainPostReader.h): apply reads those with it and renames from its decoding
// (rewrite_plain), the same edits and counts as the On Demand walk makes, which a line of any
// other shape goes through. The walk was over a quarter of apply's CPU (docs/performance.md, "apply: the
// plain post path"); tests/unit/apply_stage_test.cpp runs both on the same lines.
#pragma once

#include <string>
#include <vector>

#include "stages/RenameWalk.h"
#include "stages/validate/PostData.h"

namespace mm {

class PostRewriter {
 public:
  // `payload` is the value of the line's "post" (direct = false) or "direct_post" member.
  void rewrite(od::value& payload, bool direct, RewriteContext& ctx);
  // The same from the plain post reader's decoding of the line. False, with nothing edited or
  // counted, for what it leaves to rewrite(): a reaction whose emoji the plan drops (its element
  // is removed, whose span the decoding does not hold) or an emoji name with an escape.
  bool rewrite_plain(const validate::PostData& post, bool direct, RewriteContext& ctx);

 private:
  void message(od::value& v, const RewriteMaps& maps);
  void mentions(RewriteContext& ctx, const NameMap* channels);
  struct Visit;
  void reactions(od::value& v, RewriteContext& ctx);
  void attachments(od::value& v, RewriteContext& ctx);
  void thread_followers(od::value& v, RewriteContext& ctx);

  // Messages are rewritten once the post's team is known (it may come after them).
  std::vector<StringRef> messages_;
  // rewrite_plain's messages with escapes, unescaped into one buffer; the views into it are made
  // once it stops growing.
  struct Unescaped {
    size_t message;      // index in messages_
    size_t begin, size;  // in unescaped_
  };
  std::string unescaped_;
  std::vector<Unescaped> escaped_;
};

}  // namespace mm
