// Temporary output files in progress, removed if the process is stopped by SIGINT or SIGTERM (the
// handler unlinks them and exits with 128 + signal: 130, 143) or by SIGBUS, which a mapped input
// that shrinks during the run raises (the handler says so and exits with 2, an I/O error). The
// table is fixed-size and lock-free so that the signal handlers only do async-signal-safe work.
#pragma once

namespace mm {

// Installs the SIGINT/SIGTERM/SIGBUS handlers (and ignores SIGXFSZ, so a file-size limit is a write
// error). Called once by main().
void install_signal_cleanup();

// Registers a path to unlink on a signal; returns the slot to pass to unregister_temp_file,
// or -1 when the table is full (the file is then only removed by its owner).
int register_temp_file(const char* path);
void unregister_temp_file(int slot);

}  // namespace mm
