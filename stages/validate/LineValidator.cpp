#include "stages/validate/LineValidator.h"

#include <cstring>

#include <fmt/format.h>

#include "jsonl/GoUtf8.h"
#include "stages/validate/Rules.h"

namespace mm::validate {

namespace {

constexpr std::string_view kPayloadKeys[] = {"role", "scheme", "team", "channel", "user", "bot",
                                             "post", "emoji", "direct_channel", "direct_post"};

LineType payload_type(std::string_view key) {
  for (std::string_view k : kPayloadKeys)
    if (go_key_equals(key, k)) return line_type_from_name(k);
  return LineType::kUnknown;
}

// Decodes every occurrence of payload key `tag` into one struct (a repeated key decodes into the
// same struct, as in Go) and runs `validate` on it (with rules off unless `active`). False when
// the payload is null.
template <class T, class Validate>
bool run_payload(Context& ctx, dom::object root, std::string_view tag, bool active, Validate&& validate) {
  OptStruct<T> data;
  ctx.set_rules(active);
  if (!active) ctx.push(tag);
  for (auto [k, v] : root)
    if (go_key_equals(k, tag)) decode(ctx, v, data);
  if (data.set) validate(ctx, data.value);
  if (!active) ctx.pop();
  ctx.set_rules(true);
  return data.set;
}

bool run_payload(Context& ctx, dom::object root, LineType t, bool active) {
  std::string_view tag = name_of(t);
  switch (t) {
    case LineType::kRole:
      return run_payload<RoleData>(ctx, root, tag, active, [](Context& c, const RoleData& d) {
        validate_role(c, d);
        if (d.name.set) c.define(NameKind::kRole, d.name.value);
      });
    case LineType::kScheme: return run_payload<SchemeData>(ctx, root, tag, active, validate_scheme);
    case LineType::kTeam: return run_payload<TeamData>(ctx, root, tag, active, validate_team);
    case LineType::kChannel: return run_payload<ChannelData>(ctx, root, tag, active, validate_channel);
    case LineType::kUser: return run_payload<UserData>(ctx, root, tag, active, validate_user);
    case LineType::kBot: return run_payload<BotData>(ctx, root, tag, active, validate_bot);
    case LineType::kPost: return run_payload<PostData>(ctx, root, tag, active, validate_post);
    case LineType::kEmoji: return run_payload<EmojiData>(ctx, root, tag, active, validate_emoji);
    case LineType::kDirectChannel:
      return run_payload<DirectChannelData>(ctx, root, tag, active, validate_direct_channel);
    case LineType::kDirectPost: return run_payload<DirectPostData>(ctx, root, tag, active, validate_direct_post);
    default: return false;
  }
}

}  // namespace

void decode_fields(Context& ctx, dom::object obj, VersionInfoData& d) {
  for (auto [k, v] : obj)
    field(ctx, k, v, "generator", d.generator) || field(ctx, k, v, "version", d.version) ||
        field(ctx, k, v, "created", d.created) || field(ctx, k, v, "additional", d.additional);
}

namespace {

LineValidator::Result& cleared(LineValidator::Result& result) {
  result.out.clear();
  result.counts = {};
  return result;
}

}  // namespace

LineValidator::ChunkCheck::ChunkCheck(const LineValidator& validator, bool first_chunk, Result& result)
    : validator_(validator), first_chunk_(first_chunk), result_(cleared(result)),
      ctx_(validator.options_, validator.names_, result.out, result.ws) {}

void LineValidator::ChunkCheck::line(dom::parser& parser, const Line& line, bool utf8_checked) {
  if (first(line) && line.text.starts_with(kUtf8Bom)) return byte_order_mark();
  LineType type;
  if (!first(line) && validator_.plain_.read(line, utf8_checked, result_.elements, result_.post, type)) {
    plain_post(parser, line, type, result_.post);
    return;
  }
  type = validator_.check_line(parser, line, first(line), ctx_, result_.utf8);
  result_.counts[static_cast<size_t>(type)]++;
}

void LineValidator::ChunkCheck::plain_post(dom::parser& parser, const Line& line, LineType type, const PostData& post) {
  if (first(line)) {  // line 1 is the version line's: the full check says what is wrong
    type = validator_.check_line(parser, line, true, ctx_, result_.utf8);
  } else {
    ctx_.begin_line(line.index, name_of(type));
    if (type == LineType::kPost) validate_post(ctx_, post);
    else validate_direct_post(ctx_, post);
    ctx_.end_line();
  }
  result_.counts[static_cast<size_t>(type)]++;
}

void LineValidator::ChunkCheck::byte_order_mark() {
  ctx_.begin_line(0, "line");
  ctx_.line_error(kJsonDecodeRule, "", "line 1 starts with a UTF-8 byte order mark, which the importer rejects");
  result_.counts[static_cast<size_t>(LineType::kMalformed)]++;
}

uint32_t LineValidator::process(const Chunk& chunk, dom::parser& parser, Result& result) const {
  ChunkCheck check(*this, chunk.offset == 0, result);
  bool utf8_checked = plain_.enabled() && simdjson::validate_utf8(chunk.data, chunk.size);
  return for_each_line(chunk, [&](const Line& line) {
    if (chunk.offset == 0 && line.index == 0 && chunk.bom) check.byte_order_mark();
    else check.line(parser, line, utf8_checked);
  });
}

uint32_t LineValidator::definitions(const Chunk& chunk, dom::parser& parser, Result& result) const {
  result.out.clear();
  return for_each_line(chunk, [&](const Line& line) {
    if (is_post_type(peek_type(line.text, line.readable))) return;
    validate_line(parser, line, false, result);
  });
}

LineType LineValidator::validate_line(dom::parser& parser, const Line& line, bool first, Result& result) const {
  Context ctx(options_, names_, result.out, result.ws);
  return check_line(parser, line, first, ctx, result.utf8);
}

LineType LineValidator::check_line(dom::parser& parser, const Line& line, bool first, Context& ctx,
                                   std::vector<char>& utf8) const {
  ctx.begin_line(line.index, "line");
  if (line.text.size() > kMaxLineBytes) {
    ctx.line_error("app.import.bulk_import.file_scan.error", "",
                   fmt::format("line is {} bytes, more than the importer's 16 MiB line limit", line.text.size()));
    return LineType::kMalformed;
  }
  if (line.text.find_first_not_of(" \t\r") == std::string_view::npos) {
    ctx.line_error(kJsonDecodeRule, "", "empty line");
    return LineType::kMalformed;
  }
  dom::element root;
  auto error = parser.parse(line.text.data(), line.text.size(), false).get(root);
  if (error == simdjson::UTF8_ERROR) {
    replace_invalid_utf8(line.text, utf8);
    error = parser.parse(utf8.data(), utf8.size() - simdjson::SIMDJSON_PADDING, false).get(root);
  }
  if (error) {
    ctx.line_error(kJsonDecodeRule, "", fmt::format("not valid JSON: {}", simdjson::error_message(error)));
    return LineType::kMalformed;
  }
  if (!root.is_object() && !root.is_null()) {  // Unmarshal into a struct: a type error
    ctx.decode_error("a JSON object", root);
    ctx.end_line();
    return LineType::kMalformed;
  }
  if (root.is_null()) {  // decodes to an empty line: no type
    ctx.error(first ? "app.import.process_import_data_file_version_line.invalid_version.error"
                    : "app.import.import_line.unknown_line_type.error",
              "the line is null: no line type");
    return LineType::kUnknown;
  }
  dom::object object(root);

  // The type first (the last "type" wins; null leaves it as it was), which payloads are present.
  std::string_view type_name;
  bool has_type = false;  // a string "type": without one the line is malformed, as peek_type reads it
  bool present[kLineTypeCount] = {};
  for (auto [k, v] : object) {
    if (go_key_equals(k, "type")) {
      std::string_view s;
      if (!v.is_null() && !v.get_string().get(s)) {
        type_name = s;
        has_type = true;
      }
    } else {
      present[static_cast<size_t>(payload_type(k))] = true;
    }
  }
  LineType type = line_type_from_name(type_name);
  ctx.begin_line(line.index, type == LineType::kUnknown ? std::string_view("line") : name_of(type));

  OptInt version;
  OptStruct<VersionInfoData> info;
  bool type_error = false;  // a "type" that is no string: malformed, as peek_type reads it
  for (auto [k, v] : object) {
    if (go_key_equals(k, "type")) {
      std::string_view unused;
      if (!v.is_null() && v.get_string().get(unused)) {
        Field f(ctx, "type");
        ctx.decode_error("string", v);
        type_error = true;
      }
    } else {
      field(ctx, k, v, "version", version) || field(ctx, k, v, "info", info);
    }
  }
  // Payloads of other types are decoded too (the importer decodes every key it knows).
  for (size_t i = 0; i < static_cast<size_t>(LineType::kUnknown); ++i)
    if (present[i] && static_cast<LineType>(i) != type) run_payload(ctx, object, static_cast<LineType>(i), false);

  if (first) {
    if (type != LineType::kVersion || !version.set) {
      ctx.error("app.import.process_import_data_file_version_line.invalid_version.error",
                type != LineType::kVersion ? "line 1 must be the version line {\"type\":\"version\",\"version\":1}"
                                           : "the version line has no version");
    } else if (version.value != 1) {
      Field f(ctx, "version");
      ctx.error("app.import.bulk_import.unsupported_version.error",
                fmt::format("version {} is not supported: 1", version.value));
    }
  } else if (type == LineType::kVersion) {
    ctx.error("app.import.import_line.unknown_line_type.error",
              "a second version line (the version line must be line 1, once)");
  } else if (type == LineType::kUnknown) {
    Field f(ctx, "type");
    ctx.error("app.import.import_line.unknown_line_type.error",
              type_name.empty() ? std::string("no line type") : fmt::format("unknown line type \"{}\"", shorten(type_name)));
  } else if (!present[static_cast<size_t>(type)] || !run_payload(ctx, object, type, true)) {
    ctx.error(fmt::format("app.import.import_line.null_{}.error", name_of(type)),
              fmt::format("the \"{}\" object is missing or null", name_of(type)));
  }
  if (!ctx.end_line() && type == LineType::kUnknown) return LineType::kMalformed;
  return has_type && !type_error ? type : LineType::kMalformed;
}

}  // namespace mm::validate
