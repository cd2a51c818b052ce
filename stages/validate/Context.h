// What the rules of one line work with: the decoded line (simdjson DOM, parsed in full so that
// malformed JSON anywhere is found), Go's decoding rules (GoJson.h), the path of the field being
// checked, and where findings, definitions and references go.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <simdjson.h>

#include "io/ImportTree.h"
#include "jsonl/Chunk.h"
#include "model/FindingsSink.h"
#include "model/Finding.h"
#include "model/InstanceNames.h"

namespace mm::validate {

namespace dom = simdjson::dom;

inline constexpr size_t kDefaultMaxPostSize = 16383;     // runes, docs/bulk-format.md §2.8.1
using ::mm::kMaxLineBytes;  // bufio.Scanner limit of the importer (jsonl/Chunk.h)
inline constexpr std::string_view kJsonDecodeRule = "app.import.bulk_import.json_decode.error";

struct ValidateOptions {
  size_t max_post_size = kDefaultMaxPostSize;
  // The directory holding the export's data/ (an unpacked mmctl export: DIR/import.jsonl,
  // DIR/data/…), files looked at only beneath it; null: attachment and image files are not
  // looked at.
  std::shared_ptr<const ImportTree> import_tree;
};

// A name a line refers to that was not found when the line was checked: the serial stage
// resolves it once every earlier line's definitions are known.
struct PendingRef {
  uint32_t line = 0;  // chunk-local index
  NameKind kind = NameKind::kUser;
  SchemeScope want_scope = SchemeScope::kNone;  // for scheme references
  Severity severity = Severity::kError;
  std::string_view rule;  // a static error id
  std::string key;    // lower-cased; "team/channel" for channels
  std::string name;   // as written, for the message
  std::string type;   // line type
  std::string field;  // dotted path
};

struct Definition {
  uint32_t line = 0;  // chunk-local index
  NameKind kind = NameKind::kUser;
  std::string key;
  std::string name;
  std::string type;
  NameDef def;  // line set by the serial stage
};

// Everything a line's checks produce, for a whole chunk, reused from chunk to chunk.
struct LineOutput {
  FindingList findings;  // chunk-local line indexes, in line order (the first kMaxKeptFindings)
  std::vector<PendingRef> refs;
  std::vector<Definition> defs;
  void clear() {
    findings.clear();
    refs.clear();
    defs.clear();
  }
};

// Per-slot state reused from line to line and chunk to chunk (no allocation per line).
struct Workspace {
  std::string key, lower, scratch;
  // Rules of the current line only counted (its chunk's findings are full) and not decode
  // errors: taken back if the line fails to decode.
  std::vector<size_t> counted;  // FindingList::count positions
};

struct PathPart {
  std::string_view key;  // empty for an array index
  size_t index = 0;
};

class Context {
 public:
  Context(const ValidateOptions& options, const InstanceNames* names, LineOutput& out, Workspace& ws)
      : options_(options), names_(names), out_(out), ws_(ws) {}

  const ValidateOptions& options() const { return options_; }

  // Starts a line of type `type` (for findings) at chunk-local index `line`.
  void begin_line(uint32_t line, std::string_view type);
  // Ends it: when a value had the wrong JSON type (the importer's decoder fails the whole line)
  // only those findings stay, and its unresolved references are dropped (its definitions are
  // kept, so the lines that use them do not all fail too). Returns true if the line had no
  // decode error.
  bool end_line();

  // Rules apply to the line's own payload; the other payload keys are only type-checked.
  bool rules() const { return rules_; }
  void set_rules(bool on) { rules_ = on; }

  void push(std::string_view key) { path_.push_back({key, 0}); }
  void push_index(size_t i) { path_.push_back({{}, i}); }
  void pop() { path_.pop_back(); }
  std::string path() const;

  void error(std::string_view rule, std::string_view message) { add(rule, message, Severity::kError); }
  void warning(std::string_view rule, std::string_view message) { add(rule, message, Severity::kWarning); }
  // A finding at the line level regardless of rules() (decode errors, line type).
  void line_error(std::string_view rule, std::string_view field, std::string_view message);
  void decode_error(std::string_view expected, dom::element value);
  // The same for element `index` of the array being decoded.
  void decode_error_at(size_t index, std::string_view expected, dom::element value);

  // The key being decoded, not yet pushed on the path (pushing costs on the hot path; only
  // findings need it): path() ends with it. take_leaf() returns it and clears it, to push it.
  void set_leaf(std::string_view key) { leaf_ = key; }
  std::string_view take_leaf() { return std::exchange(leaf_, {}); }

  // References and definitions (only for the line's own payload, with rules on).
  // `rule` is reported when the name is not defined before this line (nor in the target).
  void ref(NameKind kind, std::string_view name, std::string_view rule,
           SchemeScope want_scope = SchemeScope::kNone, Severity severity = Severity::kError);
  void ref_channel(std::string_view team, std::string_view channel, std::string_view rule);
  void define(NameKind kind, std::string_view name, bool archived = false,
              SchemeScope scope = SchemeScope::kNone);
  void define_channel(std::string_view team, std::string_view channel, bool archived);

  // A file under the import path (attachments, images): reports `rule` if it does not exist.
  void check_file(std::string_view path, std::string_view rule);

  std::string& scratch() { return ws_.scratch; }

 private:
  void add(std::string_view rule, std::string_view message, Severity severity);
  void resolve(NameKind kind, std::string_view key, std::string_view name, std::string_view rule,
               SchemeScope want_scope, Severity severity, uint64_t* cache_slot, uint64_t hash);

  const ValidateOptions& options_;
  const InstanceNames* names_;
  LineOutput& out_;
  Workspace& ws_;
  std::vector<PathPart> path_;
  std::string_view leaf_;
  uint32_t line_ = 0;
  std::string_view type_;
  bool rules_ = true;
  size_t first_finding_ = 0, first_ref_ = 0;
  bool decode_failed_ = false;
};

// RAII path segment.
struct Field {
  Context& ctx;
  Field(Context& c, std::string_view key) : ctx(c) { ctx.push(key); }
  Field(Context& c, size_t index) : ctx(c) { ctx.push_index(index); }
  ~Field() { ctx.pop(); }
};

}  // namespace mm::validate
