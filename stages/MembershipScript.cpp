#include "stages/MembershipScript.h"

#include <functional>
#include <unordered_set>

#include <fmt/format.h>

#include "io/TextEscape.h"
#include "stages/validate/NameRules.h"

namespace mm {

std::string shell_quote(std::string_view value) {
  std::string out = "'";
  for (char c : value) {
    if (c == '\'') out += "'\\''";
    else out += c;
  }
  out += '\'';
  return out;
}

namespace {

// Why a membership cannot be added by mmctl: a name the server's own rules would not let exist
// (stages/validate/NameRules.h) cannot name a team, channel or user of the target; empty when
// all are valid. Valid names are plain [a-z0-9._-] text, though a username may start with '-'.
std::string refused(const Membership& m) {
  std::string lower;
  if (!validate::is_valid_username(go_to_lower(m.user, lower))) return "not a valid username";
  if (!validate::is_valid_team_name(go_to_lower(m.team, lower))) return "not a valid team name";
  if (!m.channel.empty() && !validate::is_valid_channel_identifier(go_to_lower(m.channel, lower)))
    return "not a valid channel name";
  return {};
}

}  // namespace

void write_membership_script(const std::vector<Membership>& memberships,
                             const std::function<void(std::string_view)>& write) {
  std::string out =
      "#!/bin/sh\n"
      "# Team and channel memberships of users whose accounts already exist in the target and whose\n"
      "# user lines were left out of the import (importing them would reset their passwords).\n"
      "# Run after the import, with mmctl logged in to the target server:\n"
      "#   mmctl auth login https://TARGET --name target --username ADMIN\n"
      "#   sh OUT.memberships.sh     (this script, named after the output it goes with)\n"
      "# Adding an existing member changes nothing: the script can be run again.\n"
      "set -u\n"
      "failed=0\n";
  // Each distinct membership once, found by its place in `memberships`: a merge of 100,000 users
  // leaves ~460,000 memberships, and a set of copied names held 48 MB (docs/performance.md).
  auto hash = [&](uint32_t i) {
    const Membership& m = memberships[i];
    std::hash<std::string_view> h;
    return h(m.user) ^ (h(m.team) * 0x9E3779B97F4A7C15ull) ^ (h(m.channel) * 0xC2B2AE3D27D4EB4Full);
  };
  auto equal = [&](uint32_t a, uint32_t b) {
    const Membership& x = memberships[a];
    const Membership& y = memberships[b];
    return x.user == y.user && x.team == y.team && x.channel == y.channel;
  };
  std::unordered_set<uint32_t, decltype(hash), decltype(equal)> seen(memberships.size(), hash, equal);
  // Written in pieces: the script of such a merge is ~50 MB, not held whole.
  constexpr size_t kPiece = 1 << 20;
  size_t commands = 0, skipped = 0;
  for (uint32_t i = 0; i < memberships.size(); ++i) {
    const Membership& m = memberships[i];
    if (!seen.insert(i).second) continue;
    if (std::string why = refused(m); !why.empty()) {
      // A comment line: the names escaped (io/TextEscape.h), so none can end it.
      out += fmt::format("# skipped: user \"{}\", team \"{}\"{}: {}\n", escaped(m.user), escaped(m.team),
                         m.channel.empty() ? "" : fmt::format(", channel \"{}\"", escaped(m.channel)), why);
      ++skipped;
    } else {
      // "--" ends mmctl's options: a name such as "--help" stays an argument.
      if (m.channel.empty())
        fmt::format_to(std::back_inserter(out), "mmctl team users add -- {} {} || failed=$((failed + 1))\n",
                       shell_quote(m.team), shell_quote(m.user));
      else
        fmt::format_to(std::back_inserter(out), "mmctl channel users add -- {} {} || failed=$((failed + 1))\n",
                       shell_quote(m.team + ":" + m.channel), shell_quote(m.user));
      ++commands;
    }
    if (out.size() >= kPiece) {
      write(out);
      out.clear();
    }
  }
  out += fmt::format("if [ \"$failed\" -ne 0 ]; then echo \"$failed of {} commands failed\" >&2; exit 1; fi\n", commands);
  if (skipped)
    out += fmt::format("echo \"{} membership(s) not added: names the server does not accept (the '# skipped' lines)\" >&2\n"
                       "exit 1\n",
                       skipped);
  write(out);
}

std::string format_membership_script(const std::vector<Membership>& memberships) {
  std::string out;
  write_membership_script(memberships, [&](std::string_view piece) { out += piece; });
  return out;
}

}  // namespace mm
