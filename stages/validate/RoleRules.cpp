// `role` lines and the roles inside schemes (docs/bulk-format.md §2.2), `scheme` lines (§2.3).
#include <fmt/format.h>

#include "stages/validate/NameRules.h"
#include "stages/validate/Rules.h"

namespace mm::validate {

void decode_fields(Context& ctx, dom::object obj, RoleData& d) {
  for (auto [k, v] : obj)
    field(ctx, k, v, "name", d.name) || field(ctx, k, v, "display_name", d.display_name) ||
        field(ctx, k, v, "description", d.description) || field(ctx, k, v, "permissions", d.permissions) ||
        field(ctx, k, v, "scheme_managed", d.scheme_managed);
}

void decode_fields(Context& ctx, dom::object obj, SchemeData& d) {
  for (auto [k, v] : obj)
    field(ctx, k, v, "name", d.name) || field(ctx, k, v, "display_name", d.display_name) ||
        field(ctx, k, v, "description", d.description) || field(ctx, k, v, "scope", d.scope) ||
        field(ctx, k, v, "default_team_admin_role", d.team_admin) ||
        field(ctx, k, v, "default_team_user_role", d.team_user) ||
        field(ctx, k, v, "default_team_guest_role", d.team_guest) ||
        field(ctx, k, v, "default_channel_admin_role", d.channel_admin) ||
        field(ctx, k, v, "default_channel_user_role", d.channel_user) ||
        field(ctx, k, v, "default_channel_guest_role", d.channel_guest);
}

void validate_role(Context& ctx, const RoleData& d) {
  {
    Field f(ctx, "name");
    if (!d.name.set || !is_valid_role_name(d.name.value))
      ctx.error("app.import.validate_role_import_data.name_invalid.error",
                d.name.set ? fmt::format("invalid role name \"{}\": 1 to 64 of [a-z0-9_]", shorten(d.name.value))
                           : "name is missing");
  }
  {
    Field f(ctx, "display_name");
    if (!d.display_name.set || d.display_name.value.empty() || d.display_name.value.size() > 128)
      ctx.error("app.import.validate_role_import_data.display_name_invalid.error",
                d.display_name.set ? fmt::format("display_name is {} bytes, must be 1 to 128", d.display_name.value.size())
                                   : "display_name is missing");
  }
  if (d.description.set && d.description.value.size() > 1024) {
    Field f(ctx, "description");
    ctx.error("app.import.validate_role_import_data.description_invalid.error",
              fmt::format("description is {} bytes, more than 1024", d.description.value.size()));
  }
  if (d.permissions.set) {
    Field f(ctx, "permissions");
    size_t i = 0;
    for (dom::element e : d.permissions.value) {
      std::string_view p;
      if (e.is_null()) p = "";
      else if (e.get_string().get(p)) p = "";
      if (!is_known_permission(p)) {
        Field fi(ctx, i);
        ctx.error("app.import.validate_role_import_data.invalid_permission.error",
                  fmt::format("unknown permission \"{}\"", shorten(p)));
      }
      ++i;
    }
  }
}

void validate_scheme(Context& ctx, const SchemeData& d) {
  if (!d.scope.set) {
    Field f(ctx, "scope");
    ctx.error("app.import.validate_scheme_import_data.null_scope.error", "scope is missing");
  } else if (d.scope.value == "team") {
    if (!d.team_admin.set || !d.team_user.set || !d.channel_admin.set || !d.channel_user.set) {
      Field f(ctx, "scope");
      ctx.error("app.import.validate_scheme_import_data.wrong_roles_for_scope.error",
                "a team scheme needs default_team_admin_role, default_team_user_role, "
                "default_channel_admin_role and default_channel_user_role");
    }
  } else if (d.scope.value == "channel") {
    if (d.team_admin.set || d.team_user.set || !d.channel_admin.set || !d.channel_user.set) {
      Field f(ctx, "scope");
      ctx.error("app.import.validate_scheme_import_data.wrong_roles_for_scope.error",
                "a channel scheme needs default_channel_admin_role and default_channel_user_role, and no "
                "default_team_admin_role or default_team_user_role");
    }
  } else {
    Field f(ctx, "scope");
    ctx.error("app.import.validate_scheme_import_data.unknown_scheme.error",
              fmt::format("unknown scope \"{}\": team or channel", shorten(d.scope.value)));
  }
  {
    Field f(ctx, "name");
    if (!d.name.set || !is_valid_scheme_name(d.name.value))
      ctx.error("app.import.validate_scheme_import_data.name_invalid.error",
                d.name.set ? fmt::format("invalid scheme name \"{}\": 2 to 64 of [a-z0-9_]", shorten(d.name.value))
                           : "name is missing");
  }
  {
    Field f(ctx, "display_name");
    if (!d.display_name.set || d.display_name.value.empty() || d.display_name.value.size() > 128)
      ctx.error("app.import.validate_scheme_import_data.display_name_invalid.error",
                d.display_name.set ? fmt::format("display_name is {} bytes, must be 1 to 128", d.display_name.value.size())
                                   : "display_name is missing");
  }
  if (d.description.set && d.description.value.size() > 1024) {
    Field f(ctx, "description");
    ctx.error("app.import.validate_scheme_import_data.description_invalid.error",
              fmt::format("description is {} bytes, more than 1024", d.description.value.size()));
  }
  const std::pair<std::string_view, const OptStruct<RoleData>*> roles[] = {
      {"default_team_admin_role", &d.team_admin},       {"default_team_user_role", &d.team_user},
      {"default_team_guest_role", &d.team_guest},       {"default_channel_admin_role", &d.channel_admin},
      {"default_channel_user_role", &d.channel_user},   {"default_channel_guest_role", &d.channel_guest}};
  for (auto& [key, role] : roles) {
    if (!role->set) continue;
    Field f(ctx, key);
    validate_role(ctx, role->value);
  }
  if (d.name.set) {
    SchemeScope scope = !d.scope.set ? SchemeScope::kNone
                        : d.scope.value == "team"    ? SchemeScope::kTeam
                        : d.scope.value == "channel" ? SchemeScope::kChannel
                                                     : SchemeScope::kOther;
    ctx.define(NameKind::kScheme, d.name.value, false, scope);
  }
}

}  // namespace mm::validate
