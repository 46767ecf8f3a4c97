-- wrk script: RFC 7662 introspection of one pre-minted access token, caller authenticated with
-- client_secret_basic. Env: BENCH_BASIC (base64 of "client_id:client_secret"), BENCH_TOKEN.
local basic = os.getenv("BENCH_BASIC") or error("BENCH_BASIC is not set")
local token = os.getenv("BENCH_TOKEN") or error("BENCH_TOKEN is not set")

wrk.method = "POST"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Authorization"] = "Basic " .. basic
wrk.body = "token=" .. token .. "&token_type_hint=access_token"

dofile("bench/load/result.lua")
