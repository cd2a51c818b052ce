// `channel` lines (docs/bulk-format.md §2.5).
#include <fmt/format.h>

#include "stages/validate/NameRules.h"
#include "stages/validate/Rules.h"

namespace mm::validate {

void decode_fields(Context& ctx, dom::object obj, ChannelData& d) {
  for (auto [k, v] : obj)
    field(ctx, k, v, "team", d.team) || field(ctx, k, v, "name", d.name) ||
        field(ctx, k, v, "display_name", d.display_name) || field(ctx, k, v, "type", d.type) ||
        field(ctx, k, v, "header", d.header) || field(ctx, k, v, "purpose", d.purpose) ||
        field(ctx, k, v, "scheme", d.scheme) || field(ctx, k, v, "deleted_at", d.deleted_at);
}

void validate_channel(Context& ctx, const ChannelData& d) {
  if (!d.team.set) {
    Field f(ctx, "team");
    ctx.error("app.import.validate_channel_import_data.team_missing.error", "team is missing");
  }
  {
    Field f(ctx, "name");
    if (!d.name.set) {
      ctx.error("app.import.validate_channel_import_data.name_missing.error", "name is missing");
    } else if (d.name.value.size() > 64) {
      ctx.error("app.import.validate_channel_import_data.name_length.error",
                fmt::format("name \"{}\" is {} bytes, more than 64", shorten(d.name.value), d.name.value.size()));
    } else {
      std::string_view lower = go_to_lower(d.name.value, ctx.scratch());
      if (!is_valid_channel_identifier(lower))
        ctx.error("app.import.validate_channel_import_data.name_characters.error",
                  fmt::format("invalid channel name \"{}\": [a-z0-9_-], starting with a letter or digit",
                              shorten(d.name.value)));
      else if (is_direct_or_group_channel_name(lower))
        ctx.error("model.channel.is_valid.name.app_error",
                  fmt::format("channel name \"{}\" has the form of a direct or group message channel",
                              shorten(d.name.value)));
    }
  }
  if (d.display_name.set) {
    size_t runes = rune_count(d.display_name.value);
    if (runes > 64) {
      Field f(ctx, "display_name");
      ctx.error("app.import.validate_channel_import_data.display_name_length.error",
                fmt::format("display_name is {} characters, more than 64", runes));
    }
  }
  {
    Field f(ctx, "type");
    if (!d.type.set)
      ctx.error("app.import.validate_channel_import_data.type_missing.error", "type is missing");
    else if (d.type.value != "O" && d.type.value != "P")
      ctx.error("app.import.validate_channel_import_data.type_invalid.error",
                fmt::format("type \"{}\" is not \"O\" or \"P\"", shorten(d.type.value)));
  }
  if (d.header.set) {
    size_t runes = rune_count(d.header.value);
    if (runes > 1024) {
      Field f(ctx, "header");
      ctx.error("app.import.validate_channel_import_data.header_length.error",
                fmt::format("header is {} characters, more than 1024", runes));
    }
  }
  if (d.purpose.set) {
    size_t runes = rune_count(d.purpose.value);
    if (runes > 250) {
      Field f(ctx, "purpose");
      ctx.error("app.import.validate_channel_import_data.purpose_length.error",
                fmt::format("purpose is {} characters, more than 250", runes));
    }
  }
  if (d.scheme.set) {
    Field f(ctx, "scheme");
    if (!is_valid_scheme_name(d.scheme.value))
      ctx.error("app.import.validate_channel_import_data.scheme_invalid.error",
                fmt::format("invalid scheme name \"{}\"", shorten(d.scheme.value)));
    else
      ctx.ref(NameKind::kScheme, d.scheme.value, kSchemeNotFound, SchemeScope::kChannel);
  }
  if (d.team.set) {
    Field f(ctx, "team");
    ctx.ref(NameKind::kTeam, d.team.value, "app.import.import_channel.team_not_found.error");
  }
  if (d.team.set && d.name.set)
    ctx.define_channel(d.team.value, d.name.value, d.deleted_at.set && d.deleted_at.value > 0);
}

}  // namespace mm::validate
