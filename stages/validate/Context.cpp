#include "stages/validate/Context.h"

#include <sys/stat.h>

#include <cstring>

#include <fmt/format.h>

#include "stages/ImportPath.h"
#include "stages/validate/NameRules.h"

namespace mm::validate {

namespace {

// 64-bit hashes of names (as written, with their kind) already found in the InstanceNames, which
// only grows: a direct-mapped cache in front of it that skips lower-casing and the table. One
// per thread, small enough to stay in the core's cache (per-slot tables were evicted between uses).
// A 64-bit hash of a short name, inline: names are mostly under 32 bytes, where a library call
// costs more than the hashing. Fixed-size loads that overlap instead of a byte loop.
uint64_t name_hash(std::string_view s, uint64_t seed) {
  constexpr uint64_t kMul = 0x9E3779B97F4A7C15ull;
  auto mix = [](uint64_t k) {
    k ^= k >> 33;
    k *= 0xFF51AFD7ED558CCDull;
    k ^= k >> 33;
    k *= 0xC4CEB9FE1A85EC53ull;
    return k ^ (k >> 33);
  };
  auto load64 = [](const char* p) {
    uint64_t v;
    std::memcpy(&v, p, 8);
    return v;
  };
  auto load32 = [](const char* p) {
    uint32_t v;
    std::memcpy(&v, p, 4);
    return uint64_t{v};
  };
  const char* p = s.data();
  size_t n = s.size();
  uint64_t h = seed ^ (n * kMul);
  if (n >= 8) {
    for (size_t i = 0; i + 8 < n; i += 8) h = (h ^ mix(load64(p + i))) * kMul;
    h = (h ^ mix(load64(p + n - 8))) * kMul;
  } else if (n >= 4) {
    h = (h ^ mix(load32(p) | (load32(p + n - 4) << 32))) * kMul;
  } else if (n > 0) {
    uint64_t k = static_cast<unsigned char>(p[0]) | (uint64_t{static_cast<unsigned char>(p[n / 2])} << 8) |
                 (uint64_t{static_cast<unsigned char>(p[n - 1])} << 16);
    h = (h ^ mix(k)) * kMul;
  }
  return mix(h);
}

uint64_t* found_slot(uint64_t hash) {
  constexpr size_t kSize = 16384;
  static thread_local std::vector<uint64_t> found(kSize);
  return &found[hash & (kSize - 1)];
}

std::string_view json_type_name(dom::element v) {
  switch (v.type()) {
    case dom::element_type::ARRAY: return "array";
    case dom::element_type::OBJECT: return "object";
    case dom::element_type::INT64:
    case dom::element_type::UINT64: return "integer";
    case dom::element_type::DOUBLE: return "number";
    case dom::element_type::STRING: return "string";
    case dom::element_type::BOOL: return "boolean";
    case dom::element_type::NULL_VALUE: return "null";
  }
  return "value";
}

}  // namespace

void Context::begin_line(uint32_t line, std::string_view type) {
  line_ = line;
  type_ = type;
  rules_ = true;
  decode_failed_ = false;
  path_.clear();
  leaf_ = {};
  first_finding_ = out_.findings.size();
  first_ref_ = out_.refs.size();
  ws_.counted.clear();
}

bool Context::end_line() {
  if (!decode_failed_) return true;
  // Keep only the decode findings: the importer stops at the decoder.
  for (size_t at : ws_.counted) out_.findings.uncount(at);
  ws_.counted.clear();
  auto& f = out_.findings.kept();
  size_t w = first_finding_;
  for (size_t r = first_finding_; r < f.size(); ++r)
    if (f[r].rule == kJsonDecodeRule) {
      if (w != r) f[w] = std::move(f[r]);
      ++w;
    }
  f.resize(w);
  out_.refs.resize(first_ref_);
  // Definitions stay: the lines that use the name would otherwise all fail after this one.
  return false;
}

std::string Context::path() const {
  std::string p;
  for (const PathPart& part : path_) {
    if (part.key.empty()) {
      p += fmt::format("[{}]", part.index);
    } else {
      if (!p.empty()) p += '.';
      p += part.key;
    }
  }
  if (!leaf_.empty()) {
    if (!p.empty()) p += '.';
    p += leaf_;
  }
  return p;
}

void Context::add(std::string_view rule, std::string_view message, Severity severity) {
  if (!rules_) return;
  if (size_t at; out_.findings.counted(rule, severity, &at)) {
    if (rule != kJsonDecodeRule) ws_.counted.push_back(at);
    return;
  }
  out_.findings.push_back({line_, std::string(type_), path(), std::string(rule), std::string(message), severity});
}

void Context::line_error(std::string_view rule, std::string_view field, std::string_view message) {
  if (size_t at; out_.findings.counted(rule, Severity::kError, &at)) {
    if (rule != kJsonDecodeRule) ws_.counted.push_back(at);
    return;
  }
  out_.findings.push_back({line_, std::string(type_), std::string(field), std::string(rule), std::string(message),
                           Severity::kError});
}

void Context::decode_error(std::string_view expected, dom::element value) {
  decode_failed_ = true;
  if (out_.findings.counted(kJsonDecodeRule, Severity::kError)) return;
  std::string raw = simdjson::minify(value);
  out_.findings.push_back({line_, std::string(type_), path(), std::string(kJsonDecodeRule),
                           fmt::format("expected {}, got {} {}", expected, json_type_name(value), shorten(raw)),
                           Severity::kError});
}

void Context::decode_error_at(size_t index, std::string_view expected, dom::element value) {
  std::string_view leaf = take_leaf();
  if (!leaf.empty()) push(leaf);
  push_index(index);
  decode_error(expected, value);
  pop();
  if (!leaf.empty()) pop();
  leaf_ = leaf;
}

void Context::ref(NameKind kind, std::string_view name, std::string_view rule, SchemeScope want_scope,
                  Severity severity) {
  if (!rules_) return;
  if (!names_) return resolve(kind, go_to_lower(name, ws_.key), name, rule, want_scope, severity, nullptr, 0);
  uint64_t hash = name_hash(name, (names_->id() << 8) + static_cast<uint64_t>(kind) + 1);
  uint64_t* slot = found_slot(hash);
  if (*slot == hash && names_) return;
  std::string_view key = go_to_lower(name, ws_.key);
  resolve(kind, key, name, rule, want_scope, severity, slot, hash);
}

void Context::ref_channel(std::string_view team, std::string_view channel, std::string_view rule) {
  if (!rules_) return;
  uint64_t table = names_ ? names_->id() << 8 : 0;
  uint64_t hash = name_hash(channel, name_hash(team, table + 99));
  uint64_t* slot = found_slot(hash);
  if (*slot == hash && names_) return;
  go_to_lower(team, ws_.key);
  ws_.key += '/';
  ws_.key += go_to_lower(channel, ws_.lower);
  resolve(NameKind::kChannel, ws_.key, channel, rule, SchemeScope::kNone, Severity::kError, slot, hash);
}

void Context::resolve(NameKind kind, std::string_view key, std::string_view name, std::string_view rule,
                      SchemeScope want_scope, Severity severity, uint64_t* cache_slot, uint64_t hash) {
  if (names_) {
    if (const NameDef* def = names_->find(kind, key)) {
      // Defined by an earlier chunk (or the target): only its properties can be wrong.
      bool archived = kind == NameKind::kChannel && def->archived && def->in_target;
      if (archived)
        error("mattermerge.reference.archived_channel",
              fmt::format("channel \"{}\" is archived in the target (line {}): the import cannot add to it",
                          shorten(name), def->line));
      if (kind == NameKind::kScheme && want_scope != SchemeScope::kNone && def->scope != want_scope)
        error(want_scope == SchemeScope::kTeam ? "app.import.import_team.scheme_wrong_scope.error"
                                               : "app.import.import_channel.scheme_wrong_scope.error",
              fmt::format("scheme \"{}\" (line {}) has the wrong scope", shorten(name), def->line));
      else if (!archived && cache_slot)
        *cache_slot = hash;
      return;
    }
  }
  out_.refs.push_back(
      {line_, kind, want_scope, severity, rule, std::string(key), std::string(name), std::string(type_), path()});
}

void Context::define(NameKind kind, std::string_view name, bool archived, SchemeScope scope) {
  if (!rules_) return;
  Definition d;
  d.line = line_;
  d.kind = kind;
  d.key = name_key(name);
  d.name = std::string(name);
  d.type = std::string(type_);
  d.def.archived = archived;
  d.def.scope = scope;
  out_.defs.push_back(std::move(d));
}

void Context::define_channel(std::string_view team, std::string_view channel, bool archived) {
  if (!rules_) return;
  Definition d;
  d.line = line_;
  d.kind = NameKind::kChannel;
  d.key = channel_name_key(team, channel);
  d.name = std::string(channel);
  d.type = std::string(type_);
  d.def.archived = archived;
  out_.defs.push_back(std::move(d));
}

void Context::check_file(std::string_view path, std::string_view rule) {
  if (!rules_ || !options_.import_tree) return;
  auto resolved = resolve_import_path(path, "data");
  if (!resolved) return;  // the path rule reports the escape
  const ImportTree& tree = *options_.import_tree;
  struct stat st;
  if (tree.stat(*resolved, st) != 0) {
    if (leaves_tree(errno))
      error(rule, fmt::format("file \"{}\" is outside the import tree: {} ({})", shorten(path), kLeavesTreeDetail,
                              tree.where(*resolved)));
    else if (ambiguous_in_tree(errno))
      error(rule, fmt::format("file \"{}\": {} ({})", shorten(path), kAmbiguousDetail, tree.where(*resolved)));
    else
      error(rule, fmt::format("file \"{}\" not found under the import path ({})", shorten(path), tree.where(*resolved)));
  } else if (!S_ISREG(st.st_mode)) {
    error(rule, fmt::format("\"{}\" is not a regular file ({})", shorten(path), tree.where(*resolved)));
  }
}

}  // namespace mm::validate
