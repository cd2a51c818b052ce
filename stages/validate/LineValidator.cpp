#include "stages/validate/LineValidator.h"

#include <cstring>

#include <fmt/format.h>

#include "stages/validate/Rules.h"

namespace mm::validate {

namespace {

// Go's reading of invalid UTF-8: each byte that does not start a valid sequence becomes U+FFFD.
void replace_invalid_utf8(std::string_view in, std::vector<char>& out) {
  out.clear();
  out.reserve(in.size() * 3 + simdjson::SIMDJSON_PADDING);
  auto put = [&](std::string_view s) { out.insert(out.end(), s.begin(), s.end()); };
  const auto* p = reinterpret_cast<const unsigned char*>(in.data());
  size_t n = in.size(), i = 0;
  while (i < n) {
    unsigned char c = p[i];
    size_t len = 0;
    if (c < 0x80) len = 1;
    else if (c >= 0xC2 && c <= 0xDF) len = 2;
    else if (c >= 0xE0 && c <= 0xEF) len = 3;
    else if (c >= 0xF0 && c <= 0xF4) len = 4;
    bool ok = len > 0 && i + len <= n;
    for (size_t k = 1; ok && k < len; ++k) ok = (p[i + k] & 0xC0) == 0x80;
    if (ok && len == 3) {
      unsigned char d = p[i + 1];
      ok = !(c == 0xE0 && d < 0xA0) && !(c == 0xED && d >= 0xA0);  // overlong, surrogate
    }
    if (ok && len == 4) {
      unsigned char d = p[i + 1];
      ok = !(c == 0xF0 && d < 0x90) && !(c == 0xF4 && d >= 0x90);  // overlong, > U+10FFFF
    }
    if (ok) {
      put(in.substr(i, len));
      i += len;
    } else {
      put("\xEF\xBF\xBD");
      ++i;
    }
  }
  out.insert(out.end(), simdjson::SIMDJSON_PADDING, '\0');
}

constexpr std::string_view kPayloadKeys[] = {"role", "scheme", "team", "channel", "user", "bot",
                                             "post", "emoji", "direct_channel", "direct_post"};

LineType payload_type(std::string_view key) {
  for (std::string_view k : kPayloadKeys)
    if (go_key_equals(key, k)) return line_type_from_name(k);
  return LineType::kUnknown;
}

// All payloads of a line, decoded (a repeated key decodes into the same struct).
struct Payloads {
  OptStruct<RoleData> role;
  OptStruct<SchemeData> scheme;
  OptStruct<TeamData> team;
  OptStruct<ChannelData> channel;
  OptStruct<UserData> user;
  OptStruct<BotData> bot;
  OptStruct<PostData> post;
  OptStruct<EmojiData> emoji;
  OptStruct<DirectChannelData> direct_channel;
  OptStruct<DirectPostData> direct_post;
  bool present[kLineTypeCount] = {};
};

void decode_payload(Context& ctx, LineType t, dom::element v, Payloads& p) {
  p.present[static_cast<size_t>(t)] = true;
  switch (t) {
    case LineType::kRole: return decode(ctx, v, p.role);
    case LineType::kScheme: return decode(ctx, v, p.scheme);
    case LineType::kTeam: return decode(ctx, v, p.team);
    case LineType::kChannel: return decode(ctx, v, p.channel);
    case LineType::kUser: return decode(ctx, v, p.user);
    case LineType::kBot: return decode(ctx, v, p.bot);
    case LineType::kPost: return decode(ctx, v, p.post);
    case LineType::kEmoji: return decode(ctx, v, p.emoji);
    case LineType::kDirectChannel: return decode(ctx, v, p.direct_channel);
    case LineType::kDirectPost: return decode(ctx, v, p.direct_post);
    default: return;
  }
}

// Runs the rules of payload `t` (or only its nested decoding, with rules off). Returns false if
// the payload is absent or null.
bool validate_payload(Context& ctx, LineType t, const Payloads& p) {
  switch (t) {
    case LineType::kRole:
      if (!p.role.set) return false;
      validate_role(ctx, p.role.value);
      if (p.role.value.name.set) ctx.define(NameKind::kRole, p.role.value.name.value);
      return true;
    case LineType::kScheme: return p.scheme.set && (validate_scheme(ctx, p.scheme.value), true);
    case LineType::kTeam: return p.team.set && (validate_team(ctx, p.team.value), true);
    case LineType::kChannel: return p.channel.set && (validate_channel(ctx, p.channel.value), true);
    case LineType::kUser: return p.user.set && (validate_user(ctx, p.user.value), true);
    case LineType::kBot: return p.bot.set && (validate_bot(ctx, p.bot.value), true);
    case LineType::kPost: return p.post.set && (validate_post(ctx, p.post.value), true);
    case LineType::kEmoji: return p.emoji.set && (validate_emoji(ctx, p.emoji.value), true);
    case LineType::kDirectChannel:
      return p.direct_channel.set && (validate_direct_channel(ctx, p.direct_channel.value), true);
    case LineType::kDirectPost: return p.direct_post.set && (validate_direct_post(ctx, p.direct_post.value), true);
    default: return false;
  }
}

}  // namespace

void decode_fields(Context& ctx, dom::object obj, VersionInfoData& d) {
  for (auto [k, v] : obj)
    field(ctx, k, v, "generator", d.generator) || field(ctx, k, v, "version", d.version) ||
        field(ctx, k, v, "created", d.created) || field(ctx, k, v, "additional", d.additional);
}

uint32_t LineValidator::process(const Chunk& chunk, dom::parser& parser, Result& result) const {
  result.out.clear();
  result.counts = {};
  bool bom = chunk.offset == 0 && chunk.size >= 3 && std::memcmp(chunk.data, "\xEF\xBB\xBF", 3) == 0;
  return for_each_line(chunk, [&](const Line& line) {
    bool first = chunk.offset == 0 && line.index == 0;
    if (first && bom) {
      Context ctx(options_, names_, result.out);
      ctx.begin_line(0, "line");
      ctx.line_error(kJsonDecodeRule, "", "line 1 starts with a UTF-8 byte order mark, which the importer rejects");
      result.counts[static_cast<size_t>(LineType::kMalformed)]++;
      return;
    }
    result.counts[static_cast<size_t>(validate_line(parser, line, first, result))]++;
  });
}

LineType LineValidator::validate_line(dom::parser& parser, const Line& line, bool first, Result& result) const {
  Context ctx(options_, names_, result.out);
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
    replace_invalid_utf8(line.text, result.scratch);
    error = parser.parse(result.scratch.data(), result.scratch.size() - simdjson::SIMDJSON_PADDING, false).get(root);
  }
  if (error) {
    ctx.line_error(kJsonDecodeRule, "", fmt::format("not valid JSON: {}", simdjson::error_message(error)));
    return LineType::kMalformed;
  }
  if (!root.is_object() && !root.is_null()) {
    ctx.decode_error("a JSON object", root);
    ctx.end_line();
    return LineType::kMalformed;
  }

  // The type first (the last "type" wins; null leaves it as it was), then everything else.
  std::string_view type_name;
  if (root.is_object()) {
    for (auto [k, v] : dom::object(root)) {
      if (!go_key_equals(k, "type") || v.is_null()) continue;
      std::string_view s;
      if (!v.get_string().get(s)) type_name = s;  // a non-string is reported below
    }
  }
  LineType type = line_type_from_name(type_name);
  ctx.begin_line(line.index, type == LineType::kUnknown ? std::string_view("line") : name_of(type));

  Payloads payloads;
  OptInt version;
  OptStruct<VersionInfoData> info;
  if (root.is_object()) {
    for (auto [k, v] : dom::object(root)) {
      if (go_key_equals(k, "type")) {
        std::string_view unused;
        if (!v.is_null() && v.get_string().get(unused)) {
          Field f(ctx, "type");
          ctx.decode_error("string", v);
        }
        continue;
      }
      if (field(ctx, k, v, "version", version) || field(ctx, k, v, "info", info)) continue;
      LineType t = payload_type(k);
      if (t == LineType::kUnknown) continue;  // unknown keys are ignored
      ctx.set_rules(t == type);
      if (t != type) ctx.push(name_of(t));
      decode_payload(ctx, t, v, payloads);
      if (t != type) ctx.pop();
    }
  }

  // Nested values of every payload present are decoded; the rules run on the line's own.
  for (size_t i = 0; i < static_cast<size_t>(LineType::kUnknown); ++i) {
    LineType t = static_cast<LineType>(i);
    if (t == type || !payloads.present[i]) continue;
    ctx.set_rules(false);
    ctx.push(name_of(t));
    validate_payload(ctx, t, payloads);
    ctx.pop();
  }
  ctx.set_rules(true);

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
  } else if (!validate_payload(ctx, type, payloads)) {
    ctx.error(fmt::format("app.import.import_line.null_{}.error", name_of(type)),
              fmt::format("the \"{}\" object is missing or null", name_of(type)));
  }
  if (!ctx.end_line()) return type == LineType::kUnknown ? LineType::kMalformed : type;
  return type;
}

}  // namespace mm::validate
