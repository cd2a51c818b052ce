#include "tools/gen-synthetic/ProfileImages.h"

#include <unordered_set>

#include "tools/gen-synthetic/AttachmentFiles.h"
#include "tools/gen-synthetic/Rng.h"

namespace mm::gen {

ProfileImageFiles add_profile_images(const GenOptions& options, Export& source, const std::string& data_root,
                                     std::vector<Conflict>& conflicts) {
  std::unordered_set<std::string> with_conflicts;
  for (const Conflict& c : conflicts) with_conflicts.insert(c.subject);
  std::vector<User*> users;
  for (User& u : source.users)
    if (!with_conflicts.count(u.username)) users.push_back(&u);

  Rng rng(options.seed, Stream::kProfileImages);
  std::vector<bool> unusable(users.size());
  bool any = false;
  for (size_t i = 0; i < users.size(); ++i) any |= unusable[i] = rng.chance(options.conflict_rate);
  if (!any && options.force_every_kind() && !users.empty()) unusable[rng.below(users.size())] = true;

  ProfileImageFiles out;
  std::string png;
  fill_file_content(FileKind::kPng, 67, rng, png);
  for (size_t i = 0; i < users.size(); ++i) {
    User& u = *users[i];
    u.profile_image = "users/" + u.id + "/profile.png";
    bool missing = unusable[i] && rng.chance(0.5);
    if (unusable[i]) conflicts.push_back({"profile_image_unusable", severity_of("profile_image_unusable"), u.username, u.line, 0, 1});
    if (missing) continue;
    const std::string text = "profile picture of " + u.username + "\n";
    const std::string& bytes = unusable[i] ? text : png;
    write_tree_file(data_root, u.profile_image, bytes);
    out.files++;
    out.bytes += bytes.size();
  }
  return out;
}

}  // namespace mm::gen
