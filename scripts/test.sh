#!/usr/bin/env bash
# Builds and runs every test (unit and end-to-end) with CTest.
#   scripts/test.sh                       Release build in build/
#   scripts/test.sh --sanitize            AddressSanitizer + UBSan build in build-asan/
#   scripts/test.sh --tsan                ThreadSanitizer build in build-tsan/
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${1:-}" = "--tsan" ]; then
  export BUILD_DIR=${BUILD_DIR:-build-tsan} BUILD_TYPE=RelWithDebInfo
  scripts/build.sh -DMATTERMERGE_TSAN=ON -DMATTERMERGE_BENCH=OFF
  export TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1 suppressions=$PWD/tests/tsan.supp"
elif [ "${1:-}" = "--sanitize" ]; then
  export BUILD_DIR=${BUILD_DIR:-build-asan} BUILD_TYPE=RelWithDebInfo
  scripts/build.sh -DMATTERMERGE_SANITIZE=ON -DMATTERMERGE_BENCH=OFF
  export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
else
  export BUILD_DIR=${BUILD_DIR:-build}
  scripts/build.sh
fi
cd "$BUILD_DIR"
ctest --output-on-failure -j "$(nproc)"
