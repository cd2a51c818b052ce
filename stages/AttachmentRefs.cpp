#include "stages/AttachmentRefs.h"

#include <algorithm>

#include <fmt/format.h>

namespace mm {

namespace od = simdjson::ondemand;

std::string AttachmentReference::field() const {
  if (kind == AttachmentRefKind::kEmojiImage) return "emoji.image";
  if (kind == AttachmentRefKind::kProfileImage) return fmt::format("{}.profile_image", name_of(line_type));
  std::string out(name_of(line_type));
  if (reply >= 0) out += fmt::format(".replies[{}]", reply);
  out += fmt::format(".attachments[{}].path", attachment);
  return out;
}

namespace {

// Collects the references of one line into a Result.
class LineWalker {
 public:
  LineWalker(AttachmentRefs::Result& result, const Line& line, uint32_t line_begin)
      : result_(result), line_(line), text_(line.text), line_begin_(line_begin), first_ref_(result.refs.size()) {}

  // A top-level "post", "direct_post", "emoji", "user" or "bot" payload (a later duplicate
  // replaces it).
  void payload(LineType type, od::value& value) {
    // The classifier read the line from its U+FFFD copy when the payload is not in the line.
    const char* at = value.raw_json_token().data();
    if (at < line_.text.data() || at >= line_.text.data() + line_.text.size()) {
      text_ = std::string_view(result_.utf8.data(), result_.utf8.size() - simdjson::SIMDJSON_PADDING);
      as_read_ = true;
    }
    erase_if([&](const AttachmentReference& r) { return r.line_type == type; });
    if (type == LineType::kPost || type == LineType::kDirectPost) return post(type, value);
    od::object object;
    if (value.get_object().get(object)) return;
    if (type == LineType::kEmoji) emoji(object);
    else profile_image(type, object);
  }

  // Keeps only the references of the payload that matches the line's type.
  void finish(LineType type) {
    erase_if([&](const AttachmentReference& r) { return r.line_type != type; });
  }

 private:
  template <class Pred>
  void erase_if(Pred pred) {
    auto begin = result_.refs.begin() + static_cast<std::ptrdiff_t>(first_ref_);
    result_.refs.erase(std::remove_if(begin, result_.refs.end(), pred), result_.refs.end());
  }

  // A post's attachments as the importer decodes them (jsonl/PostView.h).
  void post(LineType type, od::value& value) {
    read_post(value, result_.post, kPostPaths);
    for (const PostView::Attachment& a : result_.post.attachments) {
      AttachmentReference ref;
      ref.kind = AttachmentRefKind::kAttachment;
      ref.line_type = type;
      ref.reply = a.reply;
      ref.attachment = a.index;
      ref.element_begin = offset_of(a.element);
      ref.array_begin = offset_of(a.array);
      add(ref, Candidate{a.path, offset_of(a.path_token)});
    }
  }

  void emoji(od::object& object) {
    Candidate last;
    if (!last_string(object, "image", last)) return;
    AttachmentReference ref;
    ref.kind = AttachmentRefKind::kEmojiImage;
    ref.line_type = LineType::kEmoji;
    add(ref, last);
  }

  void profile_image(LineType type, od::object& object) {
    Candidate last;
    uint32_t key_begin = 0;
    if (!last_string(object, "profile_image", last, &key_begin)) return;
    AttachmentReference ref;
    ref.kind = AttachmentRefKind::kProfileImage;
    ref.line_type = type;
    ref.element_begin = key_begin;
    add(ref, last);
  }

  struct Candidate {
    std::string_view path;  // unescaped, in the parser's string buffer; empty: no reference
    uint32_t value_begin = 0;
  };

  // The value of the last `key` member of `object` (Go's decoder keeps the last duplicate) as a
  // candidate path; with key_begin, where that member starts (its key's opening quote). False on a
  // parse error.
  bool last_string(od::object& object, std::string_view key, Candidate& out, uint32_t* key_begin = nullptr) {
    for (auto field_result : object) {
      od::field field;
      if (std::move(field_result).get(field)) return false;
      if (!key_is(raw_key(field), key)) continue;
      if (key_begin) *key_begin = offset_of(field.key().raw()) - 1;
      od::value value = field.value();
      out = candidate(value);
    }
    return true;
  }

  Candidate candidate(od::value& value) {
    Candidate c;
    std::string_view token = value.raw_json_token();
    if (token.empty() || token[0] != '"') return c;
    std::string_view path;
    if (value.get_string().get(path)) return c;
    c.path = path;
    c.value_begin = offset_of(token.data());
    return c;
  }

  void add(AttachmentReference& ref, const Candidate& c) {
    if (c.path.empty()) return;
    ref.line = line_.index;
    ref.line_begin = line_begin_;
    ref.line_size = static_cast<uint32_t>(line_.text.size());
    ref.path_offset = static_cast<uint32_t>(result_.paths.size());
    ref.path_size = static_cast<uint32_t>(c.path.size());
    result_.paths.append(c.path);
    ref.value_begin = c.value_begin;
    ref.value_end = static_cast<uint32_t>(json_value_end(text_, c.value_begin));
    if (as_read_) {
      if (text_offset_ < 0) {
        text_offset_ = static_cast<int64_t>(result_.texts.size());
        result_.texts.append(text_);
      }
      ref.as_read = true;
      ref.text_offset = static_cast<uint32_t>(text_offset_);
      ref.text_size = static_cast<uint32_t>(text_.size());
    }
    result_.refs.push_back(ref);
  }

  uint32_t offset_of(const char* p) const { return static_cast<uint32_t>(p - text_.data()); }

  AttachmentRefs::Result& result_;
  const Line& line_;
  std::string_view text_;  // the line as read: line_.text, or its U+FFFD copy in result_.utf8
  bool as_read_ = false;
  int64_t text_offset_ = -1;
  uint32_t line_begin_;
  size_t first_ref_;
};

}  // namespace

uint32_t AttachmentRefs::process(const Chunk& chunk, od::parser& parser, Result& result) const {
  result.refs.clear();
  result.paths.clear();
  result.findings.clear();
  result.texts.clear();
  std::string why;
  return for_each_line(chunk, [&](const Line& line) {
    LineWalker walker(result, line, static_cast<uint32_t>(line.text.data() - chunk.data));
    LineType type = classifier_.classify(parser, line, &why, [&](std::string_view key, od::value& value) {
      if (key_is(key, "post")) walker.payload(LineType::kPost, value);
      else if (key_is(key, "direct_post")) walker.payload(LineType::kDirectPost, value);
      else if (key_is(key, "emoji")) walker.payload(LineType::kEmoji, value);
      else if (key_is(key, "user")) walker.payload(LineType::kUser, value);
      else if (key_is(key, "bot")) walker.payload(LineType::kBot, value);
    }, &result.utf8);
    walker.finish(type);
    if (type == LineType::kMalformed && !result.findings.counted("malformed_line", Severity::kError))
      result.findings.push_back({line.index, "", "", "malformed_line", why, Severity::kError});
  });
}

void rewrite_attachment_line(std::string_view line, const std::vector<PathReplacement>& replacements,
                             const std::vector<ElementRemoval>& removals,
                             const std::vector<MemberRemoval>& member_removals, std::string& out) {
  LineSplicer splicer;
  splicer.reset(line);
  auto span = [&](size_t begin, size_t end) { return line.substr(begin, end - begin); };
  // Removed spans, each once; a replacement inside one goes with it.
  auto removed = [&](size_t begin, size_t end, size_t upto_removals, size_t upto_members) {
    for (size_t i = 0; i < upto_removals; ++i)
      if (begin >= removals[i].element_begin && end <= json_value_end(line, removals[i].element_begin)) return true;
    for (size_t i = 0; i < upto_members; ++i)
      if (begin >= member_removals[i].begin && end <= member_removals[i].end) return true;
    return false;
  };
  for (size_t i = 0; i < removals.size(); ++i) {
    size_t begin = removals[i].element_begin;
    if (!removed(begin, begin + 1, i, 0)) splicer.remove_member(span(begin, json_value_end(line, begin)));
  }
  for (size_t i = 0; i < member_removals.size(); ++i) {
    const MemberRemoval& m = member_removals[i];
    if (!removed(m.begin, m.end, removals.size(), i)) splicer.remove_member(span(m.begin, m.end));
  }
  for (const PathReplacement& r : replacements)
    if (!removed(r.value_begin, r.value_end, removals.size(), member_removals.size()))
      splicer.replace_string(span(r.value_begin, r.value_end), r.path);
  splicer.write(out);
}

}  // namespace mm
