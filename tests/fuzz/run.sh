#!/usr/bin/env bash
# Builds the libFuzzer targets with clang, ASan and UBSan, and runs each for a bounded time over its seed corpus.
#   bash tests/fuzz/run.sh [seconds per target, default 60]
# Needs Debian's clang, libclang-rt-14-dev (fuzzer and sanitizer runtimes) and llvm-14 (symbolizer):
# packaging/dev.sh installs them. New inputs the fuzzer finds go to a scratch corpus, not into the checkout.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
seconds="${1:-60}"
build="${WATCHPOST_FUZZ_BUILD_DIR:-$root/build-fuzz}"
work="$build/work"
mkdir -p "$work"

cmake -S "$here" -B "$build" -G Ninja -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=Debug >/dev/null
cmake --build "$build" --parallel "$(nproc)"

export ASAN_OPTIONS="quarantine_size_mb=16:detect_leaks=1:abort_on_error=1"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
export ASAN_SYMBOLIZER_PATH="${ASAN_SYMBOLIZER_PATH:-/usr/bin/llvm-symbolizer-14}"
export LSAN_OPTIONS="suppressions=$root/tests/sanitize/lsan.supp"

run() {
  local target="$1" seeds="$2"
  shift 2
  local scratch="$work/$target"
  mkdir -p "$scratch"
  echo "== $target: ${seconds}s"
  local start end
  start=$(date +%s)
  "$build/$target" "$scratch" "$seeds" "$@" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
    -print_final_stats=1 -artifact_prefix="$work/$target-" 2>&1 | tail -n 12
  end=$(date +%s)
  echo "== $target: clean for $((end - start)) s"
}

run fuzz_request_framing "$here/corpus/framing" -max_len=20000
# The real GitHub payloads from ../shared, when present, seed the webhook target too (read, never copied).
extra=()
shared="$root/../shared/fixtures/github-webhooks"
[ -d "$shared" ] && extra+=("$shared")
run fuzz_webhook_decoding "$here/corpus/webhook" "${extra[@]}" -max_len=70000
