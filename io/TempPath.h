// Names of temporary outputs, and the sweep of those a killed run left.
//
// Every temporary output (a file being written, a staging directory, the backup of a file being
// replaced) is ".NAME.tmp-PID-N" beside the output NAME: hidden, tied to its output, and to the
// process that made it. A run stopped by SIGINT or SIGTERM removes its own (io/TempFileRegistry.h);
// one killed with SIGKILL (or by the OOM killer) cannot, so every run that writes NAME first
// removes the ".NAME.tmp-PID-N" beside it whose PID is no longer a live process. Nothing else is
// touched: not another output's temporaries, not a name that only looks alike, not a live run's.
#pragma once

#include <string>

namespace mm {

// ".NAME.tmp-PID-N" in the directory of `path`, N counting up within the process.
std::string temp_path_for(const std::string& path);

// Removes the temporaries of `path` (files, or staging directories with what they hold) left by
// processes that no longer exist. Errors are ignored: what cannot be removed stays, as before.
void remove_stale_temporaries(const std::string& path) noexcept;

// Whether `entry` (a file name) is a temporary of the output named `name`, and if so its PID.
bool parse_temp_name(const std::string& entry, const std::string& name, long& pid);

}  // namespace mm
