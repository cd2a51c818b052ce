#include "report/HtmlReport.h"

#include <algorithm>
#include <array>
#include <map>
#include <vector>

#include <fmt/format.h>

#include "io/Error.h"
#include "report/HtmlEscape.h"
#include "stages/MembershipScript.h"
#include "stages/RewriteContext.h"

namespace mm {

namespace {

constexpr std::string_view kApplyBegin = "<!-- mattermerge:apply-begin -->";
constexpr std::string_view kApplyEnd = "<!-- mattermerge:apply-end -->";

// Inline only: the policy forbids every fetch, so a hostile value that got past the escaper
// still could not load anything.
constexpr std::string_view kHead = R"(<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="mattermerge )" MATTERMERGE_VERSION R"(">
)";

constexpr std::string_view kStyle = R"(<style>
:root{--ink:#1f2933;--muted:#616e7c;--line:#d9e2ec;--bg:#f5f7fa;--card:#fff;--error:#c62828;--risk:#b26a00;--info:#1565c0;
--merge:#1e88e5;--rename:#fb8c00;--keep:#43a047;--existing:#b0bec5}
*{box-sizing:border-box}
body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","Noto Sans CJK JP","Hiragino Sans",Meiryo,sans-serif;color:var(--ink);background:var(--bg)}
header{background:#1b2a41;color:#fff;padding:20px 32px}
header h1{margin:0 0 4px;font-size:22px}
header p{margin:0;color:#c8d3e0}
nav{background:#fff;border-bottom:1px solid var(--line);padding:8px 32px;position:sticky;top:0;z-index:2}
nav a{color:var(--info);text-decoration:none;margin-right:16px;font-size:13px}
main{padding:16px 32px 48px;max-width:1280px}
section.part{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:16px 20px;margin:16px 0}
h2{font-size:18px;margin:0 0 12px}
h3{font-size:15px;margin:16px 0 8px}
table{border-collapse:collapse;width:100%;margin:4px 0 8px}
th,td{text-align:left;padding:5px 8px;border-bottom:1px solid var(--line);vertical-align:top;overflow-wrap:break-word}
td.long{overflow-wrap:anywhere;min-width:12em}
#apply-summary{width:auto;min-width:560px}
th{background:#eef2f7;font-weight:600;font-size:13px;cursor:default}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
tr.more td{color:var(--muted);font-style:italic}
.cards{display:flex;flex-wrap:wrap;gap:12px;margin:0 0 8px}
.card{flex:1 1 150px;border:1px solid var(--line);border-radius:8px;padding:10px 14px;background:#fff}
.card b{display:block;font-size:24px}
.card.error b{color:var(--error)}.card.risk b{color:var(--risk)}.card.info b{color:var(--info)}
.sev{display:inline-block;border-radius:10px;padding:0 8px;font-size:12px;font-weight:600;color:#fff}
.sev.error{background:var(--error)}.sev.risk{background:var(--risk)}.sev.info{background:var(--info)}
details.kind{border:1px solid var(--line);border-left:4px solid var(--info);border-radius:6px;margin:8px 0;padding:6px 10px}
details.kind.error{border-left-color:var(--error)}details.kind.risk{border-left-color:var(--risk)}
details.kind>summary{cursor:pointer;font-weight:600}
details.kind>summary .what{font-weight:400;color:var(--muted)}
code,pre{font-family:ui-monospace,"SFMono-Regular",Menlo,Consolas,monospace;font-size:12.5px}
pre{background:#0f1c2e;color:#e3eaf3;padding:12px 14px;border-radius:6px;overflow-x:auto;white-space:pre-wrap}
.muted{color:var(--muted)}
.legend span{display:inline-block;margin-right:16px;font-size:13px}
.legend i{display:inline-block;width:12px;height:12px;border-radius:2px;margin-right:5px;vertical-align:-1px}
svg text{font:12px system-ui,"Noto Sans","Noto Sans CJK JP",sans-serif;fill:var(--ink)}
input.filter{margin:4px 0;padding:4px 8px;border:1px solid var(--line);border-radius:4px;width:260px}
@media print{nav,input.filter{display:none}details.kind{break-inside:avoid}}
</style>
)";

// Sorting (click a column head) and filtering (the box above a table); the page reads the same without it.
constexpr std::string_view kScript = R"(<script>
document.querySelectorAll('table.data').forEach(function(t){
  var box=document.createElement('input');box.className='filter';box.placeholder='filter rows';
  if(t.tBodies[0].rows.length>8)t.parentNode.insertBefore(box,t);
  box.addEventListener('input',function(){var q=box.value.toLowerCase();
    t.querySelectorAll('tbody tr:not(.more)').forEach(function(r){r.style.display=r.textContent.toLowerCase().indexOf(q)<0?'none':'';});});
  t.querySelectorAll('th').forEach(function(h,i){h.style.cursor='pointer';h.title='sort';
    h.addEventListener('click',function(){var b=t.tBodies[0],rows=[].slice.call(b.querySelectorAll('tr:not(.more)'));
      var dir=h.dataset.dir=h.dataset.dir==='1'?'-1':'1',num=h.classList.contains('n');
      rows.sort(function(a,c){var x=a.cells[i].textContent,y=c.cells[i].textContent;
        if(num){x=+x.replace(/[^0-9.]/g,'');y=+y.replace(/[^0-9.]/g,'');return (x-y)*dir;}return x.localeCompare(y)*dir;});
      var more=b.querySelector('tr.more');rows.forEach(function(r){b.insertBefore(r,more);});});});
});
</script>
)";

int severity_rank(ConflictSeverity s) {
  return s == ConflictSeverity::kError ? 0 : s == ConflictSeverity::kRisk ? 1 : 2;
}

bool is_attachment_kind(ConflictKind kind) {
  return kind == ConflictKind::kAttachmentTypeMismatch || kind == ConflictKind::kAttachmentMissing ||
         kind == ConflictKind::kAttachmentEmpty || kind == ConflictKind::kProfileImageUnusable;
}

bool is_counted_kind(ConflictKind kind) { return kind == ConflictKind::kMentionRewrite || kind == ConflictKind::kPermalink; }

// 1234567 -> "1,234,567"
std::string grouped(uint64_t n) {
  std::string digits = std::to_string(n), out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

std::string human_bytes(uint64_t n) {
  static const char* units[] = {"B", "KB", "MB", "GB", "TB"};
  double v = static_cast<double>(n);
  size_t u = 0;
  while (v >= 1000 && u + 1 < std::size(units)) v /= 1000, ++u;
  return u == 0 ? fmt::format("{} B", n) : fmt::format("{:.2f} {}", v, units[u]);
}

// The page under construction: markup is appended as written, data only through text().
class Page {
 public:
  explicit Page(std::string& out) : out_(out) {}
  Page& raw(std::string_view markup) {
    out_ += markup;
    return *this;
  }
  Page& text(std::string_view value) {
    append_html_escaped(out_, value);
    return *this;
  }
  Page& num(uint64_t n) {
    out_ += grouped(n);
    return *this;
  }
  // One table cell: <td>value</td>, escaped.
  Page& td(std::string_view value) { return raw("<td>").text(value).raw("</td>"); }
  Page& td_num(uint64_t n) { return raw("<td class=\"n\">").num(n).raw("</td>"); }
  Page& td_line(uint64_t line) { return line ? td_num(line) : raw("<td class=\"n muted\">–</td>"); }
  Page& td_code(std::string_view value) { return raw("<td><code>").text(value).raw("</code></td>"); }
  // A value that may be long without spaces (a path, a subject): may break anywhere.
  Page& td_long(std::string_view value) { return raw("<td class=\"long\"><code>").text(value).raw("</code></td>"); }
  // <table class="data"> with its head; columns starting with '#' are numeric.
  Page& table_head(std::initializer_list<std::string_view> columns) {
    raw("<table class=\"data\"><thead><tr>");
    for (std::string_view c : columns) {
      if (!c.empty() && c[0] == '#') raw("<th class=\"n\">").text(c.substr(1)).raw("</th>");
      else raw("<th>").text(c).raw("</th>");
    }
    return raw("</tr></thead><tbody>\n");
  }
  // Closes a table that showed `shown` of `total` rows, with a row saying where the rest is.
  Page& table_end(size_t shown, size_t total, size_t columns) {
    if (total > shown)
      raw(fmt::format("<tr class=\"more\"><td colspan=\"{}\">… {} more in report.json</td></tr>\n", columns,
                      grouped(total - shown)));
    return raw("</tbody></table>\n");
  }

 private:
  std::string& out_;
};

void render_header(Page& p, const MergeReport& r) {
  size_t errors = 0, risks = 0, infos = 0;
  for (const Conflict& c : r.conflicts) {
    errors += c.severity == ConflictSeverity::kError;
    risks += c.severity == ConflictSeverity::kRisk;
    infos += c.severity == ConflictSeverity::kInfo;
  }
  p.raw("<title>Merge report: ").text(r.source.file).raw(" into ").text(r.target.file).raw("</title>\n");
  p.raw(kStyle).raw("</head>\n<body>\n<header><h1>Merge report</h1><p><code>")
      .text(r.source.file.empty() ? "source" : r.source.file)
      .raw("</code> merged into <code>")
      .text(r.target.file.empty() ? "target" : r.target.file)
      .raw("</code>");
  if (!r.plan_file.empty()) p.raw(" · plan <code>").text(r.plan_file).raw("</code>");
  p.raw("</p></header>\n<nav><a href=\"#instances\">Instances</a><a href=\"#teams\">By team</a>"
        "<a href=\"#conflicts\">Conflicts</a><a href=\"#users\">Users to notify</a>"
        "<a href=\"#attachments\">Attachments</a><a href=\"#not-carried\">Not carried</a>"
        "<a href=\"#next\">Next steps</a><a href=\"#apply\">Apply</a></nav>\n<main>\n");
  p.raw("<div class=\"cards\" id=\"totals\">");
  p.raw("<div class=\"card error\"><b>").num(errors).raw("</b>errors (the import would fail)</div>");
  p.raw("<div class=\"card risk\"><b>").num(risks).raw("</b>risks (data damaged or lost)</div>");
  p.raw("<div class=\"card info\"><b>").num(infos).raw("</b>info</div>");
  p.raw("<div class=\"card\"><b>").num(r.users.size()).raw("</b>users to notify</div>");
  p.raw("</div>\n<p class=\"muted\">The plan's defaults resolve every error; each decision is in the plan "
        "file with its reason.</p>\n");
}

void render_instances(Page& p, const MergeReport& r) {
  p.raw("<section class=\"part\" id=\"instances\"><h2>The two instances</h2>\n");
  p.raw("<table><thead><tr><th></th><th class=\"n\">source (merged in)</th><th class=\"n\">target (merged into)</th>"
        "</tr></thead><tbody>\n");
  p.raw("<tr><th>export</th><td class=\"n\"><code>").text(r.source.file).raw("</code></td><td class=\"n\"><code>")
      .text(r.target.file).raw("</code></td></tr>\n");
  auto row = [&](std::string_view what, uint64_t s, uint64_t t) {
    p.raw("<tr><th>").text(what).raw("</th>").td_num(s).td_num(t).raw("</tr>\n");
  };
  row("teams", r.source.teams, r.target.teams);
  row("channels", r.source.channels, r.target.channels);
  row("users", r.source.users, r.target.users);
  row("custom emoji", r.source.emoji, r.target.emoji);
  row("posts (lines)", r.source.posts, r.target.posts);
  row("direct posts (lines)", r.source.direct_posts, r.target.direct_posts);
  p.raw("<tr><th>attachments</th><td class=\"n\">");
  if (r.source.attachments) p.num(*r.source.attachments).raw(" checked");
  else p.raw("<span class=\"muted\">not checked (no --import-path)</span>");
  p.raw("</td><td class=\"n muted\">not read</td></tr>\n");
  p.raw("<tr><th>size</th><td class=\"n\">").text(human_bytes(r.source.bytes)).raw("</td><td class=\"n\">")
      .text(human_bytes(r.target.bytes)).raw("</td></tr>\n");
  p.raw("</tbody></table>\n<p class=\"muted\">Counts from the plan's reading of both exports; "
        "<code>mattermerge stats EXPORT</code> gives replies, reactions and attachments per export.</p></section>\n");
}

std::string_view action_color(std::string_view action) {
  return action == "merge" ? "var(--merge)" : action == "rename" ? "var(--rename)" : "var(--keep)";
}

// Horizontal stacked bars, one per team that receives posts: the target's own posts, then the
// posts of each source team that goes there, colored by what the merge does with it.
void render_flow_chart(Page& p, const MergeReport& r, size_t max_bars) {
  struct Bar {
    std::string team;
    uint64_t existing = 0;
    std::vector<const TeamFlow*> incoming;
    uint64_t total() const {
      uint64_t t = existing;
      for (const TeamFlow* f : incoming) t += f->posts;
      return t;
    }
  };
  std::map<std::string, Bar> bars;
  for (const TeamFlow& t : r.teams) {
    Bar& b = bars[t.target];
    b.team = t.target;
    b.incoming.push_back(&t);
  }
  for (auto& [name, b] : bars)
    for (const auto& [team, n] : r.target.posts_by_team)
      if (team == name) b.existing = n;
  std::vector<const Bar*> order;
  for (const auto& [name, b] : bars) order.push_back(&b);
  std::stable_sort(order.begin(), order.end(), [](const Bar* a, const Bar* b) { return a->total() > b->total(); });
  size_t shown = std::min(order.size(), max_bars);
  uint64_t max_total = 1;
  for (size_t i = 0; i < shown; ++i) max_total = std::max(max_total, order[i]->total());

  const int label_w = 200, bar_w = 640, row_h = 26, top = 8;
  int height = top + static_cast<int>(shown) * row_h + 8;
  p.raw(fmt::format("<svg role=\"img\" aria-label=\"posts by destination team\" width=\"{}\" height=\"{}\" "
                    "viewBox=\"0 0 {} {}\" xmlns=\"http://www.w3.org/2000/svg\">\n",
                    label_w + bar_w + 120, height, label_w + bar_w + 120, height));
  for (size_t i = 0; i < shown; ++i) {
    const Bar& b = *order[i];
    int y = top + static_cast<int>(i) * row_h;
    std::string label = b.team.size() > 28 ? b.team.substr(0, 26) + "…" : b.team;
    p.raw(fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"end\">", label_w - 8, y + 15)).text(label).raw("</text>");
    double x = label_w;
    auto segment = [&](uint64_t n, std::string_view color, const std::string& title) {
      double w = static_cast<double>(n) * bar_w / static_cast<double>(max_total);
      if (n) w = std::max(w, 1.0);
      p.raw(fmt::format("<rect x=\"{:.1f}\" y=\"{}\" width=\"{:.1f}\" height=\"18\" fill=\"{}\"><title>", x, y + 2, w,
                        color))
          .text(title)
          .raw("</title></rect>");
      x += w;
    };
    segment(b.existing, "var(--existing)", fmt::format("{}: {} posts already in the target", b.team, grouped(b.existing)));
    for (const TeamFlow* f : b.incoming)
      segment(f->posts, action_color(f->action),
              fmt::format("{} → {}: {} posts ({})", f->name, b.team, grouped(f->posts), f->action));
    p.raw(fmt::format("<text x=\"{:.1f}\" y=\"{}\">", x + 6, y + 15)).num(b.total()).raw("</text>\n");
  }
  p.raw("</svg>\n<div class=\"legend\"><span><i style=\"background:var(--existing)\"></i>already in the target</span>"
        "<span><i style=\"background:var(--merge)\"></i>from a merged source team</span>"
        "<span><i style=\"background:var(--keep)\"></i>from a new team</span>"
        "<span><i style=\"background:var(--rename)\"></i>from a renamed team</span></div>\n");
  if (order.size() > shown)
    p.raw("<p class=\"muted\">").num(order.size() - shown).raw(" smaller destination teams not drawn.</p>\n");
}

void render_teams(Page& p, const MergeReport& r, size_t max_rows) {
  p.raw("<section class=\"part\" id=\"teams\"><h2>What the merge does, by team</h2>\n");
  if (r.teams.empty()) {
    p.raw("<p class=\"muted\">No team data in this report.</p></section>\n");
    return;
  }
  p.raw("<h3>Where the posts go</h3>\n");
  render_flow_chart(p, r, 30);
  p.raw("<h3>Teams</h3>\n");
  p.table_head({"source team", "display name", "action", "into", "#posts", "#channels merged", "#channels renamed",
                "#channels new", "why"});
  size_t shown = std::min(r.teams.size(), max_rows);
  for (size_t i = 0; i < shown; ++i) {
    const TeamFlow& t = r.teams[i];
    p.raw("<tr>").td_code(t.name).td(t.display_name).td(t.action).td_code(t.target).td_num(t.posts);
    p.td_num(t.channels_merged).td_num(t.channels_renamed).td_num(t.channels_new).td(t.why).raw("</tr>\n");
  }
  p.table_end(shown, r.teams.size(), 9);
  p.raw("<h3>Channels renamed</h3>\n");
  if (r.channels.empty()) {
    p.raw("<p class=\"muted\">None.</p>\n");
  } else {
    p.table_head({"team", "channel", "display name", "new name", "why"});
    shown = std::min(r.channels.size(), max_rows);
    for (size_t i = 0; i < shown; ++i) {
      const ChannelChange& c = r.channels[i];
      p.raw("<tr>").td_code(c.team).td_code(c.name).td(c.display_name).td_code(c.new_name).td(c.why).raw("</tr>\n");
    }
    p.table_end(shown, r.channels.size(), 5);
  }
  p.raw("</section>\n");
}

// The conflicts grouped by kind: errors first, then risks, then info, each in the report's kind order.
std::vector<std::pair<ConflictKind, std::vector<const Conflict*>>> by_kind(const std::vector<Conflict>& conflicts) {
  std::array<std::vector<const Conflict*>, kConflictKindCount> groups;
  for (const Conflict& c : conflicts) groups[static_cast<size_t>(c.kind)].push_back(&c);
  std::vector<std::pair<ConflictKind, std::vector<const Conflict*>>> out;
  for (int rank = 0; rank < 3; ++rank)
    for (const ConflictKindInfo& k : conflict_kinds())
      if (severity_rank(k.severity) == rank && !groups[static_cast<size_t>(k.kind)].empty())
        out.emplace_back(k.kind, std::move(groups[static_cast<size_t>(k.kind)]));
  // A report file may give a kind another severity than the table's: its own counts.
  std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
    return severity_rank(a.second.front()->severity) < severity_rank(b.second.front()->severity);
  });
  return out;
}

void render_conflicts(Page& p, const MergeReport& r, size_t max_rows) {
  p.raw("<section class=\"part\" id=\"conflicts\"><h2>Conflicts</h2>\n");
  if (r.conflicts.empty()) {
    p.raw("<p>No conflicts: the source can be imported as it is.</p></section>\n");
    return;
  }
  auto groups = by_kind(r.conflicts);
  p.table_head({"kind", "severity", "#entries", "what it is"});
  for (const auto& [k, list] : groups) {
    std::string_view kind = name_of(k);
    std::string_view severity = name_of(list.front()->severity);
    p.raw("<tr><td><a href=\"#kind-").text(kind).raw("\"><code>").text(kind).raw("</code></a></td>");
    p.raw("<td><span class=\"sev ").text(severity).raw("\">").text(severity).raw("</span></td>");
    p.td_num(list.size()).td(info_of(k).what).raw("</tr>\n");
  }
  p.table_end(groups.size(), groups.size(), 4);
  for (const auto& [k, list] : groups) {
    std::string_view kind = name_of(k);
    std::string_view severity = name_of(list.front()->severity);
    bool counted = is_counted_kind(k);
    p.raw("<details class=\"kind ").text(severity).raw("\" id=\"kind-").text(kind).raw("\" data-kind=\"").text(kind);
    p.raw(fmt::format("\" data-count=\"{}\"", list.size()));
    if (list.front()->severity != ConflictSeverity::kInfo) p.raw(" open");
    p.raw("><summary><code>").text(kind).raw("</code> · <span class=\"sev ").text(severity).raw("\">").text(severity);
    p.raw("</span> · <span class=\"count\">").num(list.size()).raw(list.size() == 1 ? " entry" : " entries");
    p.raw("</span> <span class=\"what\">— ").text(info_of(k).what).raw("</span></summary>\n");
    if (counted) p.table_head({"subject", "#messages", "resolution"});
    else p.table_head({"subject", "#source line", "#target line", "resolution"});
    size_t shown = std::min(list.size(), max_rows);
    for (size_t i = 0; i < shown; ++i) {
      const Conflict& c = *list[i];
      p.raw("<tr>").td_long(c.subject);
      if (counted) p.td_num(c.count);
      else p.td_line(c.source_line).td_line(c.target_line);
      p.td(c.resolution).raw("</tr>\n");
    }
    p.table_end(shown, list.size(), counted ? 3 : 4);
    p.raw("</details>\n");
  }
  p.raw("</section>\n");
}

void render_users(Page& p, const MergeReport& r, size_t max_rows) {
  p.raw("<section class=\"part\" id=\"users\"><h2>Users to notify</h2>\n");
  if (r.users.empty()) {
    p.raw("<p class=\"muted\">No user is renamed, remapped, left out or loses a sign-in method.</p></section>\n");
    return;
  }
  p.raw("<p>Tell these people before the merge window: their account is renamed, remapped onto a target "
        "account, kept out of the import (a password reset), or loses its sign-in method.</p>\n");
  p.table_head({"username", "e-mail", "what happens", "target account", "reason"});
  size_t shown = std::min(r.users.size(), max_rows);
  for (size_t i = 0; i < shown; ++i) {
    const UserNotice& u = r.users[i];
    p.raw("<tr>").td_code(u.username).td(u.email).td(u.action).td_code(u.target).td(u.reason).raw("</tr>\n");
  }
  p.table_end(shown, r.users.size(), 5);
  p.raw("</section>\n");
}

void render_attachments(Page& p, const MergeReport& r, size_t max_rows) {
  p.raw("<section class=\"part\" id=\"attachments\"><h2>Attachment problems</h2>\n");
  std::vector<const Conflict*> list;
  for (const Conflict& c : r.conflicts)
    if (is_attachment_kind(c.kind)) list.push_back(&c);
  if (list.empty()) {
    p.raw(r.import_path.empty() ? "<p class=\"muted\">Attachments were not checked: run plan with "
                                  "<code>--import-path</code>.</p></section>\n"
                                : "<p>Every attachment and profile image checked is usable.</p></section>\n");
    return;
  }
  if (!r.import_path.empty()) p.raw("<p>Paths under <code>").text(r.import_path).raw("/data/</code>.</p>\n");
  p.table_head({"problem", "path or user", "#source line", "what the plan does"});
  size_t shown = std::min(list.size(), max_rows);
  for (size_t i = 0; i < shown; ++i) {
    const Conflict& c = *list[i];
    p.raw("<tr>").td_code(name_of(c.kind)).td_long(c.subject).td_line(c.source_line).td(c.resolution).raw("</tr>\n");
  }
  p.table_end(shown, list.size(), 4);
  p.raw("</section>\n");
}

void render_not_carried(Page& p, const MergeReport& r) {
  std::array<uint64_t, kConflictKindCount> entries{}, messages{};
  for (const Conflict& c : r.conflicts)
    entries[static_cast<size_t>(c.kind)]++, messages[static_cast<size_t>(c.kind)] += c.count;
  auto count = [&](ConflictKind kind) { return entries[static_cast<size_t>(kind)]; };
  p.raw("<section class=\"part\" id=\"not-carried\"><h2>What the merge cannot carry</h2>\n<table><tbody>\n");
  auto row = [&](std::string_view what, std::string_view n, std::string_view detail) {
    p.raw("<tr><th>").text(what).raw("</th><td class=\"n\">").text(n).raw("</td><td>").text(detail).raw("</td></tr>\n");
  };
  row("permalinks", grouped(messages[static_cast<size_t>(ConflictKind::kPermalink)]),
      "messages link to source posts (/team/pl/…): the links will not open the imported posts");
  row("attachments dropped", grouped(count(ConflictKind::kAttachmentMissing) + count(ConflictKind::kAttachmentEmpty)),
      "missing or empty files, removed from their posts");
  row("profile images dropped", grouped(count(ConflictKind::kProfileImageUnusable)),
      "unusable pictures: those users get the default picture");
  row("roles and schemes left out", grouped(count(ConflictKind::kRoleOverwrite)),
      "the target's definitions are kept; the source's permission changes are lost");
  row("source e-mails and settings not kept", grouped(count(ConflictKind::kUserEmailChanged) + count(ConflictKind::kUserSettingsOverwrite)),
      "accounts on both sides keep the target's e-mail, locale, theme and notification settings");
  row("accounts left out of the import", grouped(count(ConflictKind::kUserPasswordReset)),
      "their memberships are added by memberships.sh; their source passwords are not carried");
  row("edits after the export", "–",
      "anything posted, edited, reacted to or uploaded in the source after its export was taken: "
      "make the source read-only before exporting");
  row("not in the bulk format", "–",
      "passwords, webhooks, slash commands, plugin data and deleted objects (teams, posts, memberships)");
  p.raw("</tbody></table></section>\n");
}

void render_next_steps(Page& p, const MergeReport& r) {
  auto q = [](const std::string& s, std::string_view fallback) {
    return s.empty() ? std::string(fallback) : shell_quote(s);
  };
  std::string source = q(r.source.file, "SOURCE"), target = q(r.target.file, "TARGET"),
              plan = q(r.plan_file, "plan.toml");
  std::string import = r.import_path.empty() ? "" : " --import-path " + shell_quote(r.import_path);
  bool left_out = false;
  for (const Conflict& c : r.conflicts) left_out |= c.kind == ConflictKind::kUserPasswordReset;
  std::string steps;
  steps += fmt::format("# 1. review the plan: every decision has its reason beside it\n\"${{EDITOR:-vi}}\" {}\n\n", plan);
  steps += fmt::format("# 2. rewrite the source by the plan (re-checked and validated against the target)\n"
                       "mattermerge apply {} --plan {} --target {}{} --out import.zip --html report.html\n\n",
                       source, plan, target, import);
  steps += fmt::format("# 3. check the result by the importer's rules\nmattermerge validate import.zip --target {}\n\n",
                       target);
  steps += "# 4. in the window: upload and import into the target server\n"
           "mmctl import upload import.zip\nmmctl import list available\nmmctl import process <UPLOAD_ID>_import.zip\n";
  if (left_out) steps += "\n# 5. after the import: the memberships of the accounts left out\nsh memberships.sh\n";
  p.raw("<section class=\"part\" id=\"next\"><h2>Next steps</h2>\n<pre><code>").text(steps).raw("</code></pre></section>\n");
}

void render_apply_placeholder(Page& p) {
  p.raw(kApplyBegin).raw("\n<section class=\"part\" id=\"apply\"><h2>Apply</h2>\n<p class=\"muted\">Not applied "
                         "yet: <code>mattermerge apply … --html</code> with this page's path records the run here."
                         "</p></section>\n")
      .raw(kApplyEnd)
      .raw("\n");
}

void render_page_end(Page& p) { p.raw("</main>\n").raw(kScript).raw("</body>\n</html>\n"); }

}  // namespace

std::string render_report_page(const MergeReport& report, size_t max_rows) {
  std::string out;
  Page p(out);
  p.raw(kHead);
  render_header(p, report);
  render_instances(p, report);
  render_teams(p, report, max_rows);
  render_conflicts(p, report, max_rows);
  render_users(p, report, max_rows);
  render_attachments(p, report, max_rows);
  render_not_carried(p, report);
  render_next_steps(p, report);
  render_apply_placeholder(p);
  render_page_end(p);
  return out;
}

std::string render_apply_section(const ApplyReport& a, std::string_view applied_at, size_t max_rows) {
  std::string out;
  Page p(out);
  p.raw(kApplyBegin).raw("\n<section class=\"part\" id=\"apply\"><h2>Apply</h2>\n<p>");
  if (a.errors)
    p.raw("<span class=\"sev error\">not written</span> the rewritten export has ").num(a.errors)
        .raw(" error(s) by the importer's rules");
  else p.raw("Written to <code>").text(a.out).raw("</code>");
  p.raw(" · ").text(applied_at).raw("</p>\n<table id=\"apply-summary\"><tbody>\n");
  auto row = [&](std::string_view what, std::string_view value) {
    p.raw("<tr><th>").text(what).raw("</th><td class=\"n\">").text(value).raw("</td></tr>\n");
  };
  row("lines in", grouped(a.lines_in));
  row("lines out", grouped(a.lines_out));
  for (size_t i = 0; i < kChangeCount; ++i)
    if (a.counts.n[i]) row(kChangeNames[i], grouped(a.counts.n[i]));
  if (!a.memberships_script.empty())
    row("memberships", fmt::format("{} (mmctl commands in {})", grouped(a.memberships), a.memberships_script));
  if (a.files_packed || a.files_missing)
    row("files packed", fmt::format("{} ({} referenced files not found)", grouped(a.files_packed), grouped(a.files_missing)));
  if (a.files_type_checked || a.files_hashed)
    row("files verified", fmt::format("{} content types checked, {} hashed as packed; {} type mismatches the server "
                                      "keeps", grouped(a.files_type_checked), grouped(a.files_hashed),
                                      grouped(a.type_mismatches)));
  row("plan checked", a.target.empty() ? "within the source only (no target)" : "against " + a.target);
  row("validated", a.validated ? fmt::format("{} errors, {} warnings", grouped(a.errors), grouped(a.warnings))
                               : std::string("no"));
  p.raw("</tbody></table>\n");
  if (!a.findings.empty()) {
    p.raw("<h3>Findings in the rewritten export</h3>\n");
    p.table_head({"#line", "field", "severity", "message", "rule"});
    size_t shown = std::min(a.findings.size(), max_rows);
    for (size_t i = 0; i < shown; ++i) {
      const Finding& f = a.findings[i];
      p.raw("<tr>").td_num(f.line).td_code(f.field.empty() ? f.type : f.type + "." + f.field);
      p.td(f.severity == Severity::kWarning ? "warning" : "error").td(f.message).td_code(f.rule).raw("</tr>\n");
    }
    uint64_t total = std::max<uint64_t>(a.findings.size(), a.errors + a.warnings);
    if (total > shown)
      p.raw("<tr class=\"more\"><td colspan=\"5\">… ").num(total - shown).raw(" more: run apply on a terminal for "
                                                                              "the list</td></tr>\n");
    p.raw("</tbody></table>\n");
  }
  p.raw("</section>\n").raw(kApplyEnd);
  return out;
}

std::string with_apply_section(std::string_view page, std::string_view section, const std::string& page_path) {
  if (page.empty()) {
    std::string out;
    Page p(out);
    p.raw(kHead).raw("<title>Apply report</title>\n").raw(kStyle);
    p.raw("</head>\n<body>\n<header><h1>Apply report</h1><p>No plan report at this path: run "
          "<code>mattermerge plan … --html</code> for the whole page.</p></header>\n<main>\n");
    p.raw(section).raw("\n");
    render_page_end(p);
    return out;
  }
  size_t begin = page.find(kApplyBegin);
  size_t end = begin == std::string_view::npos ? begin : page.find(kApplyEnd, begin);
  if (end == std::string_view::npos)
    throw Error(fmt::format("{}: not a mattermerge report page (no apply section): nothing written", page_path));
  std::string out(page.substr(0, begin));
  out += section;
  out += page.substr(end + kApplyEnd.size());
  return out;
}

}  // namespace mm
