// `emoji` lines (docs/bulk-format.md §2.15) and the import-path check shared with attachments and images (§2.11).
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>

#include "io/ImportTree.h"
#include "stages/AttachmentVerifier.h"
#include "stages/ImportPath.h"
#include "stages/validate/NameRules.h"
#include "stages/validate/Rules.h"

namespace mm::validate {

void decode_fields(Context& ctx, dom::object obj, EmojiData& d) {
  for (auto [k, v] : obj) field(ctx, k, v, "name", d.name) || field(ctx, k, v, "image", d.image);
}

void check_import_file(Context& ctx, std::string_view path, std::string_view escape_rule,
                       std::string_view missing_rule) {
  if (!resolve_import_path(path, "data")) {
    ctx.error(escape_rule, fmt::format("path \"{}\" leads out of the import's data/ directory", shorten(path)));
    return;
  }
  ctx.check_file(path, missing_rule);
}

void check_image_limits(Context& ctx, std::string_view path, bool emoji, std::string_view rule) {
  if (!ctx.rules() || !ctx.options().import_tree) return;
  std::optional<std::string> resolved = resolve_import_path(path, "data");
  if (!resolved) return;  // the path rule reports it
  TreeFile file = ctx.options().import_tree->open_file(*resolved);
  if (!file) return;  // check_file reports a missing file or one outside the tree
  FileCheck c;
  char head[64 * 1024];
  ssize_t n = 0;
  if (file.regular()) {
    c.size = file.size();
    n = file.pread(head, sizeof head, 0);
  }
  if (n > 0)
    mm::check_image_limits(emoji ? AttachmentRefKind::kEmojiImage : AttachmentRefKind::kProfileImage, &file,
                           std::string_view(head, static_cast<size_t>(n)), c);
  if (c.problem == FileProblem::kTooLarge) ctx.error(rule, fmt::format("\"{}\": {}", shorten(path), c.detail));
}

void validate_emoji(Context& ctx, const EmojiData& d) {
  if (!d.name.set || d.name.value.empty()) {
    Field f(ctx, "name");
    ctx.error("app.import.validate_emoji_import_data.name_missing.error", "name is missing");
  }
  if (!d.image.set || d.image.value.empty()) {
    Field f(ctx, "image");
    ctx.error("app.import.validate_emoji_import_data.image_missing.error", "image is missing");
  } else {
    Field f(ctx, "image");
    check_import_file(ctx, d.image.value, "app.import.validate_emoji_import_data.invalid_image_path.error",
                      "app.import.emoji.bad_file.error");
    // importEmoji: utils.NewLimitedReaderWithError(file, MaxEmojiFileSize) under a.WriteFile.
    check_image_limits(ctx, d.image.value, true, "api.file.write_file.app_error");
  }
  if (d.name.set && !d.name.value.empty()) {
    Field f(ctx, "name");
    if (!is_valid_emoji_name(d.name.value))
      ctx.error("model.emoji.name.app_error",
                fmt::format("invalid emoji name \"{}\": 1 to 64 of [a-zA-Z0-9+_-]", shorten(d.name.value)));
    else if (is_system_emoji_name(d.name.value))
      ctx.error("model.emoji.system_emoji_name.app_error",
                fmt::format("\"{}\" is the name of a system emoji", shorten(d.name.value)));
    ctx.define(NameKind::kEmoji, d.name.value);
  }
}

}  // namespace mm::validate
