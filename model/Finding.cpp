#include "model/Finding.h"

namespace mm {

std::string shorten(std::string_view value, size_t max) {
  if (value.size() <= max) return std::string(value);
  size_t cut = max;
  while (cut > 0 && (static_cast<unsigned char>(value[cut]) & 0xC0) == 0x80) --cut;
  std::string out(value.substr(0, cut));
  out += "\xE2\x80\xA6";
  return out;
}

}  // namespace mm
