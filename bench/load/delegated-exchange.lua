-- wrk script: RFC 8693 delegated token exchange (subject_token + actor_token + grant_id), the
-- agent authenticated with client_secret_basic. Env: BENCH_BASIC (the agent's "id:secret" in
-- base64), BENCH_SUBJECT (the principal's token), BENCH_ACTOR (the agent's own token), BENCH_GRANT.
local basic = os.getenv("BENCH_BASIC") or error("BENCH_BASIC is not set")
local subject = os.getenv("BENCH_SUBJECT") or error("BENCH_SUBJECT is not set")
local actor = os.getenv("BENCH_ACTOR") or error("BENCH_ACTOR is not set")
local grant = os.getenv("BENCH_GRANT") or error("BENCH_GRANT is not set")
local at = "urn%3Aietf%3Aparams%3Aoauth%3Atoken-type%3Aaccess_token"

wrk.method = "POST"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Authorization"] = "Basic " .. basic
wrk.body = "grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Atoken-exchange"
  .. "&subject_token=" .. subject .. "&subject_token_type=" .. at
  .. "&actor_token=" .. actor .. "&actor_token_type=" .. at
  .. "&grant_id=" .. grant

dofile("bench/load/result.lua")
