// The line types of the Mattermost bulk format (spec §1), in the order the server exports them.
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

}  // namespace mm
