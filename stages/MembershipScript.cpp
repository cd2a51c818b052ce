#include "stages/MembershipScript.h"

#include <set>
#include <tuple>

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

std::string format_membership_script(const std::vector<Membership>& memberships) {
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
  std::set<std::tuple<std::string, std::string, std::string>> seen;
  size_t commands = 0, skipped = 0;
  for (const Membership& m : memberships) {
    if (!seen.emplace(m.user, m.team, m.channel).second) continue;
    if (std::string why = refused(m); !why.empty()) {
      // A comment line: the names escaped (io/TextEscape.h), so none can end it.
      out += fmt::format("# skipped: user \"{}\", team \"{}\"{}: {}\n", escaped(m.user), escaped(m.team),
                         m.channel.empty() ? "" : fmt::format(", channel \"{}\"", escaped(m.channel)), why);
      ++skipped;
      continue;
    }
    // "--" ends mmctl's options: a name such as "--help" stays an argument.
    if (m.channel.empty())
      out += fmt::format("mmctl team users add -- {} {} || failed=$((failed + 1))\n", shell_quote(m.team),
                         shell_quote(m.user));
    else
      out += fmt::format("mmctl channel users add -- {} {} || failed=$((failed + 1))\n",
                         shell_quote(m.team + ":" + m.channel), shell_quote(m.user));
    ++commands;
  }
  out += fmt::format("if [ \"$failed\" -ne 0 ]; then echo \"$failed of {} commands failed\" >&2; exit 1; fi\n", commands);
  if (skipped)
    out += fmt::format("echo \"{} membership(s) not added: names the server does not accept (the '# skipped' lines)\" >&2\n"
                       "exit 1\n",
                       skipped);
  return out;
}

}  // namespace mm
