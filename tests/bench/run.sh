#!/usr/bin/env bash
# Runs the benchmarks and prints their figures. Usage: tests/bench/run.sh [BUILD_DIR]
set -euo pipefail
build="${1:-$(cd "$(dirname "$0")/../.." && pwd)/build}"
work="${WATCHPOST_BENCH_DIR:-$build/bench-data}"
mkdir -p "$work"
# A fresh dataset each run: the write-load phase adds to the store.
rm -f "$work"/bench.sqlite*
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB; $(date -u +%Y-%m-%dT%H:%MZ)"
QT_QPA_PLATFORM=offscreen "$build/tests/bench/bench_console" "$work/bench.sqlite"
echo "== credentials: revoke to first refused request, session-token cost"
"$build/tests/bench/bench_credentials"
echo "== attacks: slowloris, body budget, body memory multiplier"
bash "$(dirname "$0")/attacks.sh" "$build" "${BENCH_ATTACK_SECONDS:-30}"
echo "== team mode: initial sync of 100k incidents and 1M timeline entries over HTTPS into an empty replica; commit to replica and to the attached console's repaint under 200 writes/s"
"$build/tests/bench/bench_sync" "$build/app/watchpost" "$work"
echo "== shipping kill switch: decisions at 50 connections while recorded; engage answer to the first denied decision"
bash "$(dirname "$0")/decisions.sh" "$build"
"$build/tests/bench/bench_killswitch" 50
