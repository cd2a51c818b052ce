// `team` lines (docs/bulk-format.md §2.4).
#include <fmt/format.h>

#include "stages/validate/NameRules.h"
#include "stages/validate/Rules.h"

namespace mm::validate {

void decode_fields(Context& ctx, dom::object obj, TeamData& d) {
  for (auto [k, v] : obj)
    field(ctx, k, v, "name", d.name) || field(ctx, k, v, "display_name", d.display_name) ||
        field(ctx, k, v, "type", d.type) || field(ctx, k, v, "description", d.description) ||
        field(ctx, k, v, "allow_open_invite", d.allow_open_invite) || field(ctx, k, v, "scheme", d.scheme);
}

void validate_team(Context& ctx, const TeamData& d) {
  {
    Field f(ctx, "name");
    if (!d.name.set) {
      ctx.error("app.import.validate_team_import_data.name_missing.error", "name is missing");
    } else if (d.name.value.size() > 64) {
      ctx.error("app.import.validate_team_import_data.name_length.error",
                fmt::format("name \"{}\" is {} bytes, more than 64", shorten(d.name.value), d.name.value.size()));
    } else if (is_reserved_team_name(d.name.value)) {
      ctx.error("app.import.validate_team_import_data.name_reserved.error",
                fmt::format("name \"{}\" starts with a reserved word", shorten(d.name.value)));
    } else if (!is_valid_team_name(go_to_lower(d.name.value, ctx.scratch()))) {
      ctx.error("app.import.validate_team_import_data.name_characters.error",
                fmt::format("invalid team name \"{}\": [a-z0-9-] (or one \"__\"), starting and ending with a "
                            "letter or digit, at least 2",
                            shorten(d.name.value)));
    }
  }
  {
    Field f(ctx, "display_name");
    if (!d.display_name.set) {
      ctx.error("app.import.validate_team_import_data.display_name_missing.error", "display_name is missing");
    } else {
      size_t runes = rune_count(d.display_name.value);
      if (runes == 0 || runes > 64)
        ctx.error("app.import.validate_team_import_data.display_name_length.error",
                  fmt::format("display_name is {} characters, must be 1 to 64", runes));
    }
  }
  {
    Field f(ctx, "type");
    if (!d.type.set)
      ctx.error("app.import.validate_team_import_data.type_missing.error", "type is missing");
    else if (d.type.value != "O" && d.type.value != "I")
      ctx.error("app.import.validate_team_import_data.type_invalid.error",
                fmt::format("type \"{}\" is not \"O\" or \"I\"", shorten(d.type.value)));
  }
  if (d.description.set && d.description.value.size() > 255) {
    Field f(ctx, "description");
    ctx.error("app.import.validate_team_import_data.description_length.error",
              fmt::format("description is {} bytes, more than 255", d.description.value.size()));
  }
  if (d.scheme.set) {
    Field f(ctx, "scheme");
    if (!is_valid_scheme_name(d.scheme.value))
      ctx.error("app.import.validate_team_import_data.scheme_invalid.error",
                fmt::format("invalid scheme name \"{}\"", shorten(d.scheme.value)));
    else
      ctx.ref(NameKind::kScheme, d.scheme.value, kSchemeNotFound, SchemeScope::kTeam);
  }
  if (d.name.set) ctx.define(NameKind::kTeam, d.name.value);
}

}  // namespace mm::validate
