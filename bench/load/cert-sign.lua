-- wrk script: POST /v1/certificates/sign with one CSR (cert-load.sh), a bearer token for the
-- certificate:sign:client scope. Env: BENCH_TOKEN, BENCH_CSR_FILE (a PEM CSR), BENCH_TTL (600).
local token = os.getenv("BENCH_TOKEN") or error("BENCH_TOKEN is not set")
local file = os.getenv("BENCH_CSR_FILE") or error("BENCH_CSR_FILE is not set")
local f = assert(io.open(file, "r"))
local csr = f:read("*a"):gsub("\r", ""):gsub("\n", "\\n")
f:close()

wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. token
wrk.body = '{"csr":"' .. csr .. '","ttl_seconds":' .. (os.getenv("BENCH_TTL") or "600") .. "}"

dofile("bench/load/result.lua")
