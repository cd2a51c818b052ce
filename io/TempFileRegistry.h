// Temporary outputs in progress, removed if the process is stopped by SIGINT or SIGTERM (the
// handler unlinks them and exits with 128 + signal: 130, 143) or by SIGBUS, which a mapped input
// that shrinks during the run raises (the handler says so and exits with 2, an I/O error). The
// table is fixed-size and lock-free so that the signal handlers only do async-signal-safe work.
//
// A registered directory (a staging directory: libzip's archive and its own temporary, the tree
// of `verify-attachments --fix-out`) is removed whole: its entries are listed with getdents64 and
// unlinked with unlinkat, never following a link, a bounded depth deep.
//
// While outputs are being renamed into place (io/OutputSet.h) SIGINT and SIGTERM are held: the
// handler only notes the signal, and the end of the renames acts on it, so a signal leaves either
// every output of a run or none.
#pragma once

namespace mm {

// Installs the SIGINT/SIGTERM/SIGBUS handlers (and ignores SIGXFSZ, so a file-size limit is a write
// error). Called once by main().
void install_signal_cleanup();

// Registers a path to unlink on a signal; returns the slot to pass to unregister_temp_file,
// or -1 when the table is full (the file is then only removed by its owner).
int register_temp_file(const char* path);
// The same for a directory, removed with everything beneath it.
int register_temp_dir(const char* path);
void unregister_temp_file(int slot);

// Removes the directory at `path` and everything beneath it without following links, with
// async-signal-safe calls only. False when something could not be removed.
bool remove_tree_signal_safe(const char* path) noexcept;

// Holds SIGINT and SIGTERM from the constructor to the destructor (see above). The destructor,
// when a signal came meanwhile, removes the registered temporaries and exits as the handler would.
class StopSignalsHeld {
 public:
  StopSignalsHeld() noexcept;
  ~StopSignalsHeld();
  StopSignalsHeld(const StopSignalsHeld&) = delete;
  StopSignalsHeld& operator=(const StopSignalsHeld&) = delete;
};

}  // namespace mm
