#include "stages/PostScanner.h"

#include <algorithm>
#include <cstring>

#include "jsonl/JsonToken.h"
#include "jsonl/ByteSigns.h"
#include "jsonl/Lines.h"
#include "stages/InstanceIndex.h"
#include "jsonl/LineClassifier.h"
#include "jsonl/LineType.h"
#include "jsonl/PostView.h"

namespace mm {

namespace od = simdjson::ondemand;

MentionTargets::MentionTargets(const MergePlan& plan) {
  for (const auto& [key, d] : plan.users) {
    if (d.action != UserAction::kMap && d.action != UserAction::kRename) continue;
    users_.add(key, d.target);
    user_ids_.emplace(key, subjects_.size());
    subjects_.push_back("@" + d.username);
  }
  for (const auto& [key, d] : plan.channels) {
    if (d.action != ChannelAction::kRename) continue;
    std::string team = ascii_lower(d.team);
    std::string name = ascii_lower(d.name);
    channels_[team].add(name, d.new_name);
    channel_ids_[team].emplace(name, subjects_.size());
    subjects_.push_back("~" + d.team + "/" + d.name);
  }
}

const NameMap* MentionTargets::channels(std::string_view team_lower) const {
  auto it = channels_.find(team_lower);
  return it == channels_.end() ? nullptr : &it->second;
}

size_t MentionTargets::channel_id(std::string_view team_lower, std::string_view key) const {
  return channel_ids_.find(team_lower)->second.find(key)->second;
}

namespace {

bool is_lower_alnum(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }

}  // namespace

bool has_permalink(std::string_view text) {
  size_t at = 0;
  while ((at = text.find("/pl/", at)) != std::string_view::npos) {
    size_t id = at + 4;
    bool id_ok = id + 26 <= text.size();
    for (size_t i = 0; id_ok && i < 26; ++i) id_ok = is_lower_alnum(text[id + i]);
    if (id_ok) {
      // The team segment: back to the '/', all [a-z0-9_-], the first one [a-z0-9].
      size_t start = at;
      while (start > 0 && (is_lower_alnum(text[start - 1]) || text[start - 1] == '_' || text[start - 1] == '-')) --start;
      if (start < at && start > 0 && text[start - 1] == '/' && is_lower_alnum(text[start])) return true;
    }
    at += 1;
  }
  return false;
}

void PostScanner::scan_message(std::string_view text, const NameMap* channels, std::string_view team_lower,
                               Result& result, std::vector<size_t>& seen) const {
  if (has_permalink(text)) result.permalink_messages++;
  if (targets_.empty()) return;
  MentionMaps maps;
  maps.users = targets_.users().empty() ? nullptr : &targets_.users();
  maps.channels = channels;
  if (!maps.users && !maps.channels) return;
  seen.clear();
  find_mentions(text, maps, [&](const MentionMatch& m) {
    size_t id = m.kind == MentionKind::kUser ? targets_.user_id(m.key) : targets_.channel_id(team_lower, m.key);
    if (std::find(seen.begin(), seen.end(), id) == seen.end()) seen.push_back(id);
  });
  for (size_t id : seen) result.mention_messages[id]++;
}

namespace {

// Whether the line's last byte other than white space is '}'; a line cut short is not.
bool ends_with_brace(std::string_view t) {
  size_t end = t.size();
  while (end > 0 && is_json_space(t[end - 1])) --end;
  return end > 0 && t[end - 1] == '}';
}

}  // namespace

uint32_t PostScanner::process(const Chunk& chunk, od::parser& parser, Result& result) const {
  result.mention_messages.assign(targets_.subjects().size(), 0);
  result.permalink_messages = 0;
  result.attachments.clear();
  result.malformed.clear();
  const bool want_users = !targets_.users().empty();
  const bool want_channels = targets_.has_channels();
  LineClassifier classifier;
  PostView post, direct;  // each payload as the importer decodes it (jsonl/PostView.h)
  std::vector<char> go_utf8;
  std::vector<size_t> seen;
  std::string team_lower;
  std::string why;
  return for_each_line(chunk, [&](const Line& line) {
    // What this scanner collects lies in a post's texts and paths: a whole line without any sign
    // of it (an '@', '~', "/pl/", an escape that could hide one; attachments when listed) holds
    // nothing to collect whatever its type, and is neither peeked nor parsed (the peek walks a
    // post's whole payload for a later "type"). A line whose type cannot be peeked is reported
    // by the index, which reads every line: each line is reported once.
    // A line that starts as a post (nearly every line) is not walked for a later "type": parsed,
    // its parse reads the type as Go does. Only such a line that fails is peeked, to decide who
    // reports it.
    std::string_view t = line.text;
    const bool closed = ends_with_brace(t);
    const bool worth = list_attachments_ || any_sign(t, '@', '~', '/', '\\', [&](size_t i) {
                         switch (t[i]) {
                           case '@': return want_users;
                           case '~': return want_channels;
                           case '/': return t.substr(i).starts_with("/pl/");
                           default: return t.substr(i + 1).starts_with('/') || t.substr(i + 1).starts_with("u00");
                         }
                       });
    if (closed && !worth) return;
    const char* payload;
    const bool starts_as_post = post_head(t, payload) != LineType::kUnknown;
    const LineType peeked = starts_as_post && closed ? LineType::kPost : peek_type(line.text, line.readable);
    const bool peeked_post = is_post_type(peeked);
    if (!peeked_post && peeked != LineType::kMalformed) return;
    if (peeked_post && !closed) {  // a line cut short
      result.malformed.push_back(
          Finding{line.index, "line", "", "malformed", "cut short: it does not end with '}'", Severity::kError});
      return;
    }
    if (!worth) return;
    post.clear();
    direct.clear();
    const unsigned parts = kPostTexts | (list_attachments_ ? unsigned{kPostPaths} : 0u);
    LineType type = classifier.classify(parser, line, &why, [&](std::string_view key, od::value& v) {
      if (key_is(key, "post")) read_post(v, post, parts);
      else if (key_is(key, "direct_post")) read_post(v, direct, parts);
    }, &go_utf8);
    if (type == LineType::kMalformed) {
      // A line whose type cannot be peeked is read (and reported) by the index already.
      if (peeked_post && (!starts_as_post || is_post_type(peek_type(t))))
        result.malformed.push_back(Finding{line.index, "line", "", "malformed", why, Severity::kError});
      return;
    }
    if (type != LineType::kPost && type != LineType::kDirectPost) return;
    const PostView& view = type == LineType::kPost ? post : direct;  // the payload the type names
    const NameMap* channels = nullptr;
    if (type == LineType::kPost && want_channels) {
      team_lower = ascii_lower(view.team.text);
      channels = targets_.channels(team_lower);
    }
    if (view.message.present) scan_message(view.message.text, channels, team_lower, result, seen);
    for (const PostView::Reply& r : view.replies)
      if (r.message.present) scan_message(r.message.text, channels, team_lower, result, seen);
    for (const PostView::Attachment& a : view.attachments)
      result.attachments.push_back(PostAttachment{line.index, std::string(a.path)});
  });
}

}  // namespace mm
