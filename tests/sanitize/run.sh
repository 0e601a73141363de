#!/usr/bin/env bash
# Builds the whole project and its test suite with -fsanitize=address,undefined (g++) in its own build folder
# and runs every test under it. Any report fails the run.
#   bash tests/sanitize/run.sh [ctest arguments…]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
build="${WATCHPOST_ASAN_BUILD_DIR:-$root/build-asan}"

# -O1 -g1: instrumented code at -O2 takes several times longer to compile on two cores, for little speed.
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS_DEBUG="-O1 -g1" -DWATCHPOST_SANITIZE=ON \
  ${CMAKE_CXX_COMPILER_LAUNCHER:+-DCMAKE_CXX_COMPILER_LAUNCHER=$CMAKE_CXX_COMPILER_LAUNCHER} >/dev/null
cmake --build "$build" --parallel "$(nproc)"

# A small quarantine keeps memory in bounds with two tests at a time; leaks are reported at exit, less the
# one-time allocations of the libraries listed in lsan.supp.
export ASAN_OPTIONS="quarantine_size_mb=32:detect_leaks=1:abort_on_error=1:detect_stack_use_after_return=0"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
export LSAN_OPTIONS="suppressions=$here/lsan.supp:print_suppressions=0"
cd "$build"
QT_QPA_PLATFORM=offscreen ctest --output-on-failure --timeout 900 -j "$(nproc)" "$@"
