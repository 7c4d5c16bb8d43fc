#!/usr/bin/env bash
# Builds parley and runs the whole test suite (unit, RFC vectors, in-memory
# handshakes, interop with openssl/gnutls/curl, certificate validation).
#   scripts/test.sh             normal build in build/
#   scripts/test.sh --sanitize  clang-14 ASan+UBSan (and LeakSanitizer) build in
#                               build-asan/: the same suite, and clang's warnings
set -euo pipefail
cd "$(dirname "$0")/.."

build_dir=build
options=(-DPARLEY_WERROR=ON)
if [ "${1:-}" = "--sanitize" ]; then
  build_dir=build-asan
  options+=(-DCMAKE_CXX_COMPILER=clang++-14 -DPARLEY_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug
            -DPARLEY_BENCH=OFF)
fi

scripts/deps.sh
cmake -S . -B "$build_dir" -G Ninja "${options[@]}"
cmake --build "$build_dir" -j "$(nproc)"
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
ctest --test-dir "$build_dir" --output-on-failure -j "$(nproc)"
