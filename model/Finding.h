// A problem found in the data, reported with its place: "FILE:LINE: TYPE.FIELD: message".
// Stages record findings with the line's index in its chunk; the pipeline's in-order stage
// rebases them to global line numbers (see jsonl/Lines.h).
#pragma once

#include <cstdint>
#include <string>

namespace mm {

enum class Severity : uint8_t { kError, kWarning };

struct Finding {
  uint64_t line = 0;   // chunk-local index in a stage's output, global 1-based once consumed
  std::string type;    // line type ("post"), or "file" for file-level problems
  std::string field;   // dotted path inside the payload ("replies[2].message"), may be empty
  std::string rule;    // stable identifier (the server's error id where there is one)
  std::string message; // human-readable, with the offending value shortened
  Severity severity = Severity::kError;
};

// Shortens a value for a message: at most `max` bytes, cut at a UTF-8 boundary, with "…".
std::string shorten(std::string_view value, size_t max = 60);

}  // namespace mm
