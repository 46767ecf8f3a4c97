-- wrk script: one policy decision, POST /internal/v1/decisions with a signet:internal bearer token.
-- Env: BENCH_BEARER (the internal token), BENCH_DECISION (the JSON body).
local bearer = os.getenv("BENCH_BEARER") or error("BENCH_BEARER is not set")
local body = os.getenv("BENCH_DECISION") or error("BENCH_DECISION is not set")

wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. bearer
wrk.body = body

dofile("bench/load/result.lua")
