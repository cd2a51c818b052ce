#include "jsonl/StructuralScanner.h"

#include <cstdlib>
#include <cstring>
#include <initializer_list>

namespace mm {

bool scanner_kernel_supported(ScannerKernel kernel) {
#ifdef MATTERMERGE_HAS_STRUCTURAL_SCANNER
  bool base = __builtin_cpu_supports("pclmul") && __builtin_cpu_supports("bmi");
  switch (kernel) {
    case ScannerKernel::kAvx512:
      return base && __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw");
    case ScannerKernel::kAvx2: return base && __builtin_cpu_supports("avx2");
    case ScannerKernel::kNone: return true;
  }
#endif
  return kernel == ScannerKernel::kNone;
}

namespace {

ScannerKernel choose_kernel() {
  // MATTERMERGE_SCANNER=avx2|avx512|off narrows the choice (to compare kernels, as simdjson's
  // SIMDJSON_FORCE_IMPLEMENTATION does); a kernel this CPU lacks is never chosen.
  const char* forced = std::getenv("MATTERMERGE_SCANNER");
  for (ScannerKernel k : {ScannerKernel::kAvx512, ScannerKernel::kAvx2}) {
    if (forced && std::strcmp(forced, scanner_kernel_name(k)) != 0) continue;
    if (scanner_kernel_supported(k)) return k;
  }
  return ScannerKernel::kNone;
}

}  // namespace

ScannerKernel best_scanner_kernel() {
  static const ScannerKernel best = choose_kernel();
  return best;
}

const char* scanner_kernel_name(ScannerKernel kernel) {
  switch (kernel) {
    case ScannerKernel::kAvx512: return "avx512";
    case ScannerKernel::kAvx2: return "avx2";
    case ScannerKernel::kNone: break;
  }
  return "off";
}

}  // namespace mm
