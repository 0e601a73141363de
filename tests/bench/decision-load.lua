-- wrk script: shipping decisions asked by automation, as itself (TOKEN, an automation API key), spread over
-- four repositories and the shipping actions, plus diagnostics, each with a distinct ref.
local actions = { "push", "pull_request", "commit", "merge", "release", "deploy", "diagnostic" }
local repositories = { "acme/api", "acme/web", "acme/infra", "acme/docs" }
local token = os.getenv("TOKEN") or ""
local counter = 0

function request()
  counter = counter + 1
  local body = '{"action":"' .. actions[counter % #actions + 1] .. '","repository":"' ..
      repositories[counter % #repositories + 1] .. '","ref":"refs/heads/bot-' .. counter .. '"}'
  return wrk.format("POST", "/api/v1/shipping/decisions",
    { ["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. token }, body)
end

local denied = 0
function response(status, headers, body)
  if body:find('"allowed":false', 1, true) then denied = denied + 1 end
end

function done(summary, latency, requests)
  io.write(string.format("RESULT requests=%d duration_s=%.2f rps=%.0f p50_ms=%.2f p99_ms=%.2f max_ms=%.2f non2xx=%d errors=%d\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    summary.errors.status, summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
