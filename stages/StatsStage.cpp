#include "stages/StatsStage.h"

namespace mm {

namespace od = simdjson::ondemand;

void StatsCounts::merge(const StatsCounts& other, uint64_t first_line) {
  for (size_t i = 0; i < kLineTypeCount; ++i) lines_by_type[i] += other.lines_by_type[i];
  lines += other.lines;
  replies += other.replies;
  reactions += other.reactions;
  attachments += other.attachments;
  bytes += other.bytes;
  if (other.largest_line_bytes > largest_line_bytes) {
    largest_line_bytes = other.largest_line_bytes;
    largest_line = first_line + other.largest_line;
  }
}

namespace {

uint64_t count_array(od::value value) {
  od::array array;
  if (value.get_array().get(array)) return 0;  // null or not an array
  uint64_t n = 0;
  for (auto element : array) {
    (void)element;
    ++n;
  }
  return n;
}

// Counts replies, reactions and attachments of one post / direct_post payload.
void count_post(od::object post, StatsCounts& counts) {
  for (auto field_result : post) {
    od::field field;
    if (std::move(field_result).get(field)) return;
    std::string_view key = raw_key(field);
    if (key_is(key, "reactions")) {
      counts.reactions += count_array(field.value());
    } else if (key_is(key, "attachments")) {
      counts.attachments += count_array(field.value());
    } else if (key_is(key, "replies")) {
      od::array replies;
      if (field.value().get_array().get(replies)) continue;
      for (auto reply_result : replies) {
        od::object reply;
        counts.replies++;
        if (std::move(reply_result).get_object().get(reply)) continue;
        for (auto reply_field : reply) {
          od::field rf;
          if (std::move(reply_field).get(rf)) break;
          std::string_view rkey = raw_key(rf);
          if (key_is(rkey, "reactions")) counts.reactions += count_array(rf.value());
          else if (key_is(rkey, "attachments")) counts.attachments += count_array(rf.value());
        }
      }
    }
  }
}

}  // namespace

uint32_t StatsStage::process(const Chunk& chunk, od::parser& parser, Result& result) const {
  result.counts = {};
  result.findings.clear();
  std::string why;
  uint32_t lines = for_each_line(chunk, [&](const Line& line) {
    StatsCounts& c = result.counts;
    c.lines++;
    if (line.text.size() > c.largest_line_bytes) {
      c.largest_line_bytes = line.text.size();
      c.largest_line = line.index;
    }
    // Nested counts of a "post" / "direct_post" payload, kept only if "type" agrees.
    StatsCounts nested;
    std::string_view nested_key;
    LineType type = classifier_.classify(parser, line, &why, [&](std::string_view key, od::value& value) {
      if (!key_is(key, "post") && !key_is(key, "direct_post")) return;
      od::object post;
      if (value.get_object().get(post)) return;
      nested = {};
      nested_key = key;
      count_post(post, nested);
    });
    c.lines_by_type[static_cast<size_t>(type)]++;
    if (type == LineType::kMalformed) {
      result.findings.push_back({line.index, "", "", "malformed_line", why, Severity::kError});
      return;
    }
    if ((type == LineType::kPost || type == LineType::kDirectPost) && key_is(nested_key, name_of(type))) {
      c.replies += nested.replies;
      c.reactions += nested.reactions;
      c.attachments += nested.attachments;
    }
  });
  result.counts.bytes = chunk.size;
  return lines;
}

}  // namespace mm
