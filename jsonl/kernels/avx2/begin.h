// Opens the avx2 kernel (as simdjson's haswell/begin.h): the code up to jsonl/kernels/avx2/end.h is
// compiled for avx2,pclmul,bmi, and MATTERMERGE_KERNEL names the kernel's namespace so that a generic body
// (jsonl/kernels/generic/) says `namespace MATTERMERGE_KERNEL` once for every kernel. No include
// guard: included once per region.
#include "jsonl/kernels/Target.h"
#define MATTERMERGE_KERNEL scanner_avx2
MATTERMERGE_TARGET_REGION("avx2,pclmul,bmi")
