// `mattermerge bench`: how fast each step of a merge runs on this machine and disk. Generates a
// source/target pair with the generator's library (tools/gen-synthetic) in a bench directory,
// then, round after round, runs the machine's floors (commands/BenchFloors.h) and the commands
// `stats`, `validate`, `plan`, `apply` to .jsonl and to .zip in turn, so that a change of the
// host's speed during the run falls on all of them alike (as bench/interleave.sh does). Each
// command runs as a child process of this same binary, with the arguments an admin would type,
// so its time is the command's own and wait4 gives its peak resident size alone. Prints best and
// median, rates, the ratio to the floor and, with --estimate, the expected time of each step for
// an export of that size (cli/BenchOutput.h). docs/performance.md says how to read it.
#include <atomic>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <optional>
#include <thread>
#include <unistd.h>

#include <fmt/format.h>

#include "cli/BenchOutput.h"
#include "cli/Command.h"
#include "cli/Progress.h"
#include "io/ByteSize.h"
#include "io/ChildProcess.h"
#include "io/Error.h"
#include "commands/BenchFloors.h"
#include "tools/gen-synthetic/GeneratePair.h"

namespace mm::cli {

namespace {

namespace fs = std::filesystem;

std::atomic<bool> g_stop{false};
std::atomic<int> g_stop_signal{0};

extern "C" void on_bench_stop(int sig) {
  g_stop_signal.store(sig);
  g_stop.store(true);
}

// While the bench runs, SIGINT and SIGTERM only set a flag: the running child is stopped, the
// step in progress ends, and the bench directory is removed on the way out (exit 130 / 143).
class StopSignals {
 public:
  StopSignals() {
    struct sigaction sa {};
    sa.sa_handler = on_bench_stop;
    sigemptyset(&sa.sa_mask);
    ::sigaction(SIGINT, &sa, &old_int_);
    ::sigaction(SIGTERM, &sa, &old_term_);
  }
  ~StopSignals() {
    ::sigaction(SIGINT, &old_int_, nullptr);
    ::sigaction(SIGTERM, &old_term_, nullptr);
  }
  static void check() {
    if (g_stop.load()) throw Error("bench stopped by a signal; its directory removed", 128 + g_stop_signal.load());
  }

 private:
  struct sigaction old_int_ {}, old_term_ {};
};

// The directory the bench writes into: DIR (new, or empty) or a fresh one in the current
// directory, so that the outputs go to the disk the admin runs from. Removed at the end (only
// what the bench wrote, when DIR existed) unless kept.
class BenchDir {
 public:
  BenchDir(const std::string& requested, bool keep) : keep_(keep) {
    if (requested.empty()) {
      std::string name = "mattermerge-bench-XXXXXX";
      if (!::mkdtemp(name.data())) throw_io_error(fs::current_path().string(), "cannot create a bench directory", errno);
      path_ = fs::absolute(name).string();
      created_ = true;
      return;
    }
    std::error_code ec;
    path_ = fs::absolute(requested).string();
    if (fs::exists(path_, ec)) {
      if (!fs::is_directory(path_, ec)) throw Error(fmt::format("--dir {}: not a directory", requested));
      if (!fs::is_empty(path_, ec))
        throw Error(fmt::format("--dir {}: not empty (bench writes into a new or empty directory)", requested));
      return;
    }
    if (!fs::create_directories(path_, ec) || ec) throw_io_error(requested, "cannot create the directory", ec.value());
    created_ = true;
  }
  ~BenchDir() {
    if (keep_) return;
    std::error_code ec;
    if (created_) {
      fs::remove_all(path_, ec);
      return;
    }
    for (const auto& entry : fs::directory_iterator(path_, ec)) fs::remove_all(entry.path(), ec);
  }
  BenchDir(const BenchDir&) = delete;
  BenchDir& operator=(const BenchDir&) = delete;

  const std::string& path() const { return path_; }
  std::string file(const char* name) const { return path_ + "/" + name; }

 private:
  std::string path_;
  bool created_ = false;
  bool keep_;
};

struct BenchArgs {
  uint64_t posts = 200000;
  std::string dir;
  std::string shape = "go";
  unsigned rounds = 3;
  bool json = false;
  std::string estimate;
  std::string estimate_from;
  bool keep = false;
};

// A command step: its arguments after the binary's path, and the output it writes (removed before
// each run, untimed, so every run writes a new file).
struct CommandStep {
  const char* name;
  const char* log;  // base name of its stdout / stderr files in the bench directory
  std::vector<std::string> args;
  std::string output;
};

std::string first_lines(const std::string& path, size_t max_bytes = 2000) {
  std::string text;
  if (FILE* f = std::fopen(path.c_str(), "rb")) {
    text.resize(max_bytes);
    text.resize(std::fread(text.data(), 1, max_bytes, f));
    std::fclose(f);
  }
  while (!text.empty() && text.back() == '\n') text.pop_back();
  return text;
}

double run_command_step(const std::string& exe, const BenchDir& dir, const CommandStep& step, uint64_t& peak_rss) {
  std::error_code ec;
  if (!step.output.empty()) fs::remove(step.output, ec);
  std::vector<std::string> argv{exe};
  argv.insert(argv.end(), step.args.begin(), step.args.end());
  std::string out = dir.path() + "/" + step.log + ".out", err = dir.path() + "/" + step.log + ".err";
  ChildResult r = run_child(argv, out, err, &g_stop);
  StopSignals::check();
  if (r.exit_code != kExitOk) {
    std::string how = r.signal ? fmt::format("was killed by signal {}", r.signal) : fmt::format("exited {}", r.exit_code);
    throw Error(fmt::format("bench: `mattermerge {}` {} on the generated export; it said:\n{}", step.name, how,
                            first_lines(err)));
  }
  peak_rss = std::max(peak_rss, r.peak_rss_bytes);
  return r.seconds;
}

int run_bench(const BenchArgs& a, const CommonOptions& common) {
  // Everything that can be refused is checked before anything is generated.
  std::optional<BenchEstimateRequest> estimate;
  if (!a.estimate.empty()) {
    estimate.emplace();
    estimate->target.bytes = parse_byte_size(a.estimate, "--estimate");
  } else if (!a.estimate_from.empty()) {
    estimate.emplace();
    estimate->sample = sample_export(a.estimate_from);
    estimate->target.bytes = estimate->sample->bytes;
    estimate->target.lines = double(estimate->sample->bytes) / estimate->sample->bytes_per_line();
  }
  const std::string exe = fs::read_symlink("/proc/self/exe").string();
  const unsigned threads = common.threads ? common.threads : std::max(1u, std::thread::hardware_concurrency());

  std::optional<Progress> progress;
  if (!common.no_progress && Progress::enabled_for_stderr()) progress.emplace();
  auto note = [&](const std::string& text) {
    if (progress) progress->note(text.c_str());
  };

  StopSignals signals;
  BenchDir dir(a.dir, a.keep);
  note(fmt::format("bench: generating {} posts", a.posts));
  gen::GenOptions g;
  g.out = dir.path();
  g.posts = a.posts;
  g.threads = threads;
  g.shape = a.shape == "spaced" ? gen::Shape::kSpaced : gen::Shape::kGo;
  gen::PairSummary pair = gen::generate_pair(g);
  StopSignals::check();

  const std::string source = dir.file("source.jsonl"), target = dir.file("target.jsonl");
  const std::string zst = dir.file("source.jsonl.zst"), plan = dir.file("plan.toml");
  const uint64_t bytes = pair.source.bytes;
  note("bench: compressing a .zst copy, warming the page cache");
  make_zstd_copy(source, zst);
  time_read_floor(source, bytes);
  time_read_floor(target, pair.target.bytes);
  StopSignals::check();

  std::vector<std::string> shared{"--no-progress", "--threads", std::to_string(threads), "--input", common.input,
                                  "--chunk-size", std::to_string(common.chunk_kib)};
  auto command = [&](std::vector<std::string> args) {
    args.insert(args.begin() + 1, shared.begin(), shared.end());
    return args;
  };
  // stats and validate run a second time with the other input mode, forced: which of read() and
  // mmap is faster depends on the host's page-fault cost (pipeline/ChunkReader.h), so every bench
  // shows both side by side.
  const std::string other_input = common.input == "mmap" ? "read" : "mmap";
  const std::string stats_other = "stats/" + other_input, validate_other = "validate/" + other_input;
  const std::string stats_other_log = "stats-" + other_input, validate_other_log = "validate-" + other_input;
  auto with_other_input = [&](std::vector<std::string> args) {
    args = command(std::move(args));
    for (size_t i = 0; i + 1 < args.size(); ++i)
      if (args[i] == "--input") args[i + 1] = other_input;
    return args;
  };
  std::vector<CommandStep> commands{
      {"stats", "stats", command({"stats", source}), ""},
      {stats_other.c_str(), stats_other_log.c_str(), with_other_input({"stats", source}), ""},
      {"validate", "validate", command({"validate", source}), ""},
      {validate_other.c_str(), validate_other_log.c_str(), with_other_input({"validate", source}), ""},
      {"plan", "plan", command({"plan", source, "--target", target, "--import-path", dir.path(), "--out", plan}), plan},
      {"apply .jsonl", "apply-jsonl",
       command({"apply", source, "--plan", plan, "--target", target, "--import-path", dir.path(), "--out",
                dir.file("import.jsonl")}),
       dir.file("import.jsonl")},
      {"apply .zip", "apply-zip",
       command({"apply", source, "--plan", plan, "--target", target, "--import-path", dir.path(), "--out",
                dir.file("import.zip")}),
       dir.file("import.zip")},
  };

  BenchResult result;
  result.bytes = bytes;
  result.lines = pair.source.lines;
  enum { kRead, kWrite, kDecompress, kFloors };
  result.steps.push_back({"read", true, kRead, {}, 0});
  result.steps.push_back({"write", true, kRead, {}, 0});
  result.steps.push_back({"decompress", true, kRead, {}, 0});
  for (const CommandStep& c : commands) {
    bool writes = std::string_view(c.name).starts_with("apply");
    result.steps.push_back({c.name, false, writes ? size_t{kWrite} : size_t{kRead}, {}, 0});
  }

  for (unsigned round = 1; round <= a.rounds; ++round) {
    auto step_note = [&](const BenchStep& s) { note(fmt::format("bench: round {}/{}: {}", round, a.rounds, s.name)); };
    step_note(result.steps[kRead]);
    result.steps[kRead].seconds.push_back(time_read_floor(source, bytes));
    step_note(result.steps[kWrite]);
    result.steps[kWrite].seconds.push_back(time_write_floor(source, dir.path(), bytes));
    step_note(result.steps[kDecompress]);
    result.steps[kDecompress].seconds.push_back(time_decompress_floor(zst, bytes));
    StopSignals::check();
    for (size_t i = 0; i < commands.size(); ++i) {
      BenchStep& s = result.steps[kFloors + i];
      step_note(s);
      s.seconds.push_back(run_command_step(exe, dir, commands[i], s.peak_rss_bytes));
    }
  }
  if (progress) progress->finish();

  BenchSetup setup;
  setup.posts = a.posts;
  setup.shape = a.shape;
  setup.rounds = a.rounds;
  setup.threads = threads;
  setup.directory = dir.path();
  setup.target_bytes = pair.target.bytes;
  setup.target_lines = pair.target.lines;
  setup.generate_seconds = pair.seconds;
  std::string out = a.json ? format_bench_json(setup, result, estimate) : format_bench_table(setup, result, estimate);
  std::fwrite(out.data(), 1, out.size(), stdout);
  if (a.keep) fmt::print(stderr, "bench: files kept in {}\n", printable(dir.path()));
  return kExitOk;
}

}  // namespace

void add_bench_command(CLI::App& app, CommonOptions& common, CommandRun& run) {
  auto* sub = app.add_subcommand("bench", "Time stats, validate, plan and apply on a generated export against this "
                                          "machine's read, write and decompress floors");
  static BenchArgs args;
  sub->add_option("--posts", args.posts, "Posts of the generated source export")
      ->check(CLI::Range(uint64_t{100}, uint64_t{1} << 40))
      ->capture_default_str();
  sub->add_option("--dir", args.dir,
                  "Directory to generate and write in, new or empty (default: a temporary one in the current "
                  "directory); removed afterwards unless --keep");
  sub->add_option("--shape", args.shape, "go: compact lines, as the server exports; spaced: a space after ':' and ','")
      ->check(CLI::IsMember({"go", "spaced"}))
      ->capture_default_str();
  sub->add_option("--rounds", args.rounds, "Rounds; every step runs once a round, in turn")
      ->check(CLI::Range(1u, 1000u))
      ->capture_default_str();
  sub->add_flag("--json", args.json, "Print one JSON document to stdout");
  auto* est = sub->add_option("--estimate", args.estimate, "Expected time of each step for an export of SIZE (40GB, 1.5TiB)");
  sub->add_option("--estimate-from", args.estimate_from,
                  "Expected time of each step for EXPORT: its size, and its first MBs for bytes per line and shape")
      ->excludes(est);
  sub->add_flag("--keep", args.keep, "Keep the bench directory");
  add_common_options(sub, common);
  sub->callback([&run, &common] {
    run = [&common] { return run_bench(args, common); };
  });
}

}  // namespace mm::cli
