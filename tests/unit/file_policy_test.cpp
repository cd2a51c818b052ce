// The one table of what is done about a file problem (stages/FilePolicy.h) and the plan's
// conflicts made from it (stages/PlanConflicts.h).
#include <gtest/gtest.h>

#include "stages/FilePolicy.h"
#include "stages/PlanConflicts.h"

namespace mm {
namespace {

FileCheck check(FileProblem problem, Severity severity = Severity::kError, std::string detected = "") {
  FileCheck c;
  c.problem = problem;
  c.severity = severity;
  c.detected = std::move(detected);
  return c;
}

TEST(FilePolicy, NothingForAGoodFile) {
  for (AttachmentRefKind k : {AttachmentRefKind::kAttachment, AttachmentRefKind::kEmojiImage, AttachmentRefKind::kProfileImage}) {
    FilePolicy p = file_policy(k, check(FileProblem::kNone));
    EXPECT_FALSE(p.conflict);
    EXPECT_EQ(p.plan, PlanFileFix::kNone);
    EXPECT_EQ(p.fix_out, FixOutAction::kKeep);
  }
}

TEST(FilePolicy, Attachments) {
  auto a = [](const FileCheck& c) { return file_policy(AttachmentRefKind::kAttachment, c); };
  FilePolicy missing = a(check(FileProblem::kMissing));
  EXPECT_EQ(missing.conflict, ConflictKind::kAttachmentMissing);
  EXPECT_EQ(missing.plan, PlanFileFix::kDropReference);
  EXPECT_EQ(missing.fix_out, FixOutAction::kDrop);
  EXPECT_EQ(a(check(FileProblem::kUnreadable)).conflict, ConflictKind::kAttachmentMissing);
  EXPECT_EQ(a(check(FileProblem::kOutsideTree)).conflict, ConflictKind::kFileOutsideTree);
  EXPECT_EQ(a(check(FileProblem::kOutsideTree)).fix_out, FixOutAction::kDrop);
  FilePolicy mismatch = a(check(FileProblem::kTypeMismatch, Severity::kError, "image/png"));
  EXPECT_EQ(mismatch.conflict, ConflictKind::kAttachmentTypeMismatch);
  EXPECT_EQ(mismatch.plan, PlanFileFix::kRename);
  EXPECT_EQ(mismatch.fix_out, FixOutAction::kRename);
  // An extension the server stores as it is: the plan leaves it, --fix-out renames known content only.
  FilePolicy stored = a(check(FileProblem::kTypeMismatch, Severity::kWarning, "image/png"));
  EXPECT_FALSE(stored.conflict);
  EXPECT_EQ(stored.plan, PlanFileFix::kNone);
  EXPECT_EQ(stored.fix_out, FixOutAction::kRename);
  EXPECT_EQ(a(check(FileProblem::kTypeMismatch, Severity::kWarning, "application/x-nothing")).fix_out,
            FixOutAction::kKeep);
  EXPECT_EQ(a(check(FileProblem::kExtensionUnknown, Severity::kWarning)).fix_out, FixOutAction::kKeep);
}

// The one row where plan and --fix-out differ on purpose (stages/FilePolicy.h).
TEST(FilePolicy, EmptyAttachmentDroppedByThePlanKeptByFixOut) {
  FilePolicy p = file_policy(AttachmentRefKind::kAttachment, check(FileProblem::kEmpty));
  EXPECT_EQ(p.conflict, ConflictKind::kAttachmentEmpty);
  EXPECT_EQ(p.plan, PlanFileFix::kDropReference);
  EXPECT_EQ(p.fix_out, FixOutAction::kKeep);
}

TEST(FilePolicy, EmojiAndProfileImages) {
  auto e = [](const FileCheck& c) { return file_policy(AttachmentRefKind::kEmojiImage, c); };
  EXPECT_EQ(e(check(FileProblem::kTooLarge)).conflict, ConflictKind::kEmojiImageTooLarge);
  EXPECT_EQ(e(check(FileProblem::kEmpty)).conflict, ConflictKind::kEmojiImageUnusable);
  EXPECT_EQ(e(check(FileProblem::kEmpty)).plan, PlanFileFix::kDropEmoji);
  EXPECT_EQ(e(check(FileProblem::kEmpty)).fix_out, FixOutAction::kDropLine);
  EXPECT_EQ(e(check(FileProblem::kOutsideTree)).conflict, ConflictKind::kFileOutsideTree);
  EXPECT_FALSE(e(check(FileProblem::kTypeMismatch, Severity::kWarning)).conflict);
  EXPECT_EQ(e(check(FileProblem::kTypeMismatch, Severity::kWarning)).fix_out, FixOutAction::kDropLine);
  EXPECT_EQ(e(check(FileProblem::kExtensionUnknown, Severity::kWarning)).fix_out, FixOutAction::kKeep);

  auto p = [](const FileCheck& c) { return file_policy(AttachmentRefKind::kProfileImage, c); };
  EXPECT_EQ(p(check(FileProblem::kMissing)).conflict, ConflictKind::kProfileImageUnusable);
  EXPECT_EQ(p(check(FileProblem::kMissing)).plan, PlanFileFix::kDropReference);
  EXPECT_EQ(p(check(FileProblem::kMissing)).fix_out, FixOutAction::kDropMember);
  EXPECT_EQ(p(check(FileProblem::kTooLarge)).conflict, ConflictKind::kProfileImageUnusable);
  EXPECT_EQ(p(check(FileProblem::kOutsideTree)).conflict, ConflictKind::kFileOutsideTree);
  EXPECT_FALSE(p(check(FileProblem::kExtensionUnknown, Severity::kWarning)).conflict);
  EXPECT_EQ(p(check(FileProblem::kExtensionUnknown, Severity::kWarning)).fix_out, FixOutAction::kDropMember);
}

TEST(FilePolicy, OneRenamer) {
  EXPECT_EQ(renamed_path("data/a/photo.gif", "jpg"), "data/a/photo.jpg");
  EXPECT_EQ(renamed_path("data/a/photo.gif", "jpg", 2), "data/a/photo-2.jpg");
  EXPECT_EQ(renamed_path("data/a.b/photo", "png"), "data/a.b/photo.png");
  EXPECT_EQ(renamed_path(".hidden", "png"), ".hidden.png");
  EXPECT_EQ(renamed_extension(check(FileProblem::kTypeMismatch, Severity::kError, "image/png")), "png");
  EXPECT_EQ(renamed_extension(check(FileProblem::kTypeMismatch, Severity::kError, "")), "bin");
}

TEST(PlanConflicts, AttachmentConflictsAndFixes) {
  std::vector<Conflict> found;
  MergePlan plan;
  add_attachment_conflict({2, "a/photo.gif"}, 12, check(FileProblem::kTypeMismatch, Severity::kError, "image/png"),
                          found, plan);
  add_attachment_conflict({3, "a/empty.txt"}, 13, check(FileProblem::kEmpty), found, plan);
  add_attachment_conflict({4, "a/doc.pdf"}, 14, check(FileProblem::kTypeMismatch, Severity::kWarning, "image/png"),
                          found, plan);
  ASSERT_EQ(found.size(), 2u);
  EXPECT_EQ(found[0].kind, ConflictKind::kAttachmentTypeMismatch);
  EXPECT_EQ(found[0].severity, ConflictSeverity::kError);
  EXPECT_EQ(found[0].source_line, 12u);
  EXPECT_EQ(found[0].resolution, "extension changed to .png (apply copies the file to the new path)");
  EXPECT_EQ(found[1].kind, ConflictKind::kAttachmentEmpty);
  ASSERT_TRUE(plan.attachment("a/photo.gif"));
  EXPECT_EQ(plan.attachment("a/photo.gif")->action, AttachmentAction::kFix);
  EXPECT_EQ(plan.attachment("a/photo.gif")->new_path, "a/photo.png");
  ASSERT_TRUE(plan.attachment("a/empty.txt"));
  EXPECT_EQ(plan.attachment("a/empty.txt")->action, AttachmentAction::kDrop);
  EXPECT_FALSE(plan.attachment("a/doc.pdf"));
}

TEST(PlanConflicts, ImageFilesAndMessages) {
  InstanceIndex source;
  source.users.push_back({});
  source.users[0].username = "alice";
  source.users[0].line = 5;
  source.users[0].profile_image = "p/alice.png";
  source.emoji.push_back({"party", 7, "e/party.gif"});
  MergePlan plan;
  std::vector<ImageFileRef> refs = image_file_refs(source, plan);
  ASSERT_EQ(refs.size(), 2u);
  std::vector<FileCheck> checks = {check(FileProblem::kMissing), check(FileProblem::kTooLarge)};
  std::vector<Conflict> found;
  add_image_file_conflicts(source, refs, checks, found, plan);
  ASSERT_EQ(found.size(), 2u);
  EXPECT_EQ(found[0].kind, ConflictKind::kProfileImageUnusable);
  EXPECT_EQ(found[0].subject, "alice");
  EXPECT_EQ(found[0].source_line, 5u);
  EXPECT_EQ(found[1].kind, ConflictKind::kEmojiImageTooLarge);
  EXPECT_EQ(found[1].subject, "party");
  ASSERT_TRUE(plan.attachment("p/alice.png"));
  EXPECT_EQ(plan.attachment("p/alice.png")->action, AttachmentAction::kDrop);

  found.clear();
  add_message_conflicts({0, 3}, {"@a", "@b"}, 2, found);
  ASSERT_EQ(found.size(), 2u);
  EXPECT_EQ(found[0].kind, ConflictKind::kMentionRewrite);
  EXPECT_EQ(found[0].subject, "@b");
  EXPECT_EQ(found[0].count, 3u);
  EXPECT_EQ(found[1].kind, ConflictKind::kPermalink);
  EXPECT_EQ(found[1].count, 2u);
}

}  // namespace
}  // namespace mm
