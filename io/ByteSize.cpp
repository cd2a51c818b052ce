#include "io/ByteSize.h"

#include <array>
#include <cctype>
#include <charconv>
#include <cmath>
#include <string>
#include <utility>

#include <fmt/format.h>

#include "io/Error.h"

namespace mm {
namespace {

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) return false;
  return true;
}

constexpr std::array<std::pair<std::string_view, double>, 12> kUnits{{
    {"b", 1.0},
    {"kb", 1e3}, {"mb", 1e6}, {"gb", 1e9}, {"tb", 1e12}, {"pb", 1e15},
    {"kib", 1024.0}, {"mib", 1048576.0}, {"gib", 1073741824.0}, {"tib", 1099511627776.0},
    {"pib", 1125899906842624.0}, {"", 1.0},
}};

}  // namespace

uint64_t parse_byte_size(std::string_view text, std::string_view what) {
  auto bad = [&](std::string_view why) -> Error {
    return Error(fmt::format("{} {:?}: {} (a size such as 40GB, 1.5TiB or 750MB)", what, std::string(text), why));
  };
  std::string_view s = text;
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  size_t n = 0;
  while (n < s.size() && (std::isdigit(static_cast<unsigned char>(s[n])) || s[n] == '.')) ++n;
  if (n == 0) throw bad("no number");
  double number = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + n, number, std::chars_format::fixed);
  if (ec != std::errc() || end != s.data() + n) throw bad("not a number");
  std::string_view unit = s.substr(n);
  while (!unit.empty() && unit.front() == ' ') unit.remove_prefix(1);
  for (const auto& [name, factor] : kUnits) {
    if (!iequals(unit, name)) continue;
    double bytes = number * factor;
    if (!std::isfinite(bytes) || bytes >= 1.8e19) throw bad("too large");
    if (bytes < 1) throw bad("must be at least one byte");
    return static_cast<uint64_t>(std::floor(bytes + 0.5));
  }
  if (unit.size() == 1 && std::string_view("kKmMgGtTpP").find(unit[0]) != std::string_view::npos)
    throw bad("say GB (1000^3) or GiB (1024^3)");
  throw bad(fmt::format("unknown unit {:?}", std::string(unit)));
}

}  // namespace mm
