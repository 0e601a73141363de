-- wrk script: signed GitHub `ping` deliveries of about 7.6 KB, each body distinct (a sequence field) and
-- signed per request with HMAC-SHA256 through OpenSSL (LuaJIT FFI), each with a fresh delivery id.
-- Environment: SECRET (signing secret), MODE=good|bad (bad: a wrong signature), FORWARDED (X-Forwarded-For value).
local ffi = require("ffi")
ffi.cdef [[
typedef struct evp_md_st EVP_MD;
const EVP_MD *EVP_sha256(void);
unsigned char *HMAC(const EVP_MD *evp_md, const void *key, int key_len, const unsigned char *d, size_t n,
                    unsigned char *md, unsigned int *md_len);
]]
local crypto = ffi.load("crypto")
local digest = ffi.new("unsigned char[32]")
local length = ffi.new("unsigned int[1]")

local secret = os.getenv("SECRET") or "bench-secret"
local mode = os.getenv("MODE") or "good"
local forwarded = os.getenv("FORWARDED")
local padding = string.rep("x", 7400)
local counter = 0
local thread_id = 0

local function hex(p, n)
  local t = {}
  for i = 0, n - 1 do t[#t + 1] = string.format("%02x", p[i]) end
  return table.concat(t)
end

function setup(thread)
  thread_id = thread_id + 1
  thread:set("tid", thread_id)
end

function init(args)
  math.randomseed(os.time() + (tid or 0))
  run_id = tostring(math.random(1, 1e9))
end

function request()
  counter = counter + 1
  local id = run_id .. "-" .. (tid or 0) .. "-" .. counter
  local body = '{"zen":"Design for failure.","sequence":"' .. id ..
      '","hook_id":109948940,"hook":{"type":"Repository","id":109948940,"name":"web","active":true,"events":["*"],"padding":"' ..
      padding .. '"}}'
  local signature
  if mode == "bad" then
    signature = "sha256=" .. string.rep("0", 64)
  else
    crypto.HMAC(crypto.EVP_sha256(), secret, #secret, body, #body, digest, length)
    signature = "sha256=" .. hex(digest, 32)
  end
  local headers = {
    ["Content-Type"] = "application/json",
    ["X-GitHub-Event"] = "ping",
    ["X-GitHub-Delivery"] = id,
    ["X-Hub-Signature-256"] = signature,
    ["User-Agent"] = "GitHub-Hookshot/bench",
  }
  if forwarded then headers["X-Forwarded-For"] = forwarded end
  return wrk.format("POST", "/api/github/webhooks", headers, body)
end


function done(summary, latency, requests)
  io.write(string.format("RESULT requests=%d duration_s=%.2f rps=%.0f p50_ms=%.2f p99_ms=%.2f non2xx=%d errors=%d\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    summary.errors.status, summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
