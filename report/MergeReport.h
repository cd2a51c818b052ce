// What the merge report shows, as one value: built from a `plan` run, written as REPORT.json, and
// read back from it (`mattermerge report REPORT.json --html PAGE.html`), so the page can be
// rendered again from a reviewed plan's report without the exports.
//
// REPORT.json keeps the members `conflicts` and `summary` first, as docs/plan.md describes them
// (tests compare them with gen-synthetic's answer key), and adds `source`, `target`, `plan`,
// `teams`, `channels` and `users`. A report without those (an older one) reads as empty sections.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "commands/PlanJob.h"
#include "model/Conflict.h"
#include "report/PlanReport.h"

namespace mm {

// One instance as the report compares it (counts from the plan's index pass).
struct InstanceFacts {
  std::string file;
  uint64_t bytes = 0;
  uint64_t teams = 0, channels = 0, users = 0, emoji = 0;
  uint64_t posts = 0, direct_posts = 0;
  std::optional<uint64_t> attachments;  // checked under --import-path (source only), else unknown
  std::vector<std::pair<std::string, uint64_t>> posts_by_team;  // team name as written, in name order
};

// What the merge does with one source team.
struct TeamFlow {
  std::string name;          // source team
  std::string display_name;
  std::string action;        // keep | merge | rename (name_of(TeamAction))
  std::string target;        // the team its content goes to
  uint64_t posts = 0;        // post lines of the team in the source
  uint64_t channels_merged = 0, channels_renamed = 0, channels_new = 0;
  std::string why;
};

// A source channel that the merge renames.
struct ChannelChange {
  std::string team;  // source team
  std::string name;
  std::string display_name;
  std::string new_name;
  std::string why;
};

struct MergeReport {
  InstanceFacts source, target;
  std::string plan_file;    // the plan `plan` wrote
  std::string import_path;  // --import-path of the plan run, or empty
  std::vector<Conflict> conflicts;  // sorted as plan sorts them
  std::vector<TeamFlow> teams;      // in source order
  std::vector<ChannelChange> channels;
  std::vector<UserNotice> users;    // users_to_notify()
};

MergeReport build_merge_report(const PlanOutcome& outcome, const std::string& plan_file,
                               const std::string& import_path);

class OutputFile;

// REPORT.json: one line, with a final newline.
std::string format_merge_report_json(const MergeReport& report);
// The same bytes written to `file` a piece at a time (never the whole document in memory).
void write_merge_report_json(const MergeReport& report, OutputFile& file);

// Reads REPORT.json. Throws mm::Error (exit 2) naming the file and the field of the first problem.
MergeReport read_merge_report(const std::string& path);

}  // namespace mm
