// Sizes written by people: "40GB", "1.5TiB", "750 MB", "123456". Decimal units (kB, MB, GB, TB,
// PB: powers of 1000) and binary ones (KiB, MiB, GiB, TiB, PiB: powers of 1024), case-insensitive;
// no unit means bytes. A bare K, M, G or T is refused rather than guessed.
#pragma once

#include <cstdint>
#include <string_view>

namespace mm {

// Throws mm::Error (exit 2) naming `what` (e.g. "--estimate") and the text when it is not a size.
uint64_t parse_byte_size(std::string_view text, std::string_view what);

}  // namespace mm
