// Errors that stop a command. Per-line problems in the data are findings (model/Finding.h), not
// exceptions; an Error is for what makes the run itself impossible: a file that cannot be opened
// or written, a corrupt compressed stream, bad usage. Each carries the process exit code, and
// main() catches it once.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>

namespace mm {

enum ExitCode : int {
  kExitOk = 0,        // done, nothing found
  kExitFindings = 1,  // done, with findings (invalid lines, conflicts, bad attachments)
  kExitUsage = 2,     // usage or I/O error
};

class Error : public std::runtime_error {
 public:
  explicit Error(const std::string& message, int exit_code = kExitUsage)
      : std::runtime_error(message), exit_code_(exit_code) {}
  int exit_code() const noexcept { return exit_code_; }

 private:
  int exit_code_;
};

// An I/O failure on a named file: "FILE: what: strerror(errno)".
[[noreturn]] void throw_io_error(const std::string& file, const std::string& what, int err);

// Bad input at a known place: "FILE:LINE: FIELD: message".
[[noreturn]] void throw_input_error(const std::string& file, uint64_t line, const std::string& field,
                                    const std::string& message);

}  // namespace mm
