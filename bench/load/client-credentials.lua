-- wrk script: OAuth 2.0 client_credentials with client_secret_basic (RFC 6749 §4.4, §2.3.1).
-- Env: BENCH_BASIC (base64 of "client_id:client_secret"), BENCH_SCOPE (optional).
local basic = os.getenv("BENCH_BASIC") or error("BENCH_BASIC is not set")
local scope = os.getenv("BENCH_SCOPE")

wrk.method = "POST"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Authorization"] = "Basic " .. basic
wrk.body = "grant_type=client_credentials"
if scope and scope ~= "" then
  wrk.body = wrk.body .. "&scope=" .. scope:gsub(" ", "+")
end

-- One machine-readable line; non2xx counts answers outside 2xx/3xx (wrk's status errors).
function done(summary, latency, requests)
  local seconds = summary.duration / 1e6
  io.write(string.format(
    "RESULT rps=%.1f p50_ms=%.2f p90_ms=%.2f p99_ms=%.2f requests=%d non2xx=%d socket_errors=%d\n",
    summary.requests / seconds,
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
    summary.requests, summary.errors.status,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
