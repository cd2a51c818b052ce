#include "tools/gen-synthetic/GeneratePair.h"

#include <chrono>
#include <filesystem>

#include "io/Error.h"
#include "io/OutputFile.h"
#include "tools/gen-synthetic/AnswerKey.h"
#include "tools/gen-synthetic/AttachmentFiles.h"
#include "tools/gen-synthetic/ConflictFinder.h"
#include "tools/gen-synthetic/DataTree.h"
#include "tools/gen-synthetic/EntityLines.h"
#include "tools/gen-synthetic/ModelBuilder.h"
#include "tools/gen-synthetic/ProfileImages.h"
#include "tools/gen-synthetic/Rng.h"
#include "tools/gen-synthetic/ZipPackage.h"

namespace mm::gen {
namespace {

void check_options(GenOptions& o) {
  if (o.teams < 1) throw Error("--teams must be at least 1");
  if (o.channels < 2) throw Error("--channels must be at least 2 (town-square and off-topic)");
  if (o.users != 0 && o.users < 20) throw Error("--users must be at least 20");
  if (o.attachments_rate < 0 || o.attachments_rate > 1) throw Error("--attachments-rate must be within [0, 1]");
  if (o.conflict_rate < 0 || o.conflict_rate > 1) throw Error("--conflict-rate must be within [0, 1]");
  if (o.zip && o.zstd) throw Error("--zip and --zstd cannot be combined (the zip holds a plain import.jsonl)");
  if (!o.target_posts_given) o.target_posts = o.posts / 4;
  if (o.users == 0) o.users = default_user_count(o.posts);
}

struct Timer {
  std::chrono::steady_clock::time_point start = std::chrono::steady_clock::now();
  double seconds() const { return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(); }
};

}  // namespace

PairSummary generate_pair(GenOptions& o) {
  check_options(o);
  std::filesystem::create_directories(o.out);
  const std::string ext = o.zstd ? ".jsonl.zst" : ".jsonl";
  OutputOptions output;
  if (o.zstd) {
    output.compression = Compression::kZstd;
    output.zstd_workers = 1;
  }

  PairSummary summary;
  Timer total;
  ModelPair models = build_models(o);
  ModelConflicts found = find_model_conflicts(models.source, models.target);

  DataTree data(o.out + "/data");
  ProfileImageFiles profiles = add_profile_images(o, models.source, data.staging_path(), found.conflicts);
  summary.tree_files = profiles.files;
  summary.tree_bytes = profiles.bytes;
  // emoji_image_too_large: an image over the importer's MaxEmojiFileSize (512 KiB in the newest
  // server), padded past it after a valid header (plan drops the emoji and its reactions).
  constexpr size_t kOversizedEmojiBytes = 512 * 1024 + 4096;
  const std::vector<Emoji>& emoji = models.source.emoji;
  Rng emoji_rng(o.seed, Stream::kProfileImages, 1);  // index 1: not the profile images' sequence
  std::vector<bool> too_large(emoji.size());
  bool any_too_large = false;
  for (size_t i = 0; i < emoji.size(); ++i) any_too_large |= too_large[i] = emoji_rng.chance(o.conflict_rate);
  if (!any_too_large && o.force_every_kind() && !emoji.empty()) too_large[emoji_rng.below(emoji.size())] = true;
  for (size_t i = 0; i < emoji.size(); ++i) {
    std::string image = emoji_image(i);
    if (too_large[i]) {
      image.resize(kOversizedEmojiBytes, '\0');
      found.conflicts.push_back(
          {"emoji_image_too_large", severity_of("emoji_image_too_large"), emoji[i].name, emoji[i].line, 0, 1});
    }
    write_tree_file(data.staging_path(), emoji_image_path(emoji[i]), image);
    summary.tree_files++;
    summary.tree_bytes += image.size();
  }

  Timer source_timer;
  ExportTarget source_target{o.out + "/source" + ext, output, data.staging_path(), &found.mentions,
                             Stream::kSourcePosts, Stream::kSourceDirectPosts};
  ExportResult source = write_export(models.source, o, source_target);
  summary.source_seconds = source_timer.seconds();
  summary.tree_files += source.files;
  summary.tree_bytes += source.file_bytes;

  Timer target_timer;
  ExportTarget target_target{o.out + "/target" + ext, output, "", nullptr, Stream::kTargetPosts,
                             Stream::kTargetDirectPosts};
  ExportResult target = write_export(models.target, o, target_target);
  summary.target_seconds = target_timer.seconds();
  data.commit();

  std::vector<Conflict> conflicts = std::move(found.conflicts);
  add_generated_conflicts(models.source, found.mentions, source, conflicts);
  sort_conflicts(conflicts);
  OutputFile key(o.out + "/answer-key.json");
  key.write(answer_key_json(o, source.counts, target.counts, conflicts));
  key.commit();

  if (o.zip) {
    write_zip_package(o.out + "/source.zip", o.out + "/source.jsonl", data.final_path());
    write_zip_package(o.out + "/target.zip", o.out + "/target.jsonl", "");
  }

  summary.source = source.counts;
  summary.target = target.counts;
  summary.conflicts = conflicts.size();
  summary.seconds = total.seconds();
  return summary;
}

}  // namespace mm::gen
