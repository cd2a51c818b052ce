#include "stages/ExportInfo.h"

#include <simdjson.h>

#include "io/JsonWriter.h"
#include "model/Finding.h"

namespace mm {

namespace {

std::string string_or_empty(simdjson::dom::object obj, std::string_view key) {
  std::string_view s;
  if (obj.at_key(key).get_string().get(s)) return {};
  return std::string(s);
}

std::string quote_name(std::string_view name) {
  std::string out = "\"";
  append_json_escaped(out, shorten(name));
  out += '"';
  return out;
}

}  // namespace

std::string_view first_line_of(const Chunk& chunk) {
  std::string_view text(chunk.lines_begin(), static_cast<size_t>(chunk.data + chunk.size - chunk.lines_begin()));
  size_t nl = text.find('\n');
  if (nl != std::string_view::npos) text = text.substr(0, nl);
  if (!text.empty() && text.back() == '\r') text.remove_suffix(1);
  return text;
}

ExportInfo read_export_info(std::string_view line) {
  ExportInfo out;
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  if (parser.parse(simdjson::padded_string(line)).get(doc)) return out;
  simdjson::dom::object root, info, scope;
  std::string_view type;
  if (doc.get_object().get(root) || root.at_key("type").get_string().get(type) || type != "version") return out;
  if (root.at_key("info").get_object().get(info)) return out;
  out.has_info = true;
  out.generator = string_or_empty(info, "generator");
  out.version = string_or_empty(info, "version");
  out.created = string_or_empty(info, "created");
  if (info.at_key("additional").get_object().get(scope)) return out;
  out.team_name = string_or_empty(scope, "team_name");
  out.channel_name = string_or_empty(scope, "channel_name");
  return out;
}

std::string describe_export(const ExportInfo& info) {
  if (!info.scoped())
    return info.has_info ? "whole export by " + quote_name(info.generator) + " " + quote_name(info.version) : std::string();
  std::string s = "scoped export (";
  if (!info.team_name.empty()) s += "team " + quote_name(info.team_name);
  if (!info.channel_name.empty()) s += (info.team_name.empty() ? "channel " : ", channel ") + quote_name(info.channel_name);
  return s + ")";
}

void write_export_info(JsonWriter& w, const ExportInfo& info) {
  if (!info.has_info) return;
  w.key("export").begin_object();
  w.key("generator").value(info.generator).key("version").value(info.version).key("created").value(info.created);
  w.key("scoped").value(info.scoped()).key("team_name").value(info.team_name);
  w.key("channel_name").value(info.channel_name).end_object();
}

}  // namespace mm
