#include "stages/StatsStage.h"

#include <cstring>

#include "jsonl/StructuralScanner.h"

namespace mm {

namespace od = simdjson::ondemand;

void StatsCounts::merge(const StatsCounts& other, uint64_t first_line) {
  for (size_t i = 0; i < kLineTypeCount; ++i) lines_by_type[i] += other.lines_by_type[i];
  lines += other.lines;
  replies += other.replies;
  reactions += other.reactions;
  attachments += other.attachments;
  bytes += other.bytes;
  if (other.largest_line_bytes > largest_line_bytes) {
    largest_line_bytes = other.largest_line_bytes;
    largest_line = first_line + other.largest_line;
  }
}

namespace {

// JSON's whitespace inside a line (a '\n' ends the line, so it is never skipped).
inline bool is_line_space(char c) { return c == ' ' || c == '\t' || c == '\r'; }
inline const char* skip_space(const char* p) {
  while (is_line_space(*p)) ++p;
  return p;
}

// Reads the plain shape of an export line from the scanner's brackets: the replies, reactions
// and attachments arrays of a "post" / "direct_post" payload and of its replies (each array's key
// read back from its '['), then, at the end of the line, the top level field by field for "type".
// Whitespace between tokens is read as JSON reads it. Anything unexpected marks the line for the
// parsed path.
class ScannedLine {
 public:
  struct Nested {
    uint64_t replies = 0, reactions = 0, attachments = 0;
  };

  void start(const char* begin) {
    begin_ = begin;
    root_ = nullptr;
    depth_ = 0;
    unexpected_ = false;
    root_end_ = nullptr;
    children_ = 0;
    payload_ = LineType::kUnknown;
    nested_ = {};
  }

  void on_bracket(const char* p) {
    if (unexpected_) return;
    if (*p == '{' || *p == '[') open(p);
    else close(p);
  }

  // The line's text ends at `end`. Reads the top level for "type"; false when the parsed path
  // must read the line.
  bool finish(const char* end) {
    while (end > begin_ && is_line_space(end[-1])) --end;
    if (unexpected_ || root_end_ != end - 1) return false;
    if (read_usual_top_level()) return true;
    bool found = false;
    size_t child = 0;
    const char* p = skip_space(root_ + 1);
    if (*p == '}') return false;
    for (;;) {
      std::string_view key;
      if (*p != '"' || !(p = read_string(p, key))) return false;
      p = skip_space(p);
      if (*p++ != ':') return false;
      p = skip_space(p);
      if (*p == '{' || *p == '[') {
        if (key_is(key, "type")) return false;  // not a string
        if (child == children_ || children_at_[child].open != p) return false;
        p = children_at_[child++].close + 1;
      } else if (*p == '"') {
        if (key_is(key, "post") || key_is(key, "direct_post")) return false;  // as below
        std::string_view value;
        if (!(p = read_string(p, value))) return false;
        if (key_is(key, "type")) {
          type_ = value;
          found = true;
        }
      } else {
        if (key_is(key, "type")) return false;  // not a string
        // A payload key with a value not an object (Go's null empties the payload): the parsed path.
        if (key_is(key, "post") || key_is(key, "direct_post")) return false;
        while (*p != ',' && *p != '}') ++p;     // a number, true, false or null
      }
      p = skip_space(p);
      if (*p == ',') {
        p = skip_space(p + 1);
        continue;
      }
      return *p == '}' && p == root_end_ && found;
    }
  }

  std::string_view type() const { return type_; }
  // Which payload the nested counts are of: the last "post" / "direct_post" object (kUnknown if none).
  LineType payload() const { return payload_; }
  const Nested& nested() const { return nested_; }

 private:
  enum class Role : uint8_t { kOther, kRoot, kPayload, kReply, kReplies, kCounted };
  struct Frame {
    const char* open;
    Role role;
    bool object;
    uint64_t* counter;  // kCounted: where its elements are counted
    uint8_t counted;    // kPayload, kReply: which of its counted arrays were seen (kReactions, ...)
  };
  enum : uint8_t { kReactions = 1, kAttachments = 2, kReplies = 4 };
  struct Child {
    const char* open;
    const char* close;
  };
  static constexpr int kMaxDepth = 64;
  static constexpr size_t kMaxChildren = 8;

  void push(const char* p, Role role, uint64_t* counter = nullptr) {
    if (depth_ == kMaxDepth) {
      unexpected_ = true;
      return;
    }
    stack_[depth_++] = {p, role, *p == '{', counter, 0};
  }

  void open(const char* p) {
    bool object = *p == '{';
    if (depth_ == 0) {
      if (root_end_ || !object || p != skip_space(begin_)) {
        unexpected_ = true;
      } else {
        root_ = p;
        push(p, Role::kRoot);
      }
      return;
    }
    const Frame& parent = stack_[depth_ - 1];
    switch (parent.role) {
      case Role::kOther: return push(p, Role::kOther);
      case Role::kReplies: nested_.replies++; return push(p, Role::kReply);  // elements are objects
      case Role::kCounted: ++*parent.counter; return push(p, Role::kOther);
      case Role::kRoot: {
        const char* key = key_end(p);
        if (!key) return;
        LineType payload = key_before(key, "post")          ? LineType::kPost
                           : key_before(key, "direct_post") ? LineType::kDirectPost
                                                            : LineType::kUnknown;
        if (payload == LineType::kUnknown) return plain_key_before(key) ? push(p, Role::kOther) : void();
        if (!object) {  // a payload that is an array: Go empties the payload (the parsed path)
          unexpected_ = true;
          return;
        }
        // The last payload object under its key is the one the importer keeps; a line with both
        // keys is counted by the type's own (the parsed path).
        if (payload_ != LineType::kUnknown && payload_ != payload) {
          unexpected_ = true;
          return;
        }
        nested_ = {};
        payload_ = payload;
        return push(p, Role::kPayload);
      }
      default: {  // kPayload, kReply
        if (object) return push(p, Role::kOther);
        const char* key = key_end(p);
        if (!key) return;
        Role role = Role::kCounted;
        uint64_t* counter = nullptr;
        uint8_t which = 0;
        if (key_before(key, "reactions")) counter = &nested_.reactions, which = kReactions;
        else if (key_before(key, "attachments")) counter = &nested_.attachments, which = kAttachments;
        else if (parent.role == Role::kPayload && key_before(key, "replies")) role = Role::kReplies, which = kReplies;
        else return plain_key_before(key) ? push(p, Role::kOther) : void();
        // The importer keeps a member's last occurrence: an array given twice in one object goes
        // to the parsed path (jsonl/PostView.h), which counts the last one. A later null or "[]"
        // shows no bracket here (the scanner leaves empty arrays out): this path then counts the
        // earlier array, where Go reads none (StatsStage.h).
        if (stack_[depth_ - 1].counted & which) {
          unexpected_ = true;
          return;
        }
        stack_[depth_ - 1].counted |= which;
        const char* first = skip_space(p + 1);
        if (*first != '{' && *first != ']') {  // an element that is not an object
          unexpected_ = true;
          return;
        }
        return push(p, role, counter);
      }
    }
  }

  void close(const char* p) {
    bool object = *p == '}';
    if (depth_ == 0 || stack_[depth_ - 1].object != object) {
      unexpected_ = true;
      return;
    }
    const char* opened = stack_[--depth_].open;
    if (depth_ == 0) {
      root_end_ = p;
      return;
    }
    Role parent = stack_[depth_ - 1].role;
    if (parent == Role::kReplies || parent == Role::kCounted) {
      const char* next = skip_space(p + 1);
      if (!(*next == ']' || (*next == ',' && *skip_space(next + 1) == '{'))) unexpected_ = true;
    } else if (parent == Role::kRoot) {
      if (children_ == kMaxChildren) unexpected_ = true;
      else children_at_[children_++] = {opened, p};
    }
  }

  // The closing quote of the key of the value opening at `p`: "key":{ or "key" : [; nullptr
  // (and the line to the parsed path) when no key is there.
  const char* key_end(const char* p) {
    const char* q = p - 1;
    while (q > begin_ && is_line_space(*q)) --q;
    if (q > begin_ && *q == ':') {
      --q;
      while (q > begin_ && is_line_space(*q)) --q;
      if (q > begin_ && *q == '"') return q;
    }
    unexpected_ = true;
    return nullptr;
  }

  // Whether the quote at `q` opens a member's key: it follows '{' or ',' (whitespace aside);
  // inside a key a quote is escaped.
  bool opens_key(const char* q) const {
    const char* b = q - 1;
    while (b > begin_ && is_line_space(*b)) --b;
    return b >= begin_ && (*b == '{' || *b == ',');
  }

  // Whether the key closing at `close` (from key_end) is `name`, ignoring ASCII case and compared
  // raw as the parsed path compares plain keys.
  bool key_before(const char* close, std::string_view name) const {
    const char* q = close - 1 - name.size();
    return q > begin_ && *q == '"' && opens_key(q) && key_is({q + 1, name.size()}, name);
  }

  // Whether the key closing at `close` is written plainly: no escape, no byte outside ASCII.
  // Only such a key is known not to match a name key_before rejected (an escaped or folded key
  // may match by jsonl/JsonKey.h's rule); for any other, the line goes to the parsed path.
  bool plain_key_before(const char* close) {
    for (const char* q = close - 1; q > begin_; --q) {
      if (*q == '"' && opens_key(q)) return true;
      if (*q == '\\' || (*q & 0x80)) break;
    }
    unexpected_ = true;
    return false;
  }

  // The top level as nearly every line writes it, {"type":"NAME","KEY":{...}}: "type" first, then
  // one object, the line's only other member. False for anything else (finish() then reads the
  // top level field by field).
  bool read_usual_top_level() {
    static constexpr std::string_view kPrefix = "{\"type\":\"";
    if (children_ != 1 || children_at_[0].close != root_end_ - 1 ||
        root_ != begin_ || std::string_view(begin_, kPrefix.size()) != kPrefix)
      return false;
    const char* name = begin_ + kPrefix.size();
    const char* q = name;
    while (*q != '"' && *q != '\\' && q < root_end_) ++q;
    if (*q != '"' || q[1] != ',' || q[2] != '"') return false;
    const char* k = q + 3;
    while (*k != '"' && *k != '\\' && k < root_end_) ++k;
    if (*k != '"' || k[1] != ':' || k + 2 != children_at_[0].open) return false;
    if (key_is({q + 3, static_cast<size_t>(k - q - 3)}, "type")) return false;  // a second "type" wins
    type_ = {name, static_cast<size_t>(q - name)};
    return true;
  }

  // The string opening at `p` (without escapes; else fail) and the byte after it, or nullptr.
  const char* read_string(const char* p, std::string_view& out) const {
    const char* q = p + 1;
    while (q < root_end_ && *q != '"') {
      if (*q == '\\') return nullptr;
      ++q;
    }
    if (q >= root_end_) return nullptr;
    out = {p + 1, static_cast<size_t>(q - p - 1)};
    return q + 1;
  }

  const char* begin_ = nullptr;
  const char* root_ = nullptr;  // the line's '{'
  int depth_ = 0;
  bool unexpected_ = false;
  const char* root_end_ = nullptr;
  Child children_at_[kMaxChildren];
  size_t children_ = 0;
  std::string_view type_;
  LineType payload_ = LineType::kUnknown;
  Nested nested_;
  Frame stack_[kMaxDepth];
};

}  // namespace

StatsStage::StatsStage(ScannerKernel kernel) : kernel_(kernel) {}

void StatsStage::count_parsed(od::parser& parser, const Line& line, Result& result) const {
  StatsCounts& c = result.counts;
  // Each payload as the importer decodes it (jsonl/PostView.h); the one the type names counts.
  PostView& post = result.posts[0];
  PostView& direct = result.posts[1];
  post.clear();
  direct.clear();
  std::string why;
  auto on_field = [&](std::string_view key, od::value& value) {
    if (key_is(key, "post")) read_post(value, post, kPostCounts);
    else if (key_is(key, "direct_post")) read_post(value, direct, kPostCounts);
  };
  LineType type = classifier_.classify(parser, line, &why, on_field, &result.utf8);
  c.lines_by_type[static_cast<size_t>(type)]++;
  if (type == LineType::kMalformed) {
    if (!result.findings.counted("malformed_line", Severity::kError))
      result.findings.push_back({line.index, "", "", "malformed_line", why, Severity::kError});
    return;
  }
  if (type == LineType::kPost || type == LineType::kDirectPost) {
    const PostView& counted = type == LineType::kPost ? post : direct;
    c.replies += counted.replies.size();
    c.reactions += counted.total_reactions();
    c.attachments += counted.total_attachments();
  }
}

uint32_t StatsStage::process_scanned(const Chunk& chunk, od::parser& parser, Result& result) const {
  StatsCounts& c = result.counts;
  const char* data = chunk.data;
  const char* end = data + chunk.size;
  const char* buffer_end = end + simdjson::SIMDJSON_PADDING;
  const char* begin = chunk.lines_begin();
  uint32_t index = 0;
  ScannedLine line;
  line.start(begin);
  const char* line_begin = begin;
  auto finish = [&](const char* stop, bool broken) {
    const char* text_end = (stop > line_begin && stop[-1] == '\r') ? stop - 1 : stop;
    size_t size = static_cast<size_t>(text_end - line_begin);
    c.add_line(size, index);
    if (broken || !line.finish(text_end)) {
      count_parsed(parser, Line{{line_begin, size}, index, static_cast<size_t>(buffer_end - line_begin)}, result);
    } else {
      LineType type = line_type_from_name(line.type());
      c.lines_by_type[static_cast<size_t>(type)]++;
      if (type == line.payload() && type != LineType::kUnknown) {
        c.replies += line.nested().replies;
        c.reactions += line.nested().reactions;
        c.attachments += line.nested().attachments;
      }
    }
    ++index;
  };
  if (begin < end) {
    scan_structurals(kernel_, begin, end, [&](const char* p, bool in_string) {
      if (*p != '\n') return line.on_bracket(p);
      finish(p, in_string);
      line_begin = p + 1;
      line.start(line_begin);
    });
  }
  if (line_begin < end) finish(end, false);
  return index;
}

uint32_t StatsStage::process(const Chunk& chunk, od::parser& parser, Result& result) const {
  result.counts = {};
  result.findings.clear();
  uint32_t lines = 0;
  if (kernel_ != ScannerKernel::kNone) {
    lines = process_scanned(chunk, parser, result);
  } else {
    lines = for_each_line(chunk, [&](const Line& line) {
      result.counts.add_line(line.text.size(), line.index);
      count_parsed(parser, line, result);
    });
  }
  result.counts.bytes = chunk.size;
  return lines;
}

}  // namespace mm
