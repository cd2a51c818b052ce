#include "report/ApplyJson.h"

#include "io/JsonWriter.h"

namespace mm {

std::string format_apply_json(const ApplyReport& r) {
  std::string out;
  JsonWriter w(out);
  w.begin_object();
  w.key("out").value(r.out);
  w.key("written").value(r.errors == 0);
  w.key("lines_in").value(r.lines_in);
  w.key("lines_out").value(r.lines_out);
  w.key("bytes_in").value(r.bytes_in);
  w.key("changes").begin_object();
  for (size_t i = 0; i < kChangeCount; ++i) w.key(kChangeNames[i]).value(r.counts.n[i]);
  w.end_object();
  w.key("memberships").value(r.memberships);
  w.key("memberships_script").value(r.memberships_script);
  w.key("files_packed").value(r.files_packed);
  w.key("files_missing").value(r.files_missing);
  w.key("files_type_checked").value(r.files_type_checked);
  w.key("files_hashed").value(r.files_hashed);
  w.key("type_mismatches").value(r.type_mismatches);
  w.key("type_mismatches_listed").begin_array();
  for (const PackedTypeMismatch& m : r.type_mismatches_listed) {
    w.begin_object();
    w.key("path").value(m.path);
    w.key("line").value(m.line);
    w.key("expected").value(m.expected);
    w.key("detected").value(m.detected);
    w.end_object();
  }
  w.end_array();
  w.key("target").value(r.target);
  w.key("validated").value(r.validated);
  w.key("errors").value(r.errors);
  w.key("warnings").value(r.warnings);
  w.key("findings").begin_array();
  for (const Finding& f : r.findings) {
    w.begin_object();
    w.key("line").value(f.line);
    w.key("type").value(f.type);
    w.key("field").value(f.field);
    w.key("severity").value(f.severity == Severity::kWarning ? "warning" : "error");
    w.key("message").value(f.message);
    w.key("rule").value(f.rule);
    w.end_object();
  }
  w.end_array();
  if (r.since) {
    const SinceReport& d = *r.since;
    w.key("since").begin_object();
    w.key("base").value(d.base);
    w.key("base_lines").value(d.base_lines);
    w.key("index_bytes").value(d.index_bytes);
    w.key("bytes_out").value(r.bytes_out);
    w.key("lines").begin_object();
    for (size_t i = 0; i < kDeltaBucketCount; ++i) w.key(kDeltaBucketNames[i]).value(d.counts.buckets[i]);
    w.end_object();
    w.key("reported").begin_object();
    for (size_t i = 0; i < kDeltaNoteCount; ++i) w.key(kDeltaNoteNames[i]).value(d.counts.notes[i]);
    w.end_object();
    w.key("events").begin_array();
    for (const DeltaEvent& e : d.events) {
      w.begin_object();
      w.key("kind").value(kDeltaNoteNames[static_cast<size_t>(e.note)]);
      w.key("file").value(e.note >= DeltaNote::kPostDeleted ? "base" : "source");
      w.key("line").value(e.line);
      w.key("what").value(e.what);
      w.end_object();
    }
    w.end_array();
    w.end_object();
  }
  w.key("elapsed_seconds").value(r.seconds);
  w.end_object();
  out += '\n';
  return out;
}

}  // namespace mm
