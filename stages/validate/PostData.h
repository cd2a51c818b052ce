// The one post data type: what a `post` or `direct_post` payload decodes to (import_types.go's
// PostImportData, ReplyImportData, ReactionImportData, ...). Two decoders fill it and one rule set
// reads it (validate_post / validate_direct_post, PostRules.cpp), so a rule is written once:
//
// - the DOM decoder (decode_fields in PostRules.cpp, on simdjson::dom as GoJson.h decodes): a
//   list's elements stay in the DOM and are decoded as the rules reach them, in the rules' order,
//   so the findings of an element of the wrong JSON type come where they always came;
// - the plain post reader (PlainPostReader.h, one pass on the structure scanner's kernels, no
//   DOM): a list's elements are decoded as it reads them, into PostElements, reused from line to
//   line. It declines (leaves to the DOM decoder) anything it cannot decode exactly: a null, an
//   escape in a name, a repeated or unknown key, a non-empty attachment or thread follower list.
//
// Strings are string_views into the DOM or into the line: nothing is allocated per line. What the
// plain reader cannot know without decoding is left to the rules to measure only when it could
// matter: a message or emoji_name it hands over is the text between its quotes, escapes as written
// (never shorter than the decoded text, and the reader declines one longer than its limit, which
// only the decoded text could tell), and props carry a bound on their json.Marshal length instead
// of a DOM (the reader declines props whose bound is over the limit).
#pragma once

#include <cstdint>
#include <limits>
#include <span>
#include <string_view>
#include <vector>

#include "stages/validate/GoJson.h"

namespace mm::validate {

// A JSON array of T ([]T in Go): the DOM decoder's elements (in_dom), or the plain reader's,
// elements [begin, end) of *items (a vector of PostElements: its address stays while it grows).
template <class T>
struct List {
  bool set = false;
  bool in_dom = false;
  dom::array dom;
  const std::vector<T>* items = nullptr;
  uint32_t begin = 0, end = 0;

  size_t size() const { return in_dom ? dom.size() : end - begin; }
  bool empty() const { return size() == 0; }
  // The plain reader's elements (not in_dom).
  std::span<const T> decoded() const {
    return items ? std::span<const T>(items->data() + begin, end - begin) : std::span<const T>();
  }
};

// []string: an element is an OptString (null: not set).
using NameList = List<OptString>;

// props, map[string]any: the DOM decoder's object (value), whose json.Marshal length the rule
// counts when it may be over the limit; from the plain reader no value, only `runes_at_most`,
// which it checked is within the limit.
struct OptProps : OptObject {
  size_t runes_at_most = std::numeric_limits<size_t>::max();
};

struct ReactionData {
  OptString user, emoji_name;
  OptInt create_at;
};

struct AttachmentData {
  OptString path;
};

struct ThreadFollowerData {
  bool null = false;  // the element was null: a finding of its own, not a zero struct
  OptString user;
  OptInt last_viewed, unread_mentions;
};

struct ReplyData {
  OptString user, type, message;
  OptProps props;
  OptInt create_at, edit_at;
  NameList flagged_by;
  List<ReactionData> reactions;
  List<AttachmentData> attachments;
  OptBool is_pinned;
};

struct PostData {
  NameList channel_members;  // direct_post only
  OptString team, channel, user, type, message;
  OptProps props;
  OptInt create_at, edit_at;
  NameList flagged_by;
  List<ReactionData> reactions;
  List<ReplyData> replies;
  List<AttachmentData> attachments;
  List<ThreadFollowerData> thread_followers;
  OptBool is_pinned;
};
struct DirectPostData : PostData {};

// The elements of a line's lists as the plain reader decodes them; reused from line to line.
struct PostElements {
  std::vector<OptString> names;  // flagged_by and channel_members
  std::vector<ReactionData> reactions;
  std::vector<ReplyData> replies;
  void clear() {
    names.clear();
    reactions.clear();
    replies.clear();
  }
};

// The DOM decoder (PostRules.cpp): the payload objects' fields, by struct tag.
void decode_fields(Context& ctx, dom::object obj, ReactionData& d);
void decode_fields(Context& ctx, dom::object obj, AttachmentData& d);
void decode_fields(Context& ctx, dom::object obj, ThreadFollowerData& d);
void decode_fields(Context& ctx, dom::object obj, ReplyData& d);
void decode_fields(Context& ctx, dom::object obj, PostData& d);
void decode_fields(Context& ctx, dom::object obj, DirectPostData& d);

// A list field: its elements are kept in the DOM; a []string's are type-checked now (a non-string
// element fails the line, as in Go).
template <class T>
void decode(Context& ctx, dom::element v, List<T>& out) {
  if (v.is_null()) {
    out = {};
    return;
  }
  if (v.get_array().get(out.dom)) return ctx.decode_error("array", v);
  out.set = out.in_dom = true;
}
void decode(Context& ctx, dom::element v, NameList& out);

// One element of a list in the DOM, as the rules reach it: false when it has the wrong JSON type
// (recorded; the rules skip it). A null struct element is a zero struct (a null thread follower is
// marked); a []string element that is null, or (its line already failed to decode) not a string,
// is an unset OptString.
template <class T>
bool decode_item(Context& ctx, dom::element e, T& out) {
  return decode_element(ctx, e, out);
}
inline bool decode_item(Context& ctx, dom::element e, ThreadFollowerData& out) {
  if (!e.is_null()) return decode_element(ctx, e, out);
  out = {};
  out.null = true;
  return true;
}
inline bool decode_item(Context&, dom::element e, OptString& out) {
  out.set = !e.get_string().get(out.value);
  if (!out.set) out.value = {};
  return true;
}

// Calls f(element) for each element of `list` that decodes, with its index on the field path.
template <class T, class F>
void for_each_element(Context& ctx, const List<T>& list, F&& f) {
  if (!list.in_dom) {
    for (uint32_t i = list.begin; i < list.end; ++i) {
      Field fi(ctx, i - list.begin);
      f((*list.items)[i]);
    }
    return;
  }
  size_t i = 0;
  for (dom::element e : list.dom) {
    Field fi(ctx, i++);
    T item;
    if (decode_item(ctx, e, item)) f(static_cast<const T&>(item));
  }
}

// Whether some name of `list` satisfies `pred` (no field path, nothing recorded); an element
// that is neither a string nor null satisfies nothing.
template <class Pred>
bool any_name(const NameList& list, Pred&& pred) {
  if (!list.in_dom) {
    for (uint32_t i = list.begin; i < list.end; ++i)
      if (pred((*list.items)[i])) return true;
    return false;
  }
  for (dom::element e : list.dom) {
    if (!e.is_null() && !e.is_string()) continue;
    OptString name;
    name.set = !e.get_string().get(name.value);
    if (!name.set) name.value = {};
    if (pred(static_cast<const OptString&>(name))) return true;
  }
  return false;
}

// Limits of post lines (docs/bulk-format.md §2.8, §2.10), the rules' and the plain reader's.
inline constexpr size_t kPostPropsMaxRunes = 800000;  // of json.Marshal(props)
inline constexpr size_t kReactionEmojiNameMaxRunes = 64;

}  // namespace mm::validate
