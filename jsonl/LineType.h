// The line types of the Mattermost bulk format (docs/bulk-format.md §1), in the order the server exports them.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>

namespace mm {

enum class LineType : uint8_t {
  kVersion,
  kScheme,
  kRole,
  kTeam,
  kChannel,
  kUser,
  kBot,
  kPost,
  kEmoji,
  kDirectChannel,
  kDirectPost,
  kUnknown,    // JSON object with a "type" the importer does not know
  kMalformed,  // not a JSON object, or no "type" string
};

inline constexpr size_t kLineTypeCount = 13;

inline constexpr std::array<std::string_view, kLineTypeCount> kLineTypeNames = {
    "version", "scheme", "role",           "team",        "channel", "user",     "bot",
    "post",    "emoji",  "direct_channel", "direct_post", "unknown", "malformed"};

constexpr std::string_view name_of(LineType t) { return kLineTypeNames[static_cast<size_t>(t)]; }

// Maps the value of "type" to a LineType (exact, case-sensitive, as the importer's switch);
// anything else is kUnknown.
LineType line_type_from_name(std::string_view name);

// The type of an export line as the importer's Go decoding reads it, without parsing the values:
// the line is a JSON object (whitespace allowed between any two tokens); its top-level keys match
// "type" by the one rule of jsonl/JsonKey.h (escapes decoded, case folded); the LAST such key
// with a string value wins, a null one leaves the type as it was; the string's escapes are
// decoded. kUnknown for a name the importer does not know; kMalformed when the line is not an
// object, has no string "type", or has a "type" of another JSON type. Only the tokens needed to
// find the top-level keys are read: on a line that is not valid JSON the answer may be any type,
// so a caller that needs the line to be valid parses it. A command that skips lines by type
// without parsing them asks this function; the fast paths of stats and validate read the same
// (jsonl/LineClassifier.h, stages/validate/; tests/unit/line_agreement_test.cpp pins them).
// `readable`: the bytes that may be read from line.data() (Line::readable, a chunk's padding
// included); more than the line's size lets the last block of a payload be scanned in place.
LineType peek_type(std::string_view line, size_t readable = 0);

constexpr bool is_post_type(LineType t) { return t == LineType::kPost || t == LineType::kDirectPost; }

// How the exporter opens a post line, {"type":"post","post": or {"type":"direct_post","direct_post":,
// JSON whitespace allowed between the tokens (a tool that rewrites an export may add it): kPost or
// kDirectPost, and `payload` where the payload's value starts (its first byte that is not
// whitespace); kUnknown for any other opening. Says nothing of what follows: Go's decoder takes
// the last "type" key, which only a walk of the whole line (peek_type) or a parse finds.
LineType post_head(std::string_view line, const char*& payload);

}  // namespace mm
