#!/usr/bin/env bash
# Attack benchmarks (slowloris, body budget, the body memory multiplier) against the built `watchpost serve`,
# with a good client timed beside the attackers. Usage: tests/bench/attacks.sh [BUILD_DIR] [seconds per scenario]
set -euo pipefail
build="${1:-$(cd "$(dirname "$0")/../.." && pwd)/build}"
# 600 attacking sockets and the server's 512 slots: more descriptors than the default 1024 between them.
ulimit -n 8192
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB; $(date -u +%Y-%m-%dT%H:%MZ)"
exec "$build/tests/bench/bench_attacks" "$build/app/watchpost" "${2:-30}"
