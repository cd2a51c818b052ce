// gen-synthetic: writes a source and a target Mattermost bulk export with known conflicts
// between them, the source's attachment tree, and answer-key.json describing all of it.
#include <chrono>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <new>
#include <thread>

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <oneapi/tbb/global_control.h>

#include "io/Error.h"
#include "io/OutputFile.h"
#include "io/TempFileRegistry.h"
#include "tools/gen-synthetic/AnswerKey.h"
#include "tools/gen-synthetic/AttachmentFiles.h"
#include "tools/gen-synthetic/ConflictFinder.h"
#include "tools/gen-synthetic/DataTree.h"
#include "tools/gen-synthetic/EntityLines.h"
#include "tools/gen-synthetic/ExportWriter.h"
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

void report(const std::string& name, const ExportCounts& c, double seconds) {
  fmt::print(stderr, "{}: {} lines, {:.1f} MB, {} posts, {} direct posts, {} replies, {} reactions, {} attachments\n",
             name, c.lines, c.bytes / 1e6, c.lines_by_type[static_cast<size_t>(LineType::kPost)],
             c.lines_by_type[static_cast<size_t>(LineType::kDirectPost)], c.replies, c.reactions, c.attachments);
  fmt::print(stderr, "{}: {:.2f} s, {:.0f} MB/s, {:.0f} lines/s\n", name, seconds, c.bytes / 1e6 / seconds,
             c.lines / seconds);
}

int run(GenOptions& o) {
  check_options(o);
  std::filesystem::create_directories(o.out);
  const std::string ext = o.zstd ? ".jsonl.zst" : ".jsonl";
  OutputOptions output;
  if (o.zstd) {
    output.compression = Compression::kZstd;
    output.zstd_workers = 1;
  }

  Timer total;
  ModelPair models = build_models(o);
  ModelConflicts found = find_model_conflicts(models.source, models.target);

  DataTree data(o.out + "/data");
  ProfileImageFiles profiles = add_profile_images(o, models.source, data.staging_path(), found.conflicts);
  uint64_t tree_files = profiles.files, tree_bytes = profiles.bytes;
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
    tree_files++;
    tree_bytes += image.size();
  }

  Timer source_timer;
  ExportTarget source_target{o.out + "/source" + ext, output, data.staging_path(), &found.mentions,
                             Stream::kSourcePosts, Stream::kSourceDirectPosts};
  ExportResult source = write_export(models.source, o, source_target);
  double source_seconds = source_timer.seconds();
  tree_files += source.files;
  tree_bytes += source.file_bytes;

  Timer target_timer;
  ExportTarget target_target{o.out + "/target" + ext, output, "", nullptr, Stream::kTargetPosts,
                             Stream::kTargetDirectPosts};
  ExportResult target = write_export(models.target, o, target_target);
  double target_seconds = target_timer.seconds();
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

  report("source", source.counts, source_seconds);
  report("target", target.counts, target_seconds);
  fmt::print(stderr, "data tree: {} files, {:.1f} MB\n", tree_files, tree_bytes / 1e6);
  fmt::print(stderr, "answer key: {} conflicts\n", conflicts.size());
  uint64_t bytes = source.counts.bytes + target.counts.bytes;
  uint64_t lines = source.counts.lines + target.counts.lines;
  double seconds = total.seconds();
  fmt::print(stderr, "total: {:.2f} s, {:.1f} MB, {:.0f} MB/s, {:.0f} lines/s\n", seconds, bytes / 1e6,
             bytes / 1e6 / seconds, lines / seconds);
  return kExitOk;
}

}  // namespace
}  // namespace mm::gen

int main(int argc, char** argv) {
  using namespace mm;
  gen::GenOptions o;
  CLI::App app{"gen-synthetic: a source and a target Mattermost bulk export with known conflicts, their "
               "attachment tree and an answer key"};
  app.add_option("--out", o.out, "Output directory (created if missing; its data/ must not exist)")->required();
  app.add_option("--posts", o.posts, "post + direct_post lines of the source export (1/8 are direct posts)")->required();
  app.add_option("--target-posts", o.target_posts, "post + direct_post lines of the target export [posts / 4]")
      ->each([&o](const std::string&) { o.target_posts_given = true; });
  app.add_option("--users", o.users, "Users in each export [posts / 1000, within 40..5000]");
  app.add_option("--teams", o.teams, "Source teams (the target shares some and has its own)")->capture_default_str();
  app.add_option("--channels", o.channels, "Channels per team, town-square and off-topic included")->capture_default_str();
  app.add_option("--seed", o.seed, "Random seed: the same arguments give byte-identical output")->capture_default_str();
  app.add_option("--attachments-rate", o.attachments_rate, "Share of posts and replies with attachments")->capture_default_str();
  app.add_option("--conflict-rate", o.conflict_rate,
                 "Probability of each injected conflict per eligible object (at least one of each kind when "
                 "--posts >= 1000)")->capture_default_str();
  app.add_flag("--zstd", o.zstd, "Write source.jsonl.zst and target.jsonl.zst");
  app.add_flag("--zip", o.zip, "Also write source.zip and target.zip (import.jsonl + data/), as mmctl exports");
  app.add_option("--threads", o.threads, "Worker threads [all cores]");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? kExitOk : kExitUsage;
  }
  install_signal_cleanup();
  unsigned threads = o.threads ? o.threads : std::max(1u, std::thread::hardware_concurrency());
  tbb::global_control limit(tbb::global_control::max_allowed_parallelism, threads);
  try {
    return gen::run(o);
  } catch (const Error& e) {
    fmt::print(stderr, "gen-synthetic: {}\n", e.what());
    return e.exit_code();
  } catch (const std::bad_alloc&) {
    fmt::print(stderr, "gen-synthetic: out of memory\n");
    return kExitUsage;
  } catch (const std::exception& e) {
    fmt::print(stderr, "gen-synthetic: {}\n", e.what());
    return kExitUsage;
  }
}
