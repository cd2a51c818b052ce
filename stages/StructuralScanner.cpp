#include "stages/StructuralScanner.h"

namespace mm {

bool structural_scanner_available() {
  static const bool available =
      __builtin_cpu_supports("avx2") && __builtin_cpu_supports("pclmul") && __builtin_cpu_supports("bmi");
  return available;
}

}  // namespace mm
