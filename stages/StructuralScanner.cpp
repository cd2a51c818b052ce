#include "stages/StructuralScanner.h"

namespace mm {

bool structural_scanner_available() {
#ifdef MATTERMERGE_HAS_STRUCTURAL_SCANNER
  static const bool available =
      __builtin_cpu_supports("avx2") && __builtin_cpu_supports("pclmul") && __builtin_cpu_supports("bmi");
  return available;
#else
  return false;
#endif
}

}  // namespace mm
