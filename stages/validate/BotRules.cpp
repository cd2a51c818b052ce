// `bot` lines (docs/bulk-format.md §2.7). A bot is a user: posts may name it as their author.
#include <fmt/format.h>

#include "stages/validate/NameRules.h"
#include "stages/validate/Rules.h"

namespace mm::validate {

void decode_fields(Context& ctx, dom::object obj, BotData& d) {
  for (auto [k, v] : obj)
    field(ctx, k, v, "profile_image", d.profile_image) || field(ctx, k, v, "username", d.username) ||
        field(ctx, k, v, "owner", d.owner) || field(ctx, k, v, "display_name", d.display_name) ||
        field(ctx, k, v, "description", d.description) || field(ctx, k, v, "delete_at", d.delete_at);
}

void validate_bot(Context& ctx, const BotData& d) {
  check_profile_image_and_username(ctx, d.profile_image, d.username);
  if (d.display_name.set) {
    size_t runes = rune_count(d.display_name.value);
    if (runes > 64) {
      Field f(ctx, "display_name");
      ctx.error("app.import.validate_user_import_data.first_name_length.error",
                fmt::format("display_name is {} characters, more than 64", runes));
    }
  }
  {
    Field f(ctx, "owner");
    if (!d.owner.set) {
      ctx.error("app.import.validate_bot_import_data.owner_missing.error", "owner is missing");
    } else if (!is_valid_username(d.owner.value)) {  // not lower-cased by the server
      ctx.error("app.import.validate_user_import_data.username_invalid.error",
                fmt::format("invalid owner username \"{}\" (owner is not lower-cased)", shorten(d.owner.value)));
    } else {
      // An unknown owner is stored as is (taken for a plugin id): a warning, not an error.
      ctx.ref(NameKind::kUser, d.owner.value, "mattermerge.reference.bot_owner_not_found", SchemeScope::kNone,
              Severity::kWarning);
    }
  }
  if (d.username.set) ctx.define(NameKind::kUser, d.username.value);
}

}  // namespace mm::validate
