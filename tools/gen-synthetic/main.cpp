// gen-synthetic: writes a source and a target Mattermost bulk export with known conflicts
// between them, the source's attachment tree, and answer-key.json describing all of it.
#include <cstdio>
#include <exception>
#include <map>
#include <new>
#include <thread>

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <oneapi/tbb/global_control.h>

#include "io/Error.h"
#include "io/TempFileRegistry.h"
#include "tools/gen-synthetic/Evolve.h"
#include "tools/gen-synthetic/GeneratePair.h"

namespace mm::gen {
namespace {

void report(const std::string& name, const ExportCounts& c, double seconds) {
  fmt::print(stderr, "{}: {} lines, {:.1f} MB, {} posts, {} direct posts, {} replies, {} reactions, {} attachments\n",
             name, c.lines, c.bytes / 1e6, c.lines_by_type[static_cast<size_t>(LineType::kPost)],
             c.lines_by_type[static_cast<size_t>(LineType::kDirectPost)], c.replies, c.reactions, c.attachments);
  fmt::print(stderr, "{}: {:.2f} s, {:.0f} MB/s, {:.0f} lines/s\n", name, seconds, c.bytes / 1e6 / seconds,
             c.lines / seconds);
}

int run(GenOptions& o) {
  PairSummary p = generate_pair(o);
  report("source", p.source, p.source_seconds);
  report("target", p.target, p.target_seconds);
  fmt::print(stderr, "data tree: {} files, {:.1f} MB\n", p.tree_files, p.tree_bytes / 1e6);
  fmt::print(stderr, "answer key: {} conflicts\n", p.conflicts);
  uint64_t bytes = p.source.bytes + p.target.bytes;
  uint64_t lines = p.source.lines + p.target.lines;
  fmt::print(stderr, "total: {:.2f} s, {:.1f} MB, {:.0f} MB/s, {:.0f} lines/s\n", p.seconds, bytes / 1e6,
             bytes / 1e6 / p.seconds, lines / p.seconds);
  return kExitOk;
}

int run_evolve(const EvolveOptions& o) {
  EvolveSummary s = evolve(o);
  fmt::print(stderr, "evolve: {} base lines ({:.1f} MB) -> {} lines ({:.1f} MB) in {:.2f} s\n", s.base_lines,
             s.base_bytes / 1e6, s.lines, s.bytes / 1e6, s.seconds);
  fmt::print(stderr, "evolve: {} new posts, {} changed, {} edited, {} deleted; {} files linked, {} written; "
             "target-changes: {} lines\n", s.new_posts, s.changed_posts, s.edited, s.deleted_posts, s.files_linked,
             s.files_written, s.target_lines);
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
  app.add_option("--posts", o.posts, "post + direct_post lines of the source export (1/8 are direct posts)");
  gen::EvolveOptions ev;
  app.add_option("--evolve", ev.base,
                 "BASE_DIR: write the instance of this earlier --out directory N days later instead "
                 "(source.jsonl, target-changes.jsonl, data/, evolve-key.json)");
  app.add_option("--days", ev.days, "With --evolve: days between BASE_DIR and the new export")->capture_default_str();
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
  app.add_option("--shape", o.shape, "go: compact, as the server exports; spaced: a space after ':' and ',' [go]")
      ->transform(CLI::CheckedTransformer(std::map<std::string, gen::Shape>{{"go", gen::Shape::kGo},
                                                                            {"spaced", gen::Shape::kSpaced}}));
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? kExitOk : kExitUsage;
  }
  if (ev.base.empty() && app.count("--posts") == 0) {
    fmt::print(stderr, "gen-synthetic: --posts is required (or --evolve BASE_DIR)\n");
    return kExitUsage;
  }
  install_signal_cleanup();
  unsigned threads = o.threads ? o.threads : std::max(1u, std::thread::hardware_concurrency());
  tbb::global_control limit(tbb::global_control::max_allowed_parallelism, threads);
  try {
    if (!ev.base.empty()) {
      ev.out = o.out;
      ev.seed = o.seed;
      return gen::run_evolve(ev);
    }
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
