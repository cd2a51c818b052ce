#include "stages/PlanConflicts.h"

#include <fmt/format.h>

#include "stages/FilePolicy.h"

namespace mm {

namespace {

std::string outside_tree_why(const FileCheck& check) {
  return fmt::format("file_outside_tree: {}; nothing outside the import directory is read or packed", check.detail);
}

}  // namespace

// Missing (or unreadable: the importer cannot read it either), empty, or content that the
// server's image decoder would refuse under that extension.
void add_attachment_conflict(const PostAttachment& ref, uint64_t line, const FileCheck& check,
                             std::vector<Conflict>& found, MergePlan& plan) {
  FilePolicy policy = file_policy(AttachmentRefKind::kAttachment, check);
  if (!policy.conflict) return;
  AttachmentFix fix;
  fix.path = ref.path;
  std::string resolution;
  switch (*policy.conflict) {
    case ConflictKind::kFileOutsideTree:
      fix.why = outside_tree_why(check);
      resolution = "attachment dropped from its post: the file is never read";
      break;
    case ConflictKind::kAttachmentMissing:
      fix.why = fmt::format("attachment_missing: {} under the import directory{}; the import would fail",
                            check.problem == FileProblem::kMissing ? "no such file" : "unreadable",
                            check.detail.empty() ? "" : " (" + check.detail + ")");
      resolution = "attachment dropped from its post";
      break;
    case ConflictKind::kAttachmentEmpty:
      fix.why = "attachment_empty: the file is empty (a known export bug); nothing to import";
      resolution = "attachment dropped from its post";
      break;
    case ConflictKind::kAttachmentTypeMismatch: {
      std::string_view extension = renamed_extension(check);
      fix.new_path = renamed_path(ref.path, extension);
      fix.why = fmt::format("attachment_type_mismatch: the extension says {}, the content is {}; the server's "
                            "image decoder would fail",
                            check.expected, check.detected.empty() ? "unknown" : check.detected);
      resolution = fmt::format("extension changed to .{} (apply copies the file to the new path)", extension);
      break;
    }
    default:
      return;
  }
  fix.action = policy.plan == PlanFileFix::kRename ? AttachmentAction::kFix : AttachmentAction::kDrop;
  found.emplace_back(*policy.conflict, ref.path, line, 0, std::move(resolution));
  if (!plan.attachment(fix.path)) plan.add(std::move(fix));
}

std::vector<ImageFileRef> image_file_refs(const InstanceIndex& source, const MergePlan& plan) {
  std::vector<ImageFileRef> refs;
  for (size_t i = 0; i < source.users.size(); ++i) {
    const IndexedUser& u = source.users[i];
    if (u.profile_image.empty()) continue;
    const UserDecision* d = plan.user(u.username);
    if (d && (!d->emit || d->action == UserAction::kMap)) continue;
    refs.push_back({AttachmentRefKind::kProfileImage, false, i, u.profile_image});
  }
  for (size_t i = 0; i < source.bots.size(); ++i)
    if (!source.bots[i].profile_image.empty())
      refs.push_back({AttachmentRefKind::kProfileImage, true, i, source.bots[i].profile_image});
  for (size_t i = 0; i < source.emoji.size(); ++i)
    if (!source.emoji[i].image.empty()) refs.push_back({AttachmentRefKind::kEmojiImage, false, i, source.emoji[i].image});
  return refs;
}

void add_image_file_conflicts(const InstanceIndex& source, const std::vector<ImageFileRef>& refs,
                              const std::vector<FileCheck>& checks, std::vector<Conflict>& found, MergePlan& plan) {
  auto drop_file = [&](std::string_view path, std::string why) {
    if (plan.attachment(path)) return;
    AttachmentFix fix;
    fix.path = path;
    fix.action = AttachmentAction::kDrop;
    fix.why = std::move(why);
    plan.add(std::move(fix));
  };
  for (size_t i = 0; i < refs.size(); ++i) {
    const FileCheck& check = checks[i];
    const ImageFileRef& ref = refs[i];
    FilePolicy policy = file_policy(ref.kind, check);
    if (!policy.conflict) continue;
    const ConflictKind kind = *policy.conflict;
    const bool outside = kind == ConflictKind::kFileOutsideTree;
    std::string problem = check.problem == FileProblem::kTypeMismatch
                              ? fmt::format("content is {}, not an image it decodes",
                                            check.detected.empty() ? "unknown" : check.detected)
                              : check.problem == FileProblem::kTooLarge ? check.detail
                                                                   : std::string(name_of(check.problem));
    if (policy.plan == PlanFileFix::kDropEmoji) {
      const IndexedEmoji& e = source.emoji[ref.index];
      found.emplace_back(kind, outside ? e.image : e.name, e.line, 0,
                         "emoji dropped: its line and the reactions using it removed");
      EmojiDecision d;
      d.name = e.name;
      d.action = EmojiAction::kDrop;
      d.why = outside ? outside_tree_why(check)
                      : fmt::format("{}: {} ({}); the importer would fail the emoji line", name_of(kind), e.image,
                                    problem);
      plan.add(std::move(d));
    } else {
      const std::string_view username =
          ref.bot ? std::string_view(source.bots[ref.index].username) : source.users[ref.index].username;
      found.emplace_back(kind, std::string(outside ? ref.path : username),
                         ref.bot ? source.bots[ref.index].line : source.users[ref.index].line, 0,
                         ref.bot ? "profile_image removed: the bot is imported with the default picture"
                                 : "profile_image removed: the user is imported with the default picture");
      drop_file(ref.path, outside ? outside_tree_why(check)
                                   : fmt::format("profile_image_unusable: {}{} ({}); the importer would fail the {} line",
                                                 ref.bot ? "bot " : "", username, problem, ref.bot ? "bot" : "user"));
    }
  }
}

void add_message_conflicts(const std::vector<uint64_t>& messages, const std::vector<std::string>& subjects,
                           uint64_t permalink_messages, std::vector<Conflict>& found) {
  for (size_t i = 0; i < messages.size(); ++i)
    if (messages[i])
      found.emplace_back(ConflictKind::kMentionRewrite, subjects[i], 0, 0,
                         fmt::format("{} message(s) rewritten", messages[i]), messages[i]);
  if (permalink_messages)
    found.emplace_back(ConflictKind::kPermalink, "permalinks", 0, 0,
                       "left as they are: links to source posts cannot survive the import", permalink_messages);
}

}  // namespace mm
