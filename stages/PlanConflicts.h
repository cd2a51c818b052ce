// The conflicts of a plan that the two indexes alone cannot show (stages/ConflictDetector.h finds
// the others): those of the files a source references, once checked (stages/AttachmentVerifier.h),
// and those counted in message text by the post scan (stages/PostScanner.h). Each adds its
// conflicts to a list and its fixes to the plan; what to do about a file problem comes from the
// one table in stages/FilePolicy.h. No I/O, no threads: the caller checks the files.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "model/Conflict.h"
#include "model/MergePlan.h"
#include "stages/AttachmentVerifier.h"
#include "stages/InstanceIndex.h"
#include "stages/PostScanner.h"

namespace mm {

// An attachment of a post line (`line`: global), checked.
void add_attachment_conflict(const PostAttachment& ref, uint64_t line, const FileCheck& check,
                             std::vector<Conflict>& found, MergePlan& plan);

// A file named by a line other than a post: a user's or bot's profile image, an emoji image.
struct ImageFileRef {
  AttachmentRefKind kind;
  bool bot;
  size_t index;  // in source.users, source.bots or source.emoji
  std::string_view path;
};

// The profile images of the source users the import creates or updates (a user mapped onto a
// target account keeps the target's picture; one left out has no line), the bots' profile images
// and the emoji images: the files to check.
std::vector<ImageFileRef> image_file_refs(const InstanceIndex& source, const MergePlan& plan);

// The conflicts of those files, `checks[i]` the check of `refs[i]`. The importer decodes a user's
// profile image and fails the whole user line, and so every post of the user, when the file is
// missing, is no image it can decode or has more pixels than MaxImageResolution
// (stages/ImageLimits.h): the plan drops such a profile_image. An emoji whose image is missing, no
// emoji image, or over MaxEmojiFileSize fails its line: the plan drops the emoji (apply removes the
// reactions that use it, which would name an emoji the target never gets). Any of them leading out
// of the import directory (io/ImportTree.h) is dropped the same way and reported as
// file_outside_tree.
void add_image_file_conflicts(const InstanceIndex& source, const std::vector<ImageFileRef>& refs,
                              const std::vector<FileCheck>& checks, std::vector<Conflict>& found, MergePlan& plan);

// mention_rewrite per mentioned subject (`messages[i]` messages mention `subjects[i]`) and one
// permalink conflict counting the messages with a permalink.
void add_message_conflicts(const std::vector<uint64_t>& messages, const std::vector<std::string>& subjects,
                           uint64_t permalink_messages, std::vector<Conflict>& found);

}  // namespace mm
