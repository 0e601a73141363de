#!/usr/bin/env bash
# Shipping-decision benchmark: `watchpost serve` with the kill switch engaged for all automation, driven by wrk with
# 50 connections (2 threads) for 10 s asking POST /api/v1/shipping/decisions as an automation key; every decision
# is counted into the decision log (aggregates per minute/credential/action/target/outcome). After the run the log's
# counts are summed and compared with what wrk got answered, so the rate is one with the decisions recorded.
# Usage: tests/bench/decisions.sh [BUILD_DIR]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
build="${1:-$here/../../build}"
bin="$build/app/watchpost"
work="$(mktemp -d)"
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
duration="${BENCH_SECONDS:-10}"
connections="${BENCH_CONNECTIONS:-50}"
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }
command -v sqlite3 >/dev/null || { echo "sqlite3 is missing: apt-get install sqlite3" >&2; exit 1; }

store="$work/bench.sqlite"
bot=$("$bin" token create --store "$store" --name ci-bot --role automation)
lead=$("$bin" token create --store "$store" --name lead --role responder)
"$bin" serve --store "$store" --listen 127.0.0.1:0 > "$work/serve.log" 2>&1 &
serve=$!
for _ in $(seq 1 100); do grep -q "listening on" "$work/serve.log" && break; sleep 0.1; done
url=$(sed -n 's/.*listening on \(http[^ ]*\).*/\1/p' "$work/serve.log" | head -1)
[ -n "$url" ] || { cat "$work/serve.log" >&2; exit 1; }
curl -sf -o /dev/null -H "Authorization: Bearer $lead" -H 'Content-Type: application/json' \
  -d '{"reason":"bench: runaway bot","scope":{"credentials":"all_automation"}}' "$url/api/v1/security/kill-switch/engage"

ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
before=$(ticks "$serve")
out=$(TOKEN="$bot" wrk -t2 -c"$connections" -d"${duration}s" --latency -s "$here/decision-load.lua" "$url" 2>&1)
after=$(ticks "$serve")
res=$(grep RESULT <<<"$out")
n=$(sed -n 's/.*requests=\([0-9]*\).*/\1/p' <<<"$res")
sleep 2 # the listener writes its counted decisions once a second
kill -TERM "$serve"; wait "$serve" || true
logged=$(sqlite3 "$store" "SELECT COALESCE(SUM(count), 0) FROM shipping_decisions")
rows=$(sqlite3 "$store" "SELECT COUNT(*) FROM shipping_decisions")
denied=$(sqlite3 "$store" "SELECT COALESCE(SUM(count), 0) FROM shipping_decisions WHERE allowed = 0")
echo "machine: $(nproc) cores; $(date -u +%Y-%m-%dT%H:%MZ); wrk $(wrk -v 2>&1 | head -1 | awk '{print $2}'); $connections connections, ${duration} s"
echo "$res server_cpu_us=$(awk -v n="$n" -v a="$before" -v b="$after" -v hz="$(getconf CLK_TCK)" 'BEGIN{printf "%.1f", (b - a) * 1e6 / hz / n}')"
echo "decision log: $logged decisions counted ($denied denied) in $rows aggregates; wrk was answered $n"
