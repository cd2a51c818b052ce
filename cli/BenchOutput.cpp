#include "cli/BenchOutput.h"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "io/JsonWriter.h"

namespace mm::cli {

namespace {

// Below this source size, the estimate says that fixed costs weigh on it.
constexpr uint64_t kSmallBenchBytes = 50'000'000;

std::string rss(uint64_t bytes) { return bytes ? fmt::format("{:.0f} MiB", double(bytes) / 1048576.0) : "-"; }

std::string lines_rate(double per_second) {
  if (per_second >= 1e6) return fmt::format("{:.2f} M", per_second / 1e6);
  return fmt::format("{:.0f} k", per_second / 1e3);
}

std::string mb_rate(double per_second) {
  return per_second < 100 ? fmt::format("{:.1f}", per_second) : fmt::format("{:.0f}", per_second);
}

// `decimals` decimals, more for a small value so that it still shows two significant digits (a
// ratio of 0.0012, a floor of 0.00031 s on a small bench export).
std::string fixed(double value, int decimals) {
  if (value > 0 && value < 1) decimals = std::clamp(1 - static_cast<int>(std::floor(std::log10(value))), decimals, 9);
  return fmt::format("{:.{}f}", value, decimals);
}

std::string size_text(uint64_t bytes) {
  if (bytes >= 1'000'000'000) return fmt::format("{:.1f} GB", double(bytes) / 1e9);
  return fmt::format("{:.1f} MB", double(bytes) / 1e6);
}

// The lines an estimate is for: given by the sample, else at the measured export's bytes per line.
double estimate_lines(const BenchResult& result, const BenchEstimateRequest& e) {
  if (e.target.lines > 0) return e.target.lines;
  return double(e.target.bytes) * double(result.lines) / double(result.bytes);
}

}  // namespace

std::string printable(const std::string& path) {
  for (unsigned char c : path)
    if (c < 0x20 || c == 0x7f) return fmt::format("{:?}", path);
  return path;
}

std::string format_duration(double seconds) {
  if (seconds < 100) return fmt::format("{:.1f} s", seconds);
  long s = std::lround(seconds);
  if (s < 3600) return fmt::format("{}m {:02}s", s / 60, s % 60);
  return fmt::format("{}h {:02}m", s / 3600, (s % 3600) / 60);
}

std::string format_bench_table(const BenchSetup& setup, const BenchResult& result,
                               const std::optional<BenchEstimateRequest>& estimate) {
  std::string out;
  fmt::format_to(std::back_inserter(out),
                 "mattermerge bench: {} posts, {} shape; source {} bytes, {} lines; target {} bytes; "
                 "{} threads, {} rounds\n",
                 setup.posts, setup.shape, result.bytes, result.lines, setup.target_bytes, setup.threads,
                 setup.rounds);
  fmt::format_to(std::back_inserter(out), "directory {} (generated in {:.1f} s)\n", printable(setup.directory),
                 setup.generate_seconds);
  fmt::format_to(std::back_inserter(out), "{:<16} {:>9} {:>9} {:>9} {:>11} {:>14} {:>9}\n", "step", "best s",
                 "median s", "MB/s", "lines/s", "vs floor", "peak RSS");
  for (const BenchStep& s : result.steps) {
    std::string ratio = fmt::format("{}x {}", fixed(result.ratio(s), 2), result.steps[s.floor].name);
    fmt::format_to(std::back_inserter(out), "{:<16} {:>9} {:>9} {:>9} {:>11} {:>14} {:>9}\n",
                   s.is_floor ? "floor " + s.name : s.name, fixed(s.best(), 3), fixed(s.median(), 3),
                   mb_rate(result.mb_per_second(s.best())),
                   lines_rate(result.lines_per_second(s.best())), ratio, rss(s.peak_rss_bytes));
  }
  if (!estimate) return out;
  if (result.bytes < kSmallBenchBytes)
    fmt::format_to(std::back_inserter(out),
                   "\nnote: a small bench export: fixed costs (starting a process, reading the target) weigh on "
                   "its times and the estimates run high; use --posts 200000 or more\n");

  const BenchEstimateRequest& e = *estimate;
  double lines = estimate_lines(result, e);
  if (e.sample) {
    const ExportSample& x = *e.sample;
    fmt::format_to(std::back_inserter(out),
                   "\nestimate for {}: {} ({} bytes{}); first {} bytes: {:.0f} bytes a line, {:.1f}% post lines, "
                   "{:.1f}% spaced\n",
                   printable(x.path), size_text(e.target.bytes), e.target.bytes,
                   x.bytes_estimated ? ", decoded size estimated from the sample's compression" : "", x.sample_bytes,
                   x.bytes_per_line(), 100 * x.post_share(), 100 * x.spaced_share());
    bool export_spaced = x.spaced_share() > 0.5;
    if (export_spaced != (setup.shape == "spaced"))
      fmt::format_to(std::back_inserter(out),
                     "note: the export is mostly {}, the bench ran --shape {}: run again with --shape {} for "
                     "its figures\n",
                     export_spaced ? "spaced" : "compact", setup.shape, export_spaced ? "spaced" : "go");
    if (x.format != InputFormat::kJsonl)
      fmt::format_to(std::back_inserter(out),
                     "note: a compressed export is also decompressed: add the decompress floor's time\n");
  } else {
    fmt::format_to(std::back_inserter(out), "\nestimate for {} ({} bytes, about {:.0f} lines at this export's {:.0f} bytes a line)\n",
                   size_text(e.target.bytes), e.target.bytes, lines, double(result.bytes) / double(result.lines));
  }
  fmt::format_to(std::back_inserter(out), "{:<16} {:>20}\n", "step", "expected time");
  for (const BenchStep& s : result.steps) {
    StepEstimate t = estimate_step(s.median(), result.bytes, result.lines, e.target);
    std::string when = format_duration(t.low());
    if (format_duration(t.high()) != when) when += " - " + format_duration(t.high());
    fmt::format_to(std::back_inserter(out), "{:<16} {:>20}\n", s.is_floor ? "floor " + s.name : s.name, when);
  }
  return out;
}

std::string format_bench_json(const BenchSetup& setup, const BenchResult& result,
                              const std::optional<BenchEstimateRequest>& estimate) {
  std::string out;
  JsonWriter w(out);
  w.begin_object();
  w.key("posts").value(setup.posts);
  w.key("shape").value(setup.shape);
  w.key("rounds").value(setup.rounds);
  w.key("threads").value(setup.threads);
  w.key("directory").value(setup.directory);
  w.key("generate_seconds").value(setup.generate_seconds);
  w.key("source").begin_object().key("bytes").value(result.bytes).key("lines").value(result.lines).end_object();
  w.key("target").begin_object().key("bytes").value(setup.target_bytes).key("lines").value(setup.target_lines).end_object();
  w.key("steps").begin_array();
  for (const BenchStep& s : result.steps) {
    w.begin_object();
    w.key("name").value(s.name);
    w.key("floor").value(s.is_floor);
    w.key("ratio_to").value(result.steps[s.floor].name);
    w.key("seconds").begin_array();
    for (double t : s.seconds) w.value(t);
    w.end_array();
    w.key("best_seconds").value(s.best());
    w.key("median_seconds").value(s.median());
    w.key("mb_per_second").value(result.mb_per_second(s.best()));
    w.key("lines_per_second").value(result.lines_per_second(s.best()));
    w.key("median_mb_per_second").value(result.mb_per_second(s.median()));
    w.key("median_lines_per_second").value(result.lines_per_second(s.median()));
    w.key("ratio").value(result.ratio(s));
    w.key("peak_rss_bytes");
    if (s.peak_rss_bytes) w.value(s.peak_rss_bytes);
    else w.null();
    w.end_object();
  }
  w.end_array();
  if (estimate) {
    const BenchEstimateRequest& e = *estimate;
    w.key("estimate").begin_object();
    w.key("bytes").value(e.target.bytes);
    w.key("lines").value(estimate_lines(result, e));
    if (e.sample) {
      const ExportSample& x = *e.sample;
      w.key("export").begin_object();
      w.key("path").value(x.path);
      w.key("file_bytes").value(x.file_bytes);
      w.key("bytes_estimated").value(x.bytes_estimated);
      w.key("sample_bytes").value(x.sample_bytes);
      w.key("sample_lines").value(x.sample_lines);
      w.key("bytes_per_line").value(x.bytes_per_line());
      w.key("post_share").value(x.post_share());
      w.key("spaced_share").value(x.spaced_share());
      w.end_object();
    }
    w.key("steps").begin_array();
    for (const BenchStep& s : result.steps) {
      StepEstimate t = estimate_step(s.median(), result.bytes, result.lines, e.target);
      w.begin_object().key("name").value(s.name).key("floor").value(s.is_floor);
      w.key("seconds_by_bytes").value(t.by_bytes).key("seconds_by_lines").value(t.by_lines).end_object();
    }
    w.end_array();
    w.end_object();
  }
  w.end_object();
  out += '\n';
  return out;
}

}  // namespace mm::cli
