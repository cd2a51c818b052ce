#include "model/PlanFile.h"

#include <algorithm>
#include <cerrno>
#include <fstream>
#include <initializer_list>
#include <optional>
#include <set>
#include <type_traits>
#include <sstream>
#include <vector>

#include <fmt/format.h>
#include <toml++/toml.h>

#include "io/Error.h"
#include "io/OutputFile.h"
#include "io/TextEscape.h"

namespace mm {

namespace {

// ---- writing ------------------------------------------------------------------------------------

// True for the two bytes of a C1 control character (U+0080-U+009F) at s[i]: TOML allows them
// raw, but a terminal showing the plan would act on them (U+009B starts a CSI sequence).
bool is_c1_at(std::string_view s, size_t i) {
  return static_cast<unsigned char>(s[i]) == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) >= 0x80 &&
         static_cast<unsigned char>(s[i + 1]) < 0xA0;
}

// A TOML basic string: control characters (C0, DEL, C1) escaped.
std::string quoted(std::string_view s) {
  std::string out = "\"";
  for (size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      case '\r': out += "\\r"; break;
      default:
        if (c < 0x20 || c == 0x7f) {
          out += fmt::format("\\u{:04X}", c);
        } else if (is_c1_at(s, i)) {
          out += fmt::format("\\u{:04X}", static_cast<unsigned char>(s[++i]));
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  out += '"';
  return out;
}

// A comment line's text. TOML forbids control characters other than TAB in a comment, and a
// comment is read back as the entry's `why`, so it is escaped reversibly: each backslash as `\\`,
// each control byte (C0 but the line break, which starts a new comment line; DEL), each byte of a
// C1 control character and each byte that is not valid UTF-8 as `\xNN`. Read back by
// append_comment_unescaped.
void append_comment_escaped(std::string& out, std::string_view line) {
  static const char* hex = "0123456789abcdef";
  for (size_t i = 0; i < line.size();) {
    unsigned char c = static_cast<unsigned char>(line[i]);
    size_t len = utf8_sequence_length(line, i);
    if (c == '\\') {
      out += "\\\\";
    } else if (c < 0x20 || c == 0x7f || len == 0 || is_c1_at(line, i)) {
      for (size_t k = 0; k < (len == 2 ? 2u : 1u); ++k) {
        unsigned char b = static_cast<unsigned char>(line[i + k]);
        out += "\\x";
        out += hex[b >> 4];
        out += hex[b & 15];
      }
      i += len == 2 ? 1 : 0;
    } else {
      out.append(line.data() + i, len);
      i += len;
      continue;
    }
    ++i;
  }
}

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// The inverse of append_comment_escaped: `\\` and `\xNN` are read back; any other backslash (a
// hand-written `C:\temp` in an edited comment) is kept as it is.
void append_comment_unescaped(std::string& out, std::string_view line) {
  size_t backslash = line.find('\\');
  if (backslash == std::string_view::npos) {  // the common case: nothing to turn back
    out += line;
    return;
  }
  out += line.substr(0, backslash);
  for (size_t i = backslash; i < line.size(); ++i) {
    if (line[i] == '\\' && i + 1 < line.size()) {
      if (line[i + 1] == '\\') {
        out += '\\';
        ++i;
        continue;
      }
      if (line[i + 1] == 'x' && i + 3 < line.size() && hex_digit(line[i + 2]) >= 0 && hex_digit(line[i + 3]) >= 0) {
        out += static_cast<char>(hex_digit(line[i + 2]) * 16 + hex_digit(line[i + 3]));
        i += 3;
        continue;
      }
    }
    out += line[i];
  }
}

class TomlOut {
 public:
  explicit TomlOut(std::string& out) : out_(out) {}

  void comment(std::string_view text) {
    // One comment line per line of text; a comment cannot hold a line break.
    size_t start = 0;
    while (start <= text.size()) {
      size_t nl = text.find('\n', start);
      std::string_view line = text.substr(start, nl == std::string_view::npos ? std::string_view::npos : nl - start);
      out_ += "# ";
      append_comment_escaped(out_, line);
      out_ += '\n';
      if (nl == std::string_view::npos) break;
      start = nl + 1;
    }
  }
  void header(std::string_view name, std::string_view why) {
    out_ += '\n';
    if (!why.empty()) comment(why);
    fmt::format_to(std::back_inserter(out_), "[[{}]]\n", name);
  }
  void str(std::string_view key, std::string_view value, std::string_view note = {}) {
    line(key, quoted(value), note);
  }
  void boolean(std::string_view key, bool value, std::string_view note = {}) {
    line(key, value ? "true" : "false", note);
  }
  void raw(std::string_view key, const std::string& value, std::string_view note = {}) { line(key, value, note); }

 private:
  void line(std::string_view key, const std::string& value, std::string_view note) {
    std::string text = fmt::format("{} = {}", key, value);
    if (!note.empty()) {
      if (text.size() < 40) text.append(40 - text.size(), ' ');
      text += "  # ";
      text += note;
    }
    out_ += text;
    out_ += '\n';
  }
  std::string& out_;
};

std::string membership_roles_array(const std::vector<MembershipRoles>& roles) {
  if (roles.empty()) return "[]";
  std::string out = "[\n";
  for (const MembershipRoles& m : roles) {
    out += "  { team = " + quoted(m.team);
    if (!m.channel.empty()) out += ", channel = " + quoted(m.channel);
    out += ", roles = " + quoted(m.roles) + " },\n";
  }
  out += "]";
  return out;
}

// The why of the users listed together by name (is_left_out_update) when they do not share one.
constexpr std::string_view kLeftOutUpdateWhy =
    "user_password_reset: the target has an account of each of these usernames, which signs in with a password\n"
    "or SSO, and a user line would replace that (the importer sets a new password). Each user updates its\n"
    "target account: the line is left out and its team and channel memberships go to OUT.memberships.sh.\n"
    "Each user's other conflicts are in the report. To import one's line, give it a [[user]] table of its\n"
    "own with emit = true and the values to keep.";

// ---- reading ------------------------------------------------------------------------------------

// What the TOML parser (toml++ 3.3, Debian 12) cannot be given, found by one pass over the text
// before it parses (strings and comments skipped as TOML defines them):
// - nesting: toml++ builds the tables of a dotted key or a table header by recursion, so a key
//   of 50,000 parts overflows the stack (arrays and inline tables it bounds itself). The depth
//   of arrays, inline tables and table headers, plus the parts of the dotted keys on the way, may
//   not pass kMaxPlanNesting; a written plan nests 2 deep (`target_membership_roles = [ {...} ]`)
//   with no dotted keys.
// - a character that is not ASCII where toml++ asks whether it is whitespace: its
//   is_non_ascii_horizontal_whitespace reaches __builtin_unreachable for U+00A1-U+0499,
//   U+2C5E-U+3057 (hiragana among them) and U+FB26-U+FEFE: undefined behaviour, found by the
//   fuzz_plan_file target. It asks outside strings and comments (where TOML allows only ASCII
//   anyway) and, in a multi-line basic string, after a backslash and the whitespace after one.
// - a table header that does not start with a name (`[#x]`, `[[` and a line break): toml++
//   assumes it does (TOML_ASSERT_ASSUME in parse_key), undefined behaviour in a release build.
// Each is refused with the file and the line, exit 2.
constexpr uint32_t kMaxPlanNesting = 64;

void prescan_toml(std::string_view text, const std::string& file) {
  uint32_t stack[kMaxPlanNesting + 1];  // the level at each open bracket
  uint32_t open = 0, base = 0, level = 0;
  uint64_t line = 1;
  auto too_deep = [&] {
    throw_input_error(file, line, "toml",
                      fmt::format("nested more than {} levels deep (arrays, inline tables, table headers and dotted "
                                  "keys); a plan nests 2",
                                  kMaxPlanNesting));
  };
  auto non_ascii = [&](uint64_t at, std::string_view where) {
    throw_input_error(file, at, "toml", fmt::format("a character that is not ASCII {}", where));
  };
  auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  // A table header's '[' at text[i]: what follows "[" or "[[" and blanks must start a key (or be
  // the "]" or second "[" that toml++ reports as errors itself).
  auto check_header = [&](size_t i) {
    size_t j = i + 1;
    bool array = j < text.size() && text[j] == '[';
    j += array;
    bool blank = false;
    for (; j < text.size() && (text[j] == ' ' || text[j] == '\t'); ++j) blank = true;
    char c = j < text.size() ? text[j] : '\n';
    bool key = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-' ||
               c == '"' || c == '\'';
    if (!key && c != ']' && !(c == '[' && blank && !array))
      throw_input_error(file, line, "toml", "a table header must begin with a name ([name] or [[name]])");
  };
  // Skips a string opened by `quote` at text[i], and returns the index of its last byte.
  auto skip_string = [&](size_t i, char quote) {
    bool multi = text.substr(i, 3) == std::string_view(quote == '"' ? "\"\"\"" : "'''");
    size_t j = i + (multi ? 3 : 1);
    for (; j < text.size(); ++j) {
      char c = text[j];
      if (c == '\n') {
        if (!multi) return j - 1;  // unterminated: toml++ reports it
        ++line;
      } else if (c == '\\' && quote == '"') {
        if (multi) {
          uint64_t at = line;
          size_t k = j + 1;
          for (; k < text.size() && is_space(text[k]); ++k) at += text[k] == '\n';
          if (k < text.size() && static_cast<unsigned char>(text[k]) >= 0x80)
            non_ascii(at, "after a backslash in a multi-line string (write it as \\uXXXX)");
        }
        if (j + 1 < text.size() && text[j + 1] == '\n') ++line;
        ++j;
      } else if (c == quote && !multi) {
        return j;
      } else if (c == quote && text.substr(j, 3) == text.substr(i, 3)) {
        size_t end = j + 2;  // up to two quotes of the content may come before the closing three
        while (end + 1 < text.size() && text[end + 1] == quote && end < j + 4) ++end;
        return end;
      }
    }
    return text.size();
  };
  bool line_start = true;  // only blanks since the line began
  for (size_t i = 0; i < text.size(); ++i) {
    bool header = text[i] == '[' && open == 0 && line_start;
    if (text[i] != ' ' && text[i] != '\t') line_start = false;
    switch (text[i]) {
      case '\n':
        ++line;
        level = base;
        line_start = true;
        break;
      case '#':
        while (i + 1 < text.size() && text[i + 1] != '\n') ++i;
        break;
      case '"':
      case '\'':
        i = skip_string(i, text[i]);
        break;
      case '[':
      case '{':
        if (header) check_header(i);
        if (open == kMaxPlanNesting || level + 1 > kMaxPlanNesting) too_deep();
        stack[open++] = base;
        base = level = level + 1;
        break;
      case ']':
      case '}':
        if (open) base = stack[--open];
        level = base;
        break;
      case ',':
        level = base;
        break;
      case '.':
        if (++level > kMaxPlanNesting) too_deep();
        break;
      default:
        if (static_cast<unsigned char>(text[i]) >= 0x80)
          non_ascii(line, "outside a string or a comment (names are written in quotes)");
        break;
    }
  }
}

class PlanReader {
 public:
  PlanReader(std::string_view text, const std::string& file) : text_(text), file_(file) {
    size_t start = 0;
    while (start <= text.size()) {
      size_t nl = text.find('\n', start);
      if (nl == std::string_view::npos) {
        lines_.push_back(text.substr(start));
        break;
      }
      lines_.push_back(text.substr(start, nl - start));
      start = nl + 1;
    }
  }

  MergePlan read() {
    prescan_toml(text_, file_);
    toml::table root;
    try {
      root = toml::parse(text_, file_);
    } catch (const toml::parse_error& e) {
      throw_input_error(file_, e.source().begin.line, "toml", std::string(e.description()));
    }
    entry_ = "plan";
    check_keys(root, {"version", "prefix", "source", "target", "previous_plan", "team", "channel", "user", "drop", "emoji", "attachment"});
    MergePlan plan;
    const toml::node* version = root.get("version");
    if (!version) fail(root, "version", "missing (this format is version 1)");
    auto v = version->value<int64_t>();
    if (!v || *v != MergePlan::kVersion)
      fail(*version, "version", fmt::format("unsupported plan version (this program reads version {})", MergePlan::kVersion));
    plan.prefix = get_string(root, "prefix");
    plan.source = get_string(root, "source", false);
    plan.target = get_string(root, "target", false);
    plan.previous = get_string(root, "previous_plan", false);

    for_each_entry(root, "team", [&](const toml::table& t) {
      TeamDecision d;
      d.name = name_entry(t, "team", "name");
      check_keys(t, {"name", "action", "target"});
      d.action = get_enum(t, "action", {TeamAction::kKeep, TeamAction::kMerge, TeamAction::kRename});
      d.target = get_string(t, "target");
      d.why = why_of(t);
      unique(plan.teams, ascii_lower(d.name), t);
      plan.add(std::move(d));
    });
    for_each_entry(root, "channel", [&](const toml::table& t) {
      ChannelDecision d;
      d.team = get_string(t, "team");
      d.name = get_string(t, "name");
      entry_ = fmt::format("channel \"{}/{}\"", d.team, d.name);
      check_keys(t, {"team", "name", "action", "new_name", "new_display_name", "keep_archived"});
      d.action = get_enum(t, "action", {ChannelAction::kKeep, ChannelAction::kMerge, ChannelAction::kRename});
      if (d.action == ChannelAction::kRename) {
        d.new_name = get_string(t, "new_name");
        if (t.contains("new_display_name")) d.new_display_name = get_string(t, "new_display_name");
      } else {
        forbid(t, "new_name", "only a rename has a new name");
        forbid(t, "new_display_name", "only a rename has a new display name");
      }
      d.keep_archived = get_bool(t, "keep_archived");
      d.why = why_of(t);
      unique(plan.channels, channel_key(d.team, d.name), t);
      plan.add(std::move(d));
    });
    for_each_entry(root, "user", [&](const toml::table& t) {
      if (t.contains("usernames")) return read_user_group(t, plan);
      UserDecision d;
      d.username = name_entry(t, "user", "username");
      check_keys(t, {"username", "action", "target", "emit", "email", "target_email", "roles",
                     "target_membership_roles", "settings", "target_locale", "auth", "auth_service"});
      d.action = get_enum(t, "action", {UserAction::kNew, UserAction::kUpdate, UserAction::kRename, UserAction::kMap});
      if (d.action == UserAction::kNew) forbid(t, "target", "a new user has no target account");
      else d.target = get_string(t, "target", d.action != UserAction::kUpdate);
      if (d.action == UserAction::kUpdate && d.target.empty()) d.target = d.username;
      d.emit = get_bool(t, "emit", true);
      d.email = get_enum(t, "email", {ValueSource::kKeepTarget, ValueSource::kSource}, ValueSource::kSource);
      if (d.email == ValueSource::kKeepTarget) d.target_email = get_string(t, "target_email");
      else forbid(t, "target_email", "only used with email = \"keep-target\"");
      d.roles = get_enum(t, "roles", {ValueSource::kKeepTarget, ValueSource::kSource}, ValueSource::kSource);
      if (const toml::node* n = t.get("target_membership_roles")) d.target_membership_roles = membership_roles(*n);
      d.settings = get_enum(t, "settings", {ValueSource::kKeepTarget, ValueSource::kSource}, ValueSource::kSource);
      if (d.settings == ValueSource::kKeepTarget) d.target_locale = get_string(t, "target_locale");
      else forbid(t, "target_locale", "only used with settings = \"keep-target\"");
      d.auth = get_enum(t, "auth", {AuthAction::kKeep, AuthAction::kStrip}, AuthAction::kKeep);
      if (d.auth == AuthAction::kStrip) d.auth_service = get_string(t, "auth_service");
      else forbid(t, "auth_service", "only used with auth = \"strip\"");
      if (d.action == UserAction::kNew && (d.email == ValueSource::kKeepTarget || d.roles == ValueSource::kKeepTarget ||
                                           d.settings == ValueSource::kKeepTarget))
        fail(t, "action", "a new user has no target account to keep values of");
      d.why = why_of(t);
      unique(plan.users, ascii_lower(d.username), t);
      plan.add(std::move(d));
    });
    for_each_entry(root, "drop", [&](const toml::table& t) {
      DroppedDefinition d;
      d.kind = get_enum(t, "kind", {DefinitionKind::kRole, DefinitionKind::kScheme});
      d.name = get_string(t, "name");
      entry_ = fmt::format("drop {} \"{}\"", name_of(d.kind), d.name);
      check_keys(t, {"kind", "name"});
      d.why = why_of(t);
      if (d.kind == DefinitionKind::kRole ? plan.drops_role(d.name) : plan.drops_scheme(d.name))
        fail(t, "name", "listed twice");
      plan.dropped.push_back(std::move(d));
    });
    for_each_entry(root, "emoji", [&](const toml::table& t) {
      EmojiDecision d;
      d.name = name_entry(t, "emoji", "name");
      check_keys(t, {"name", "action", "new_name"});
      d.action = get_enum(t, "action", {EmojiAction::kKeep, EmojiAction::kRename, EmojiAction::kDrop});
      if (d.action == EmojiAction::kRename) d.new_name = get_string(t, "new_name");
      else forbid(t, "new_name", "only a rename has a new name");
      d.why = why_of(t);
      unique(plan.emoji, ascii_lower(d.name), t);
      plan.add(std::move(d));
    });
    for_each_entry(root, "attachment", [&](const toml::table& t) {
      AttachmentFix d;
      d.path = name_entry(t, "attachment", "path");
      check_keys(t, {"path", "action", "new_path"});
      d.action = get_enum(t, "action", {AttachmentAction::kFix, AttachmentAction::kDrop});
      if (d.action == AttachmentAction::kFix) d.new_path = get_string(t, "new_path");
      else forbid(t, "new_path", "a dropped attachment has no new path");
      d.why = why_of(t);
      unique(plan.attachments, d.path, t);
      plan.add(std::move(d));
    });
    return plan;
  }

 private:
  [[noreturn]] void fail(const toml::node& at, std::string_view key, const std::string& message) const {
    std::string field = entry_ == "plan" ? std::string(key)
                        : key.empty()    ? entry_
                                         : fmt::format("{}.{}", entry_, key);
    throw_input_error(file_, at.source().begin.line, field, message);
  }

  const toml::node& node_or(const toml::table& t, std::string_view key) const {
    const toml::node* n = t.get(key);
    return n ? *n : static_cast<const toml::node&>(t);
  }

  void check_keys(const toml::table& t, std::initializer_list<std::string_view> known) const {
    for (auto&& [key, value] : t) {
      bool ok = false;
      for (std::string_view k : known) ok = ok || key.str() == k;
      if (!ok) fail(value, key.str(), "unknown key");
    }
  }

  std::string get_string(const toml::table& t, std::string_view key, bool required = true) const {
    const toml::node* n = t.get(key);
    if (!n) {
      if (required) fail(t, key, "missing");
      return {};
    }
    auto s = n->value<std::string>();
    if (!s || !n->is_string()) fail(*n, key, "must be a string");
    return *s;
  }

  std::string name_entry(const toml::table& t, std::string_view kind, std::string_view key) {
    entry_ = std::string(kind);
    std::string name = get_string(t, key);
    entry_ = fmt::format("{} \"{}\"", kind, name);
    return name;
  }

  // Several users of one decision without values of their own (is_left_out_update, or users
  // created): `usernames = [...]` with `action` and `emit`. Each name is one decision, with the
  // table's comment as its why.
  void read_user_group(const toml::table& t, MergePlan& plan) {
    entry_ = "user";
    forbid(t, "username", "a table names its users either by username or by usernames");
    check_keys(t, {"usernames", "action", "emit"});
    const toml::node& names = *t.get("usernames");
    const toml::array* arr = names.as_array();
    if (!arr) fail(names, "usernames", "must be an array of usernames");
    UserDecision d;
    d.action = get_enum(t, "action", {UserAction::kNew, UserAction::kUpdate});
    d.emit = get_bool(t, "emit", true);
    std::string why = why_of(t);
    if (is_left_out_update(d)) plan.left_out_why = std::move(why);
    else d.why = std::move(why);
    for (const toml::node& item : *arr) {
      const std::string* name = item.as_string() ? &item.as_string()->get() : nullptr;
      if (!name) fail(item, "usernames", "must be an array of usernames");
      // plan writes the list sorted as the plan's map is: each name goes in at the end.
      const size_t before = plan.users.size();
      auto at = plan.users.try_emplace(plan.users.end(), ascii_lower(*name));
      if (plan.users.size() == before) {
        entry_ = fmt::format("user \"{}\"", *name);
        fail(item, "", "listed twice");
      }
      UserDecision& u = at->second;
      u = d;
      u.username = *name;
      if (d.action == UserAction::kUpdate) u.target = *name;
    }
  }

  bool get_bool(const toml::table& t, std::string_view key, std::optional<bool> fallback = std::nullopt) const {
    const toml::node* n = t.get(key);
    if (!n && fallback) return *fallback;
    if (!n) fail(t, key, "missing");
    if (!n->is_boolean()) fail(*n, key, "must be true or false");
    return *n->value<bool>();
  }

  void forbid(const toml::table& t, std::string_view key, const std::string& why) const {
    if (const toml::node* n = t.get(key)) fail(*n, key, why);
  }

  template <class Enum>
  Enum get_enum(const toml::table& t, std::string_view key, std::initializer_list<Enum> values,
                std::type_identity_t<std::optional<Enum>> fallback = std::nullopt) const {
    if (fallback && !t.contains(key)) return *fallback;
    std::string s = get_string(t, key);
    std::string allowed;
    for (Enum v : values) {
      if (s == name_of(v)) return v;
      if (!allowed.empty()) allowed += ", ";
      allowed += fmt::format("\"{}\"", name_of(v));
    }
    fail(node_or(t, key), key, fmt::format("unknown value \"{}\" (one of {})", s, allowed));
  }

  std::vector<MembershipRoles> membership_roles(const toml::node& n) const {
    const toml::array* arr = n.as_array();
    if (!arr) fail(n, "target_membership_roles", "must be an array of { team, channel, roles } tables");
    std::vector<MembershipRoles> out;
    for (const toml::node& item : *arr) {
      const toml::table* t = item.as_table();
      if (!t) fail(item, "target_membership_roles", "each entry must be a table { team, channel, roles }");
      for (auto&& [key, value] : *t)
        if (key.str() != "team" && key.str() != "channel" && key.str() != "roles")
          fail(value, fmt::format("target_membership_roles.{}", key.str()), "unknown key");
      MembershipRoles m;
      m.team = member_string(*t, "team", true);
      m.channel = member_string(*t, "channel", false);
      m.roles = member_string(*t, "roles", true);
      out.push_back(std::move(m));
    }
    return out;
  }

  std::string member_string(const toml::table& t, std::string_view key, bool required) const {
    const toml::node* n = t.get(key);
    std::string field = fmt::format("target_membership_roles.{}", key);
    if (!n) {
      if (required) fail(t, field, "missing");
      return {};
    }
    if (!n->is_string()) fail(*n, field, "must be a string");
    return *n->value<std::string>();
  }

  template <class Map>
  void unique(const Map& m, const std::string& key, const toml::table& t) const {
    if (m.count(key)) fail(t, "", "listed twice");
  }

  template <class F>
  void for_each_entry(const toml::table& root, std::string_view kind, F&& f) {
    const toml::node* n = root.get(kind);
    if (!n) return;
    entry_ = std::string(kind);
    const toml::array* arr = n->as_array();
    if (!arr) fail(*n, "", fmt::format("must be an array of tables ([[{}]])", kind));
    for (const toml::node& item : *arr) {
      entry_ = std::string(kind);
      const toml::table* t = item.as_table();
      if (!t) fail(item, "", fmt::format("must be an array of tables ([[{}]])", kind));
      f(*t);
    }
    entry_ = "plan";
  }

  // The comment lines directly above an entry's [[header]]: its `why`.
  std::string why_of(const toml::table& t) const {
    uint32_t header = t.source().begin.line;  // 1-based
    if (header < 2 || header > lines_.size()) return {};
    std::vector<std::string_view> comment;
    for (size_t i = header - 1; i-- > 0;) {
      std::string_view line = lines_[i];
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      if (line.empty() || line[0] != '#') break;
      line.remove_prefix(1);
      if (!line.empty() && line[0] == ' ') line.remove_prefix(1);
      comment.push_back(line);
    }
    std::string why;
    for (size_t i = comment.size(); i-- > 0;) {
      append_comment_unescaped(why, comment[i]);
      if (i) why += '\n';
    }
    return why;
  }

  std::string_view text_;
  std::string file_;
  std::vector<std::string_view> lines_;
  std::string entry_ = "plan";
};

}  // namespace

namespace {

// The plan's text into `out`; before each entry, `flush(out)` may take what is there (and clear it).
template <class Flush>
void emit_plan(const MergePlan& plan, std::string& out, Flush&& flush) {
  TomlOut w(out);
  w.comment("mattermerge merge plan: what `mattermerge apply --plan` does to the source export.");
  w.comment("Edit the decisions, then run apply; it re-checks them against the target.");
  w.comment("Format: docs/plan-format.md. The comment above each entry says why; it is kept when read back.");
  w.comment("Defaults: what the plan does not name is imported as it is (a team, channel or emoji kept, a user");
  w.comment("created). A [[user]] key left out takes its default: target = the username, emit = true,");
  w.comment("email = roles = settings = \"source\", auth = \"keep\". Every object with its conflicts is in the report.");
  out += '\n';
  w.raw("version", std::to_string(MergePlan::kVersion));
  w.str("prefix", plan.prefix, "prepended to renamed channels, users and emoji");
  w.str("source", plan.source);
  w.str("target", plan.target);
  if (!plan.previous.empty()) w.str("previous_plan", plan.previous, "this plan continues it: its decisions are kept");

  auto count = [](const auto& decisions) {
    size_t n = 0;
    for (const auto& [key, d] : decisions) n += !is_implied(d);
    return n;
  };
  if (count(plan.teams)) out += "\n# ---- teams: keep (new team) | merge (into the target team) | rename ----\n";
  for (const auto& [key, d] : plan.teams) {
    flush(out);
    if (is_implied(d)) continue;
    w.header("team", d.why);
    w.str("name", d.name);
    w.str("action", name_of(d.action), "keep | merge | rename");
    w.str("target", d.target);
  }
  if (count(plan.channels)) out += "\n# ---- channels: keep (new channel) | merge (into the target channel) | rename ----\n";
  for (const auto& [key, d] : plan.channels) {
    flush(out);
    if (is_implied(d)) continue;
    w.header("channel", d.why);
    w.str("team", d.team);
    w.str("name", d.name);
    w.str("action", name_of(d.action), "keep | merge | rename");
    if (d.action == ChannelAction::kRename) {
      w.str("new_name", d.new_name);
      if (d.new_display_name) w.str("new_display_name", *d.new_display_name);
    }
    w.boolean("keep_archived", d.keep_archived, "false: deleted_at removed, imported active");
  }
  std::vector<const UserDecision*> left_out;
  if (count(plan.users))
    out += "\n# ---- users ----\n"
           "# action: new | update (the target account of the same username) | rename (created as target)\n"
           "#   | map (onto the target account `target`, every reference rewritten)\n"
           "# emit = false: the line is left out, its memberships go to OUT.memberships.sh\n"
           "# email, roles, settings: keep-target | source; auth: keep | strip (auth_service \"\": password login)\n";
  for (const auto& [key, d] : plan.users) {
    flush(out);
    if (is_implied(d)) continue;
    if (is_left_out_update(d)) {
      left_out.push_back(&d);
      continue;
    }
    w.header("user", d.why);
    w.str("username", d.username);
    w.str("action", name_of(d.action));
    if (d.action != UserAction::kNew && !(d.action == UserAction::kUpdate && d.target == d.username))
      w.str("target", d.target);
    if (!d.emit) {
      // The line is left out: its e-mail, roles, settings and auth decisions have no effect.
      w.boolean("emit", false);
      continue;
    }
    if (d.email == ValueSource::kKeepTarget) {
      w.str("email", name_of(d.email));
      w.str("target_email", d.target_email);
    }
    if (d.roles == ValueSource::kKeepTarget) {
      w.str("roles", name_of(d.roles));
      if (!d.target_membership_roles.empty()) w.raw("target_membership_roles", membership_roles_array(d.target_membership_roles));
    }
    if (d.settings == ValueSource::kKeepTarget) {
      w.str("settings", name_of(d.settings));
      w.str("target_locale", d.target_locale);
    }
    if (d.auth == AuthAction::kStrip) {
      w.str("auth", name_of(d.auth));
      w.str("auth_service", d.auth_service);
    }
  }
  if (!left_out.empty()) {
    w.header("user", plan.left_out_why.empty() ? std::string(kLeftOutUpdateWhy) : plan.left_out_why);
    out += "usernames = [\n";
    for (const UserDecision* d : left_out) {
      flush(out);
      out += "  ";
      out += quoted(d->username);
      out += ",\n";
    }
    out += "]\n";
    w.str("action", "update");
    w.boolean("emit", false);
  }
  if (!plan.dropped.empty()) out += "\n# ---- role and scheme lines left out of the import ----\n";
  for (const DroppedDefinition& d : plan.dropped) {
    flush(out);
    w.header("drop", d.why);
    w.str("kind", name_of(d.kind), "role | scheme");
    w.str("name", d.name);
  }
  if (count(plan.emoji)) out += "\n# ---- emoji: keep | rename | drop ----\n";
  for (const auto& [key, d] : plan.emoji) {
    flush(out);
    if (is_implied(d)) continue;
    w.header("emoji", d.why);
    w.str("name", d.name);
    w.str("action", name_of(d.action), "keep | rename | drop");
    if (d.action == EmojiAction::kRename) w.str("new_name", d.new_name);
  }
  if (!plan.attachments.empty()) out += "\n# ---- attachments: fix (new path) | drop ----\n";
  for (const auto& [key, d] : plan.attachments) {
    flush(out);
    w.header("attachment", d.why);
    w.str("path", d.path);
    w.str("action", name_of(d.action), "fix | drop");
    if (d.action == AttachmentAction::kFix) w.str("new_path", d.new_path);
  }
}

}  // namespace

std::string format_plan(const MergePlan& plan) {
  std::string out;
  emit_plan(plan, out, [](std::string&) {});
  return out;
}

void write_plan(const MergePlan& plan, OutputFile& file) {
  // Pieces of ~1 MiB: a plan grows with the decisions (~4 MB at 100,000 users), but an instance
  // where every user has a conflict still gets a table each.
  constexpr size_t kFlushBytes = size_t{1} << 20;
  std::string out;
  out.reserve(kFlushBytes + (kFlushBytes >> 2));
  emit_plan(plan, out, [&](std::string& text) {
    if (text.size() < kFlushBytes) return;
    file.write(text);
    text.clear();
  });
  file.write(out);
}

MergePlan parse_plan(std::string_view text, const std::string& file) { return PlanReader(text, file).read(); }

void write_plan_file(const MergePlan& plan, const std::string& path) {
  OutputFile out(path);
  write_plan(plan, out);
  out.commit();
}

std::string read_plan_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary | std::ios::ate);
  if (!in) throw_io_error(path, "cannot open", errno);
  // One read of the whole file: a plan of 100,000 users is a few MB (docs/performance.md).
  std::string text;
  std::streamoff size = in.tellg();
  if (size > 0) {
    text.resize(static_cast<size_t>(size));
    in.seekg(0);
    in.read(text.data(), size);
    text.resize(static_cast<size_t>(in.gcount()));
  }
  std::ostringstream rest;  // a file that grew since, or one without a size (a pipe)
  if (in && in.peek() != std::ifstream::traits_type::eof()) rest << in.rdbuf();
  if (in.bad()) throw_io_error(path, "cannot read", errno);
  text += rest.str();
  return text;
}

MergePlan read_plan_file(const std::string& path) { return parse_plan(read_plan_text(path), path); }

}  // namespace mm
