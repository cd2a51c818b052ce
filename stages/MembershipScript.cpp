#include "stages/MembershipScript.h"

#include <set>
#include <tuple>

#include <fmt/format.h>

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
  size_t commands = 0;
  for (const Membership& m : memberships) {
    if (!seen.emplace(m.user, m.team, m.channel).second) continue;
    if (m.channel.empty())
      out += fmt::format("mmctl team users add {} {} || failed=$((failed + 1))\n", shell_quote(m.team), shell_quote(m.user));
    else
      out += fmt::format("mmctl channel users add {} {} || failed=$((failed + 1))\n",
                         shell_quote(m.team + ":" + m.channel), shell_quote(m.user));
    ++commands;
  }
  out += fmt::format("if [ \"$failed\" -ne 0 ]; then echo \"$failed of {} commands failed\" >&2; exit 1; fi\n", commands);
  return out;
}

}  // namespace mm
