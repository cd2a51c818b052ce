#include "tools/gen-synthetic/Conflict.h"

#include <algorithm>
#include <map>

#include "io/Error.h"

namespace mm::gen {

const std::map<std::string, const char*>& conflict_severities() {
  static const std::map<std::string, const char*> kSeverities = {
      {"team_merge", "info"},
      {"channel_merge", "info"},
      {"channel_target_archived", "error"},
      {"channel_archive_propagation", "risk"},
      {"channel_name_clash", "risk"},
      {"role_overwrite", "risk"},
      {"user_email_changed", "risk"},
      {"user_email_taken", "error"},
      {"user_probable_duplicate", "risk"},
      {"user_role_downgrade", "risk"},
      {"user_auth_changed", "risk"},
      {"user_password_reset", "risk"},
      {"user_settings_overwrite", "info"},
      {"emoji_clash", "risk"},
      {"emoji_image_too_large", "error"},
      {"attachment_type_mismatch", "error"},
      {"attachment_missing", "error"},
      {"attachment_empty", "risk"},
      {"profile_image_unusable", "error"},
      {"mention_rewrite", "info"},
      {"permalink", "info"},
  };
  return kSeverities;
}

const char* severity_of(const std::string& kind) {
  const auto& severities = conflict_severities();
  auto it = severities.find(kind);
  if (it == severities.end()) throw Error("internal: unknown conflict kind " + kind);
  return it->second;
}

void sort_conflicts(std::vector<Conflict>& conflicts) {
  std::sort(conflicts.begin(), conflicts.end(), [](const Conflict& a, const Conflict& b) {
    return a.kind != b.kind ? a.kind < b.kind : a.subject < b.subject;
  });
}

}  // namespace mm::gen
