// XXH3 as every hash of the project is computed: libxxhash's functions, with their calls turned
// into the dispatching ones on x86, which pick the CPU's widest kernel (AVX2, AVX-512) at run time.
// Debian's libxxhash.so is built for the baseline (SSE2): called directly, XXH3 runs at about a
// quarter of that speed (figures: docs/performance.md). The values are the same either way.
#pragma once

#include <xxhash.h>
#if defined(__x86_64__) || defined(__i386__)
#include <xxh_x86dispatch.h>
#endif
