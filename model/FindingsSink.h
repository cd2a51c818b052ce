// Findings in bounded memory, whatever the input: a million bad lines cost counters, not a
// million Findings.
//
// FindingList: a chunk's findings as a stage records them (chunk-local lines, in line order): the
// first kMaxKeptFindings in full, the rest only counted by rule and severity. A stage that checks
// full() first counts a finding without building it (no allocation once its rule was seen).
//
// FindingsSink: a run's findings, fed from the pipeline's in-order stage: every finding counted
// by severity and by rule, the first `keep` kept in full with global line numbers. A run's first
// `keep` findings are among its chunks' first kMaxKeptFindings, so nothing kept is lost by the
// chunk's bound. Used by every command (commands/*Job.cpp, stages/InstanceIndex): the one place findings are
// rebased, capped and counted.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "model/Finding.h"

namespace mm {

// Findings kept in full per run (and per chunk) at most; the rest are counted (docs/robustness.md).
inline constexpr size_t kMaxKeptFindings = 10000;

// A line the chunk reader skipped as longer than the importer reads (Chunk::overlong): the
// importer's own error for it.
inline Finding overlong_line_finding(uint64_t line, uint64_t bytes) {
  return {line, "line", "", "app.import.bulk_import.file_scan.error",
          "line longer than the importer's 16 MiB limit (" + std::to_string(bytes) + " bytes): skipped unread",
          Severity::kError};
}

class FindingList {
 public:
  struct RuleCount {
    std::string rule;
    Severity severity;
    uint64_t count;
  };

  bool full() const { return kept_.size() >= kMaxKeptFindings; }
  // Kept, or counted when full.
  void push_back(Finding&& f) {
    if (full()) count(f.rule, f.severity);
    else kept_.push_back(std::move(f));
  }
  // When full: counts the finding and returns true, so that the caller need not build it:
  //   if (!list.counted(rule, severity)) list.push_back({...});
  // `at`, when given, receives where it was counted (for uncount).
  bool counted(std::string_view rule, Severity severity, size_t* at = nullptr) {
    if (!full()) return false;
    size_t i = count(rule, severity);
    if (at) *at = i;
    return true;
  }
  // Counted without detail; returns where (for uncount).
  size_t count(std::string_view rule, Severity severity, uint64_t n = 1) {
    for (size_t i = 0; i < more_.size(); ++i)
      if (more_[i].severity == severity && more_[i].rule == rule) {
        more_[i].count += n;
        return i;
      }
    more_.push_back({std::string(rule), severity, n});
    return more_.size() - 1;
  }
  // Takes back one count made by count() (a line whose findings are withdrawn).
  void uncount(size_t at) {
    if (at < more_.size() && more_[at].count) more_[at].count--;
  }
  void clear() {
    kept_.clear();
    for (RuleCount& c : more_) c.count = 0;  // the rules stay: no allocation on the next chunk
  }

  std::vector<Finding>& kept() { return kept_; }
  const std::vector<Finding>& kept() const { return kept_; }
  const std::vector<RuleCount>& more() const { return more_; }
  uint64_t total() const {
    uint64_t n = kept_.size();
    for (const RuleCount& c : more_) n += c.count;
    return n;
  }

  // The kept findings, as a vector's.
  size_t size() const { return kept_.size(); }
  bool empty() const { return kept_.empty(); }
  Finding& operator[](size_t i) { return kept_[i]; }
  const Finding& operator[](size_t i) const { return kept_[i]; }
  auto begin() { return kept_.begin(); }
  auto end() { return kept_.end(); }
  auto begin() const { return kept_.begin(); }
  auto end() const { return kept_.end(); }

 private:
  std::vector<Finding> kept_;
  std::vector<RuleCount> more_;  // few distinct rules
};

class FindingsSink {
 public:
  using RuleCounts = std::map<std::string, uint64_t, std::less<>>;

  // Keeps the first `keep` findings in full (0 or more than kMaxKeptFindings: kMaxKeptFindings).
  explicit FindingsSink(size_t keep = kMaxKeptFindings)
      : keep_(keep == 0 || keep > kMaxKeptFindings ? kMaxKeptFindings : keep) {}

  // A chunk's findings, their lines rebased from chunk-local to `first_line` + index. Moves out
  // the kept ones it keeps.
  void add_chunk(FindingList& chunk, uint64_t first_line) {
    add_chunk(chunk.kept(), first_line);
    for (const FindingList::RuleCount& c : chunk.more())
      if (c.count) count(c.rule, c.severity, c.count);
  }
  // A chunk's findings kept as a plain list (chunk-local lines), the same way.
  void add_chunk(std::vector<Finding>& chunk, uint64_t first_line) {
    for (Finding& f : chunk) {
      f.line += first_line;
      add(std::move(f));
    }
  }
  // One finding, its line already global.
  void add(Finding&& f) {
    count(f.rule, f.severity, 1);
    if (kept_.size() < keep_) kept_.push_back(std::move(f));
  }

  uint64_t errors() const { return errors_; }
  uint64_t warnings() const { return warnings_; }
  uint64_t total() const { return errors_ + warnings_; }
  const RuleCounts& errors_by_rule() const { return errors_by_rule_; }
  const RuleCounts& warnings_by_rule() const { return warnings_by_rule_; }
  // The first findings, in line order.
  std::vector<Finding>& kept() { return kept_; }
  bool truncated() const { return kept_.size() < total(); }

 private:
  void count(std::string_view rule, Severity severity, uint64_t n) {
    bool error = severity == Severity::kError;
    (error ? errors_ : warnings_) += n;
    RuleCounts& by_rule = error ? errors_by_rule_ : warnings_by_rule_;
    auto it = by_rule.find(rule);
    if (it == by_rule.end()) it = by_rule.emplace(std::string(rule), 0).first;
    it->second += n;
  }

  size_t keep_;
  uint64_t errors_ = 0, warnings_ = 0;
  RuleCounts errors_by_rule_, warnings_by_rule_;
  std::vector<Finding> kept_;
};

}  // namespace mm
