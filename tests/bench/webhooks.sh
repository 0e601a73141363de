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
load() { # url, mode, connections, [forwarded]
  SECRET="$secret" MODE="$2" FORWARDED="${4:-}" wrk -t2 -c"$3" -d"${duration}s" --latency -s "$here/webhook-load.lua" "$1" 2>&1 | grep RESULT
}
stored() { sqlite3 "$1" "SELECT COUNT(*) FROM webhook_deliveries"; }

echo "machine: $(nproc) cores; $(date -u +%Y-%m-%dT%H:%MZ); wrk $(wrk -v 2>&1 | head -1 | awk '{print $2}'); @octokit/webhooks $octokit_version; node $(node -v)"

echo "== valid deliveries, 50 connections, ${duration} s"
url=$(start_watchpost "$work/grouped.sqlite")
w=$(load "$url" good 50); echo "watchpost (group commit):  $w  stored=$(stored "$work/grouped.sqlite")"
stop_watchpost "$work/grouped.sqlite"
url=$(start_watchpost "$work/single.sqlite" WATCHPOST_GROUP_COMMIT=0)
s=$(load "$url" good 50); echo "watchpost (commit each):   $s  stored=$(stored "$work/single.sqlite")"
stop_watchpost "$work/single.sqlite"
( cd "$work/octokit" && SECRET="$secret" PORT=18791 node server.mjs > "$work/octokit.log" 2>&1 & )
for _ in $(seq 1 50); do grep -q listening "$work/octokit.log" 2>/dev/null && break; sleep 0.1; done
o=$(load "http://127.0.0.1:18791" good 50); echo "octokit (stores nothing):  $o"
wr=$(echo "$w" | sed -n 's/.*rps=\([0-9]*\).*/\1/p'); orps=$(echo "$o" | sed -n 's/.*rps=\([0-9]*\).*/\1/p')
echo "ratio watchpost/octokit requests/s: $(awk -v a="$wr" -v b="$orps" 'BEGIN{printf "%.2f", a/b}')"

echo "== bad signatures, 50 connections, ${duration} s"
ob=$(load "http://127.0.0.1:18791" bad 50); echo "octokit:                   $ob"
pkill -f "node server.mjs" || true
url=$(start_watchpost "$work/bad.sqlite")
b=$(load "$url" bad 50); echo "watchpost (default policy: the source is blocked after 5): $b"
stop_watchpost "$work/bad.sqlite"
# With blocking and rate limiting out of the way, every request pays for the signature check.
sqlite3 "$work/nobl.sqlite" "VACUUM" 2>/dev/null || true
url=$(start_watchpost "$work/nobl.sqlite"); stop_watchpost "$work/nobl.sqlite"
sqlite3 "$work/nobl.sqlite" "INSERT INTO webhook_policy VALUES ('block_threshold','100000'),('refused_per_minute','100000') ON CONFLICT(key) DO UPDATE SET value=excluded.value"
url=$(start_watchpost "$work/nobl.sqlite")
b2=$(load "$url" bad 50); echo "watchpost (no block, no rate limit: signature checked each time): $b2"
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
