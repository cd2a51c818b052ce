// Closes the region jsonl/kernels/avx512/begin.h opened.
MATTERMERGE_UNTARGET_REGION
#undef MATTERMERGE_KERNEL
