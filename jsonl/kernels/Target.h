// The target region of a kernel, as simdjson's SIMDJSON_TARGET_REGION: every function defined
// between MATTERMERGE_TARGET_REGION("...") and MATTERMERGE_UNTARGET_REGION is compiled for that
// instruction set, so a kernel's generic body is written once without an attribute on each
// function. GCC takes a target pragma; clang an attribute pushed onto every function.
// Nothing is #included inside a region: a library header would be compiled for the kernel's target.
#pragma once

#define MATTERMERGE_PRAGMA(x) _Pragma(#x)
#if defined(__clang__)
#define MATTERMERGE_TARGET_REGION(t) \
  MATTERMERGE_PRAGMA(clang attribute push(__attribute__((target(t))), apply_to = function))
#define MATTERMERGE_UNTARGET_REGION _Pragma("clang attribute pop")
#else
#define MATTERMERGE_TARGET_REGION(t) _Pragma("GCC push_options") MATTERMERGE_PRAGMA(GCC target(t))
#define MATTERMERGE_UNTARGET_REGION _Pragma("GCC pop_options")
#endif
