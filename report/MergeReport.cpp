#include "report/MergeReport.h"

#include <cerrno>
#include <map>

#include <fmt/format.h>
#include <simdjson.h>

#include "io/Error.h"
#include "io/JsonWriter.h"
#include "io/OutputFile.h"

namespace mm {

namespace {

InstanceFacts facts_of(const InstanceIndex& index, uint64_t bytes) {
  InstanceFacts f;
  f.file = index.file;
  f.bytes = bytes;
  f.teams = index.teams.size();
  f.channels = index.channels.size();
  f.users = index.users.size();
  f.emoji = index.emoji.size();
  f.posts = index.posts;
  f.direct_posts = index.direct_posts;
  for (const auto& [team, n] : index.posts_by_team) f.posts_by_team.emplace_back(team, n);
  return f;
}

void write_facts(JsonWriter& w, const InstanceFacts& f) {
  w.begin_object();
  w.key("file").value(f.file);
  w.key("bytes").value(f.bytes);
  w.key("teams").value(f.teams);
  w.key("channels").value(f.channels);
  w.key("users").value(f.users);
  w.key("emoji").value(f.emoji);
  w.key("posts").value(f.posts);
  w.key("direct_posts").value(f.direct_posts);
  w.key("attachments");
  if (f.attachments) w.value(*f.attachments);
  else w.null();
  w.key("posts_by_team").begin_object();
  for (const auto& [team, n] : f.posts_by_team) w.key(team).value(n);
  w.end_object();
  w.end_object();
}

// Reading: every accessor names the field it reads ("teams[2].posts") in its error.
class Reader {
 public:
  explicit Reader(const std::string& path) : path_(path) {}

  [[noreturn]] void fail(const std::string& field, const std::string& message) const {
    throw_input_error(path_, 1, field, message);
  }
  simdjson::dom::object object(simdjson::dom::element e, const std::string& field) const {
    simdjson::dom::object o;
    if (e.get_object().get(o)) fail(field, "expected an object");
    return o;
  }
  simdjson::dom::array array(simdjson::dom::element e, const std::string& field) const {
    simdjson::dom::array a;
    if (e.get_array().get(a)) fail(field, "expected an array");
    return a;
  }
  std::string string(simdjson::dom::object o, std::string_view key, const std::string& where) const {
    simdjson::dom::element e;
    if (o.at_key(key).get(e)) fail(where + "." + std::string(key), "missing");
    std::string_view s;
    if (e.get_string().get(s)) fail(where + "." + std::string(key), "expected a string");
    return std::string(s);
  }
  uint64_t number(simdjson::dom::object o, std::string_view key, const std::string& where) const {
    simdjson::dom::element e;
    if (o.at_key(key).get(e)) fail(where + "." + std::string(key), "missing");
    uint64_t n;
    if (e.get_uint64().get(n)) fail(where + "." + std::string(key), "expected a non-negative integer");
    return n;
  }
  // An optional member: absent (or null) leaves `out` alone.
  bool has(simdjson::dom::object o, std::string_view key, simdjson::dom::element& out) const {
    return !o.at_key(key).get(out) && !out.is_null();
  }

 private:
  const std::string& path_;
};

ConflictSeverity parse_severity(const Reader& r, std::string_view s, const std::string& field) {
  if (std::optional<ConflictSeverity> v = conflict_severity_named(s)) return *v;
  r.fail(field, fmt::format("unknown severity \"{}\" (error, risk or info)", s));
}

// A kind this version does not know cannot be grouped or explained: refused, as a report that
// `plan` of the same version did not write.
ConflictKind parse_kind(const Reader& r, std::string_view s, const std::string& field) {
  if (std::optional<ConflictKind> k = conflict_kind_named(s)) return *k;
  r.fail(field, fmt::format("unknown conflict kind \"{}\" (docs/plan.md \"Conflict kinds\")", s));
}

InstanceFacts read_facts(const Reader& r, simdjson::dom::element e, const std::string& where) {
  simdjson::dom::object o = r.object(e, where);
  InstanceFacts f;
  f.file = r.string(o, "file", where);
  f.bytes = r.number(o, "bytes", where);
  f.teams = r.number(o, "teams", where);
  f.channels = r.number(o, "channels", where);
  f.users = r.number(o, "users", where);
  f.emoji = r.number(o, "emoji", where);
  f.posts = r.number(o, "posts", where);
  f.direct_posts = r.number(o, "direct_posts", where);
  simdjson::dom::element v;
  if (r.has(o, "attachments", v)) f.attachments = r.number(o, "attachments", where);
  if (r.has(o, "posts_by_team", v)) {
    for (auto [key, value] : r.object(v, where + ".posts_by_team")) {
      uint64_t n;
      if (value.get_uint64().get(n))
        r.fail(fmt::format("{}.posts_by_team.{}", where, key), "expected a non-negative integer");
      f.posts_by_team.emplace_back(std::string(key), n);
    }
  }
  return f;
}

}  // namespace

MergeReport build_merge_report(const PlanOutcome& outcome, const std::string& plan_file,
                               const std::string& import_path) {
  MergeReport report;
  report.source = facts_of(outcome.source, outcome.source_bytes);
  report.target = facts_of(outcome.target, outcome.target_bytes);
  if (!import_path.empty()) report.source.attachments = outcome.attachments_checked;
  report.plan_file = plan_file;
  report.import_path = import_path;
  report.conflicts = outcome.detection.conflicts;
  const MergePlan& plan = outcome.detection.plan;

  std::map<std::string, size_t> team_at;  // lower(source team) -> index in report.teams
  for (const IndexedTeam& t : outcome.source.teams) {
    std::string key = ascii_lower(t.name);
    if (team_at.count(key)) continue;
    TeamFlow flow;
    flow.name = t.name;
    flow.display_name = t.display_name;
    const TeamDecision* d = plan.team(t.name);
    flow.action = name_of(d ? d->action : TeamAction::kKeep);
    flow.target = plan.mapped_team(t.name);
    if (d) flow.why = d->why;
    auto posts = outcome.source.posts_by_team.find(t.name);
    if (posts != outcome.source.posts_by_team.end()) flow.posts = posts->second;
    team_at.emplace(std::move(key), report.teams.size());
    report.teams.push_back(std::move(flow));
  }
  for (const IndexedChannel& c : outcome.source.channels) {
    auto team = team_at.find(ascii_lower(c.team));
    if (team == team_at.end()) continue;
    TeamFlow& flow = report.teams[team->second];
    const ChannelDecision* d = plan.channel(c.team, c.name);
    ChannelAction action = d ? d->action : ChannelAction::kKeep;
    flow.channels_merged += action == ChannelAction::kMerge;
    flow.channels_renamed += action == ChannelAction::kRename;
    flow.channels_new += action == ChannelAction::kKeep;
    if (action == ChannelAction::kRename)
      report.channels.push_back({c.team, c.name, c.display_name, d->new_name, d->why});
  }
  report.users = users_to_notify(plan, outcome.source, outcome.detection.conflicts);
  return report;
}

namespace {

void emit_merge_report_json(const MergeReport& report, JsonWriter& w, std::string& out) {
  w.begin_object();
  write_conflicts_json(w, report.conflicts);
  w.key("source");
  write_facts(w, report.source);
  w.key("target");
  write_facts(w, report.target);
  w.key("plan").value(report.plan_file);
  w.key("import_path").value(report.import_path);
  w.key("teams").begin_array();
  for (const TeamFlow& t : report.teams) {
    w.begin_object();
    w.key("name").value(t.name);
    w.key("display_name").value(t.display_name);
    w.key("action").value(t.action);
    w.key("target").value(t.target);
    w.key("posts").value(t.posts);
    w.key("channels_merged").value(t.channels_merged);
    w.key("channels_renamed").value(t.channels_renamed);
    w.key("channels_new").value(t.channels_new);
    w.key("why").value(t.why);
    w.end_object();
  }
  w.end_array();
  w.key("channels").begin_array();
  for (const ChannelChange& c : report.channels) {
    w.begin_object();
    w.key("team").value(c.team);
    w.key("name").value(c.name);
    w.key("display_name").value(c.display_name);
    w.key("new_name").value(c.new_name);
    w.key("why").value(c.why);
    w.end_object();
  }
  w.end_array();
  w.key("users").begin_array();
  for (const UserNotice& u : report.users) {
    w.begin_object();
    w.key("username").value(u.username);
    w.key("email").value(u.email);
    w.key("action").value(u.action);
    w.key("target").value(u.target);
    w.key("reason").value(u.reason);
    w.end_object();
  }
  w.end_array();
  w.end_object();
  out += '\n';
}

}  // namespace

std::string format_merge_report_json(const MergeReport& report) {
  std::string out;
  JsonWriter w(out);
  emit_merge_report_json(report, w, out);
  return out;
}

void write_merge_report_json(const MergeReport& report, OutputFile& file) {
  // 100,000 users make a report of ~22 MB: built whole, its last growth took ~47 MB.
  constexpr size_t kDrainBytes = size_t{1} << 20;
  std::string out;
  out.reserve(kDrainBytes + (kDrainBytes >> 2));
  JsonWriter w(out);
  w.drain_every(kDrainBytes, [&file](std::string_view bytes) { file.write(bytes); });
  emit_merge_report_json(report, w, out);
  file.write(out);
}

MergeReport read_merge_report(const std::string& path) {
  simdjson::padded_string bytes;
  if (simdjson::padded_string::load(path).get(bytes)) throw_io_error(path, "cannot read", errno);
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  if (auto error = parser.parse(bytes).get(root))
    throw_input_error(path, 1, "report", fmt::format("not JSON: {}", simdjson::error_message(error)));
  Reader r(path);
  simdjson::dom::object top = r.object(root, "report");
  MergeReport report;

  simdjson::dom::element e;
  if (top.at_key("conflicts").get(e)) r.fail("conflicts", "missing: not a report written by `mattermerge plan`");
  size_t i = 0;
  for (simdjson::dom::element item : r.array(e, "conflicts")) {
    std::string where = fmt::format("conflicts[{}]", i++);
    simdjson::dom::object o = r.object(item, where);
    Conflict c;
    std::string kind = r.string(o, "kind", where);
    c.severity = parse_severity(r, r.string(o, "severity", where), where + ".severity");
    c.kind = parse_kind(r, kind, where + ".kind");
    c.subject = r.string(o, "subject", where);
    c.source_line = r.number(o, "source_line", where);
    c.target_line = r.number(o, "target_line", where);
    c.count = r.number(o, "count", where);
    c.resolution = r.string(o, "resolution", where);
    report.conflicts.push_back(std::move(c));
  }
  if (r.has(top, "source", e)) report.source = read_facts(r, e, "source");
  if (r.has(top, "target", e)) report.target = read_facts(r, e, "target");
  if (r.has(top, "plan", e)) report.plan_file = r.string(top, "plan", "report");
  if (r.has(top, "import_path", e)) report.import_path = r.string(top, "import_path", "report");
  if (r.has(top, "teams", e)) {
    i = 0;
    for (simdjson::dom::element item : r.array(e, "teams")) {
      std::string where = fmt::format("teams[{}]", i++);
      simdjson::dom::object o = r.object(item, where);
      TeamFlow t;
      t.name = r.string(o, "name", where);
      t.display_name = r.string(o, "display_name", where);
      t.action = r.string(o, "action", where);
      t.target = r.string(o, "target", where);
      t.posts = r.number(o, "posts", where);
      t.channels_merged = r.number(o, "channels_merged", where);
      t.channels_renamed = r.number(o, "channels_renamed", where);
      t.channels_new = r.number(o, "channels_new", where);
      t.why = r.string(o, "why", where);
      report.teams.push_back(std::move(t));
    }
  }
  if (r.has(top, "channels", e)) {
    i = 0;
    for (simdjson::dom::element item : r.array(e, "channels")) {
      std::string where = fmt::format("channels[{}]", i++);
      simdjson::dom::object o = r.object(item, where);
      report.channels.push_back({r.string(o, "team", where), r.string(o, "name", where),
                                 r.string(o, "display_name", where), r.string(o, "new_name", where),
                                 r.string(o, "why", where)});
    }
  }
  if (r.has(top, "users", e)) {
    i = 0;
    for (simdjson::dom::element item : r.array(e, "users")) {
      std::string where = fmt::format("users[{}]", i++);
      simdjson::dom::object o = r.object(item, where);
      report.users.push_back({r.string(o, "username", where), r.string(o, "email", where),
                              r.string(o, "action", where), r.string(o, "target", where),
                              r.string(o, "reason", where)});
    }
  }
  return report;
}

}  // namespace mm
