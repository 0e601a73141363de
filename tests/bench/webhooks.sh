#!/usr/bin/env bash
# Webhook receiver benchmark, side by side in one run:
#   Watchpost (`watchpost serve`, group commit on and off) and a receiver built on @octokit/webhooks'
#   createNodeMiddleware, both driven by wrk with 50 connections for 10 s, 7.6 KB `ping` bodies each made
#   distinct and signed per request (tests/bench/webhook-load.lua).
# Usage: tests/bench/webhooks.sh [BUILD_DIR]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
build="${1:-$here/../../build}"
bin="$build/app/watchpost"
work="$(mktemp -d)"
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
secret="bench-secret-$(date +%s)"
printf '%s' "$secret" > "$work/secret"; chmod 600 "$work/secret"
duration="${BENCH_SECONDS:-10}"

command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }
command -v node >/dev/null || { echo "node is missing" >&2; exit 1; }

# The octokit receiver lives in a temporary folder, never in the project.
mkdir -p "$work/octokit"
( cd "$work/octokit" && npm init -y >/dev/null 2>&1 && npm install --silent --no-audit --no-fund @octokit/webhooks >/dev/null 2>&1 )
cat > "$work/octokit/server.mjs" <<'JS'
import http from "node:http";
import { Webhooks, createNodeMiddleware } from "@octokit/webhooks";
const webhooks = new Webhooks({ secret: process.env.SECRET });
webhooks.onAny(() => {});
const middleware = createNodeMiddleware(webhooks, { path: "/api/github/webhooks" });
const server = http.createServer((req, res) => middleware(req, res, () => { res.writeHead(404); res.end(); }));
server.listen(Number(process.env.PORT), "127.0.0.1", () => console.log("listening"));
JS
octokit_version=$(node -e "console.log(require('$work/octokit/node_modules/@octokit/webhooks/package.json').version)")

start_watchpost() { # store, extra env
  local store="$1"; shift
  env "$@" "$bin" serve --store "$store" --listen 127.0.0.1:0 --webhook-secret-file "$work/secret" > "$work/serve.log" 2>&1 &
  for _ in $(seq 1 100); do grep -q "listening on" "$work/serve.log" && break; sleep 0.1; done
  sed -n 's/listening on //p' "$work/serve.log"
}
stop_watchpost() { kill -TERM "$(pgrep -f "serve --store $1")" 2>/dev/null || true; sleep 1; }
ticks() { awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null || echo 0; } # user+system CPU of a process, in clock ticks
hz=$(getconf CLK_TCK)
# load URL MODE CONNECTIONS [FORWARDED] [SERVER_PID]: one wrk run; appends the CPU time per request spent by wrk
# and, given its pid, by the server — the two share the machine's cores, so together they bound the rate.
load() {
  local before=0 out res n
  [ -n "${5:-}" ] && before=$(ticks "$5")
  out=$( { TIMEFORMAT='CPU %U %S'; time SECRET="$secret" MODE="$2" FORWARDED="${4:-}" \
           wrk -t2 -c"$3" -d"${duration}s" --latency -s "$here/webhook-load.lua" "$1" 2>&1; } 2>&1 )
  res=$(grep RESULT <<<"$out")
  n=$(sed -n 's/.*requests=\([0-9]*\).*/\1/p' <<<"$res")
  res="$res wrk_cpu_us=$(awk -v n="$n" '/^CPU/{printf "%.1f", ($2 + $3) * 1e6 / n}' <<<"$out")"
  [ -n "${5:-}" ] && res="$res server_cpu_us=$(awk -v n="$n" -v a="$before" -v b="$(ticks "$5")" -v hz="$hz" \
                            'BEGIN{printf "%.1f", (b - a) * 1e6 / hz / n}')"
  echo "$res"
}
serve_pid() { pgrep -f "serve --store $1" | head -1; }
stored() { sqlite3 "$1" "SELECT COUNT(*) FROM webhook_deliveries"; }

echo "machine: $(nproc) cores; $(date -u +%Y-%m-%dT%H:%MZ); wrk $(wrk -v 2>&1 | head -1 | awk '{print $2}'); @octokit/webhooks $octokit_version; node $(node -v)"

echo "== valid deliveries, 50 connections, ${duration} s"
url=$(start_watchpost "$work/grouped.sqlite")
w=$(load "$url" good 50 "" "$(serve_pid "$work/grouped.sqlite")"); echo "watchpost (group commit):  $w  stored=$(stored "$work/grouped.sqlite")"
stop_watchpost "$work/grouped.sqlite"
url=$(start_watchpost "$work/single.sqlite" WATCHPOST_GROUP_COMMIT=0)
s=$(load "$url" good 50 "" "$(serve_pid "$work/single.sqlite")"); echo "watchpost (commit each):   $s  stored=$(stored "$work/single.sqlite")"
stop_watchpost "$work/single.sqlite"
( cd "$work/octokit" && SECRET="$secret" PORT=18791 node server.mjs > "$work/octokit.log" 2>&1 & )
for _ in $(seq 1 50); do grep -q listening "$work/octokit.log" 2>/dev/null && break; sleep 0.1; done
o=$(load "http://127.0.0.1:18791" good 50 "" "$(pgrep -f "node server.mjs" | head -1)"); echo "octokit (stores nothing):  $o"
wr=$(echo "$w" | sed -n 's/.*rps=\([0-9]*\).*/\1/p'); orps=$(echo "$o" | sed -n 's/.*rps=\([0-9]*\).*/\1/p')
echo "ratio watchpost/octokit requests/s: $(awk -v a="$wr" -v b="$orps" 'BEGIN{printf "%.2f", a/b}')"
# What the target asks of this machine: wrk and the receiver share $(nproc) cores, so at twice octokit's rate the
# receiver may spend at most cores/rate - wrk's own CPU per request.
wcpu=$(sed -n 's/.*wrk_cpu_us=\([0-9.]*\).*/\1/p' <<<"$o")
echo "CPU budget per request at 2x octokit ($(awk -v b="$orps" 'BEGIN{printf "%d", 2*b}')/s) on $(nproc) cores with wrk on them:" \
     "$(awk -v b="$orps" -v c="$(nproc)" -v w="$wcpu" 'BEGIN{printf "%.1f", c*1e6/(2*b) - w}') us for the receiver"

echo "== bad signatures, 50 connections, ${duration} s"
ob=$(load "http://127.0.0.1:18791" bad 50 "" "$(pgrep -f "node server.mjs" | head -1)"); echo "octokit:                   $ob"
pkill -f "node server.mjs" || true
url=$(start_watchpost "$work/bad.sqlite")
b=$(load "$url" bad 50 "" "$(serve_pid "$work/bad.sqlite")"); echo "watchpost (default policy: the source is blocked after 5): $b"
stop_watchpost "$work/bad.sqlite"
# With blocking and rate limiting out of the way, every request pays for the signature check.
sqlite3 "$work/nobl.sqlite" "VACUUM" 2>/dev/null || true
url=$(start_watchpost "$work/nobl.sqlite"); stop_watchpost "$work/nobl.sqlite"
sqlite3 "$work/nobl.sqlite" "INSERT INTO webhook_policy VALUES ('block_threshold','100000'),('refused_per_minute','100000') ON CONFLICT(key) DO UPDATE SET value=excluded.value"
url=$(start_watchpost "$work/nobl.sqlite")
b2=$(load "$url" bad 50 "" "$(serve_pid "$work/nobl.sqlite")"); echo "watchpost (no block, no rate limit: signature checked each time): $b2"
stop_watchpost "$work/nobl.sqlite"

echo "== 10:1 flood: bad deliveries from one source, good ones from another (X-Forwarded-For via a trusted proxy)"
url=$(start_watchpost "$work/flood.sqlite"); stop_watchpost "$work/flood.sqlite"
sqlite3 "$work/flood.sqlite" "INSERT INTO webhook_policy VALUES ('trusted_proxy','127.0.0.1') ON CONFLICT(key) DO UPDATE SET value=excluded.value"
url=$(start_watchpost "$work/flood.sqlite")
load "$url" bad 45 198.51.100.66 > "$work/flood-bad.txt" &
g=$(load "$url" good 5 140.82.115.9)
wait
echo "bad  (45 connections): $(cat "$work/flood-bad.txt")"
echo "good (5 connections):  $g  stored=$(stored "$work/flood.sqlite")"
stop_watchpost "$work/flood.sqlite"
