#include "tools/gen-synthetic/AnswerKey.h"

#include "io/JsonWriter.h"

namespace mm::gen {
namespace {

void counts_object(JsonWriter& w, const ExportCounts& c) {
  w.begin_object();
  w.key("lines").value(c.lines);
  w.key("counts").begin_object();
  for (size_t i = 0; i < kLineTypeCount; ++i) w.key(kLineTypeNames[i]).value(c.lines_by_type[i]);
  w.end_object();
  w.key("replies").value(c.replies);
  w.key("reactions").value(c.reactions);
  w.key("attachments").value(c.attachments);
  w.key("bytes").value(c.bytes);
  w.end_object();
}

const char* problem_kind(FileProblem p) {
  switch (p) {
    case FileProblem::kTypeMismatch: return "attachment_type_mismatch";
    case FileProblem::kMissing: return "attachment_missing";
    case FileProblem::kEmpty: return "attachment_empty";
    case FileProblem::kNone: break;
  }
  return "";
}

}  // namespace

void add_generated_conflicts(const Export& source, const MentionTargets& mentions, const ExportResult& result,
                             std::vector<Conflict>& conflicts) {
  auto add = [&](const char* kind, std::string subject, uint64_t source_line, uint64_t count) {
    conflicts.push_back({kind, severity_of(kind), std::move(subject), source_line, 0, count});
  };
  for (size_t slot = 0; slot < mentions.users.size(); ++slot)
    if (result.tally.users[slot])
      add("mention_rewrite", "@" + source.users[mentions.users[slot]].username, 0, result.tally.users[slot]);
  for (size_t slot = 0; slot < mentions.channels.size(); ++slot) {
    if (!result.tally.channels[slot]) continue;
    const Channel& c = source.channels[mentions.channels[slot]];
    add("mention_rewrite", "~" + source.teams[c.team].name + "/" + c.name, 0, result.tally.channels[slot]);
  }
  if (result.tally.permalinks) add("permalink", "permalinks", 0, result.tally.permalinks);
  for (const AttachmentProblem& p : result.problems) add(problem_kind(p.problem), p.path, p.line, 1);
}

std::string answer_key_json(const GenOptions& o, const ExportCounts& source, const ExportCounts& target,
                            const std::vector<Conflict>& conflicts) {
  std::string out;
  JsonWriter w(out);
  w.begin_object();
  w.key("seed").value(o.seed);
  w.key("arguments").begin_object();
  w.key("posts").value(o.posts);
  w.key("target_posts").value(o.target_posts);
  w.key("users").value(o.users);
  w.key("teams").value(o.teams);
  w.key("channels").value(o.channels);
  w.key("seed").value(o.seed);
  w.key("attachments_rate").value(o.attachments_rate);
  w.key("conflict_rate").value(o.conflict_rate);
  w.key("zstd").value(o.zstd);
  w.key("zip").value(o.zip);
  w.key("shape").value(o.shape == Shape::kSpaced ? "spaced" : "go");
  w.end_object();
  w.key("source");
  counts_object(w, source);
  w.key("target");
  counts_object(w, target);
  w.key("conflicts").begin_array();
  for (const Conflict& c : conflicts) {
    w.begin_object();
    w.key("kind").value(c.kind).key("severity").value(c.severity).key("subject").value(c.subject);
    w.key("source_line").value(c.source_line).key("target_line").value(c.target_line).key("count").value(c.count);
    w.end_object();
    out += '\n';
  }
  w.end_array();
  w.end_object();
  out += '\n';
  return out;
}

}  // namespace mm::gen
