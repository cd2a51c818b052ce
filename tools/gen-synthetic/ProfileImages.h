// Profile images of the source users that the merge creates as they are (no conflict of their
// own): each gets users/<id>/profile.png, a small real PNG. At the conflict rate (at least one
// when every kind is forced) the file is missing, or holds text, which the importer cannot decode
// and so fails the user line: answer-key kind profile_image_unusable (subject the username, the
// user's line).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "tools/gen-synthetic/Conflict.h"
#include "tools/gen-synthetic/GenOptions.h"
#include "tools/gen-synthetic/Model.h"

namespace mm::gen {

struct ProfileImageFiles {
  uint64_t files = 0, bytes = 0;
};

// Sets User::profile_image in `source`, writes the files under `data_root` and adds the
// conflicts. Runs after the model conflicts are known (a user among their subjects gets none).
ProfileImageFiles add_profile_images(const GenOptions& options, Export& source, const std::string& data_root,
                                     std::vector<Conflict>& conflicts);

}  // namespace mm::gen
