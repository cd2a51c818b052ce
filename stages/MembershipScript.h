// OUT.memberships.sh: the team and channel memberships of users left out of the import (accounts that
// exist in the target, whose user line would reset their password, docs/bulk-format.md §6), as mmctl commands to
// run against the target server after the import. Adding an existing member changes nothing, so
// the script can be run again. Every name is shell-quoted and follows "--", so none can become an
// mmctl option; a membership naming a team, channel or user that the server's name rules reject
// is not run but written as a "# skipped" comment, and the script then ends with exit 1.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "stages/RewriteContext.h"

namespace mm {

// The script text: a header saying how to run it, then one command per distinct membership (team
// memberships before the channel memberships of that user, in input order).
std::string format_membership_script(const std::vector<Membership>& memberships);
// The same text handed to `write` in pieces of about 1 MiB, for an output file.
void write_membership_script(const std::vector<Membership>& memberships,
                             const std::function<void(std::string_view)>& write);

// `value` quoted for sh: in single quotes, each ' written as '\''.
std::string shell_quote(std::string_view value);

}  // namespace mm
