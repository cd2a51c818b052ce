#include "io/Error.h"

#include <cstring>

#include <fmt/format.h>

namespace mm {

void throw_io_error(const std::string& file, const std::string& what, int err) {
  throw Error(fmt::format("{}: {}: {}", file, what, std::strerror(err)));
}

void throw_input_error(const std::string& file, uint64_t line, const std::string& field,
                       const std::string& message) {
  if (line == 0) throw Error(fmt::format("{}: {}: {}", file, field, message));
  throw Error(fmt::format("{}:{}: {}: {}", file, line, field, message));
}

}  // namespace mm
