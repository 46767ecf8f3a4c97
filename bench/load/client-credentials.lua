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

dofile("bench/load/result.lua")
