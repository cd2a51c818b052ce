#include "stages/ApplyStage.h"

#include <cstring>
#include <optional>

#include "jsonl/GoUtf8.h"

namespace mm {

std::optional<LineChange> ApplyStage::rewrite_plain(const Line& line, Scratch& scratch, Result& result,
                                                    bool utf8_checked) const {
  LineType type;
  if (!plain_.read(line, utf8_checked, scratch.elements, scratch.post, type)) return std::nullopt;
  scratch.plain_type = type;
  scratch.splice.reset(line.text);
  if (!maps_.rewrites_posts()) return LineChange::kUntouched;  // a plain post holds no file
  RewriteContext ctx{maps_, scratch.splice, result.counts, result.memberships, scratch.message, nullptr};
  if (!scratch.posts.rewrite_plain(scratch.post, type == LineType::kDirectPost, ctx)) {
    scratch.plain_type = LineType::kUnknown;
    return std::nullopt;
  }
  if (!scratch.splice.changed()) return LineChange::kUntouched;
  result.counts.add(Change::kLinesRewritten);
  return LineChange::kRewritten;
}

LineChange ApplyStage::rewrite_line(simdjson::ondemand::parser& parser, const Line& line, Scratch& scratch,
                                    Result& result, bool utf8_checked) const {
  scratch.plain_type = LineType::kUnknown;
  if (plain_.enabled()) {
    std::optional<LineChange> plain = rewrite_plain(line, scratch, result, utf8_checked);
    if (plain) return *plain;
  }
  std::optional<LineChange> change = rewrite_text(parser, line, scratch, result);
  if (change) return *change;
  if (simdjson::validate_utf8(line.text.data(), line.text.size())) return LineChange::kUntouched;
  // Invalid UTF-8: the importer reads the line with U+FFFD in place of each bad byte, so its names
  // must be rewritten all the same. A rewritten line is written from that reading.
  replace_invalid_utf8(line.text, scratch.utf8);
  Line as_read{{scratch.utf8.data(), scratch.utf8.size() - simdjson::SIMDJSON_PADDING}, line.index,
               scratch.utf8.size()};
  return rewrite_text(parser, as_read, scratch, result).value_or(LineChange::kUntouched);
}

std::optional<LineChange> ApplyStage::rewrite_text(simdjson::ondemand::parser& parser, const Line& line, Scratch& scratch,
                                    Result& result) const {
  scratch.splice.reset(line.text);
  RewriteContext ctx{maps_, scratch.splice, result.counts, result.memberships, scratch.message,
                     collect_files_ ? &result.files : nullptr};
  size_t files_before = result.files.size();
  ChangeCounts before = result.counts;
  size_t memberships_before = result.memberships.size();
  LineOutcome outcome = LineOutcome::kKeep;
  LineType payload_type = LineType::kUnknown;
  const bool rewrite_posts = maps_.rewrites_posts() || collect_files_;
  LineType type;
  try {
    type = classifier_.classify(parser, line, nullptr, [&](std::string_view key, od::value& value) {
      if (key_is(key, "post")) {
        payload_type = LineType::kPost;
        if (rewrite_posts) scratch.posts.rewrite(value, false, ctx);
      } else if (key_is(key, "direct_post")) {
        payload_type = LineType::kDirectPost;
        if (rewrite_posts) scratch.posts.rewrite(value, true, ctx);
      } else if (key_is(key, "user")) {
        payload_type = LineType::kUser;
        outcome = scratch.users.rewrite_user(value, ctx);
      } else if (key_is(key, "channel")) {
        payload_type = LineType::kChannel;
        definitions_.rewrite_channel(value, ctx);
      } else if (key_is(key, "team")) {
        payload_type = LineType::kTeam;
        definitions_.rewrite_team(value, ctx);
      } else if (key_is(key, "direct_channel")) {
        payload_type = LineType::kDirectChannel;
        definitions_.rewrite_direct_channel(value, ctx);
      } else if (key_is(key, "bot")) {
        payload_type = LineType::kBot;
        scratch.users.rewrite_bot(value, ctx);
      } else if (key_is(key, "emoji")) {
        payload_type = LineType::kEmoji;
        outcome = definitions_.rewrite_emoji(value, ctx);
      } else if (key_is(key, "role")) {
        payload_type = LineType::kRole;
        outcome = definitions_.rewrite_role(value, ctx);
      } else if (key_is(key, "scheme")) {
        payload_type = LineType::kScheme;
        outcome = definitions_.rewrite_scheme(value, ctx);
      }
    });
  } catch (const simdjson::simdjson_error&) {
    type = LineType::kMalformed;
  }
  if (type != payload_type) {
    // Malformed, or a payload that is not the line's type: left as it is.
    result.counts = before;
    result.memberships.resize(memberships_before);
    result.files.resize(files_before);
    if (type == LineType::kMalformed) return std::nullopt;
    return LineChange::kUntouched;
  }
  if (outcome == LineOutcome::kDrop) {
    result.files.resize(files_before);
    result.counts.add(Change::kLinesDropped);
    return LineChange::kDropped;
  }
  if (collect_files_) {
    AttachmentRefKind kind = payload_type == LineType::kEmoji ? AttachmentRefKind::kEmojiImage
                             : payload_type == LineType::kUser || payload_type == LineType::kBot
                                 ? AttachmentRefKind::kProfileImage
                                 : AttachmentRefKind::kAttachment;
    result.file_refs.resize(files_before, {});
    result.file_refs.resize(result.files.size(), {line.index, kind});
  }
  if (!scratch.splice.changed()) return LineChange::kUntouched;
  result.counts.add(Change::kLinesRewritten);
  return LineChange::kRewritten;
}

uint32_t ApplyStage::process(const Chunk& chunk, simdjson::ondemand::parser& parser, Scratch& scratch,
                             Result& result) const {
  result.clear();
  std::optional<validate::LineValidator::ChunkCheck> check;
  if (validator_) check.emplace(*validator_, chunk.offset == 0, result.checked);
  const char* end = chunk.data + chunk.size;
  // Start of the untouched bytes not yet copied. The importer rejects a byte order mark: the
  // output has none.
  const char* pending = chunk.lines_begin();
  // One UTF-8 check a chunk costs less than one a line (the plain post reader's).
  const bool utf8 = plain_.enabled() && simdjson::validate_utf8(chunk.data, chunk.size);
  uint32_t lines = for_each_line(chunk, [&](const Line& line) {
    LineChange change = rewrite_line(parser, line, scratch, result, utf8);
    if (change == LineChange::kUntouched) {
      if (check) {
        Line out{line.text, result.lines_out, line.readable};
        if (scratch.plain_type != LineType::kUnknown) check->plain_post(scratch.dom, out, scratch.plain_type, scratch.post);
        else check->line(scratch.dom, out, utf8);
      }
      ++result.lines_out;
      return;
    }
    const char* text_end = line.text.data() + line.text.size();
    const char* next = text_end;
    if (next < end && *next == '\r') ++next;
    if (next < end && *next == '\n') ++next;
    result.out.append(pending, static_cast<size_t>(line.text.data() - pending));
    if (change == LineChange::kRewritten) {
      size_t begin = result.out.size();
      scratch.splice.write(result.out);
      size_t size = result.out.size() - begin;
      if (check) {
        // Checked in place: the parsers read up to SIMDJSON_PADDING bytes past the line.
        result.out.reserve(result.out.size() + simdjson::SIMDJSON_PADDING);
        Line out{{result.out.data() + begin, size}, result.lines_out, result.out.capacity() - begin};
        check->line(scratch.dom, out, false);
      }
      ++result.lines_out;
      result.out.append(text_end, static_cast<size_t>(next - text_end));
    }
    pending = next;
  });
  if (pending == chunk.data) {
    result.whole_chunk = true;  // nothing changed: the chunk's own bytes are the output
  } else {
    result.out.append(pending, static_cast<size_t>(end - pending));
  }
  return lines;
}

}  // namespace mm
