#!/usr/bin/env bash
# client_credentials and introspection throughput of Signet's token-service, measured with wrk.
#
#   bench/load/token-load.sh          # builds if needed, fresh database, 3 services, 2 wrk runs
#
# Starts packaged keyring-service (creates and activates the RS256 signing key), admin-api (seeds
# the bootstrap admin and the internal account; the bench account is created through its API) and
# token-service, all on 127.0.0.1 against a database that is dropped and recreated each run.
# Settings (env): DURATION (20s), WARMUP (5s), CONNECTIONS (32), THREADS (2),
# SIGNET_BENCH_DB (signet_bench_token), SIGNET_BENCH_PG (postgresql://127.0.0.1:5432),
# SIGNET_BENCH_JAVA_OPTS (production flags, see below), SIGNET_BENCH_TOKEN_JAVA_OPTS (token-service only, e.g. a profiler agent),
# SIGNET_BENCH_SKIP_INTROSPECTION (set: client_credentials only), SIGNET_BENCH_FLOOR (set: also GET
# the discovery document, what the HTTP stack alone costs per request),
# ports SIGNET_BENCH_TOKEN_PORT (18081),
# SIGNET_BENCH_KEYRING_PORT (18082), SIGNET_BENCH_ADMIN_PORT (18085).
# Logs: .local/bench/{keyring,admin,token}.log.
set -euo pipefail
cd "$(dirname "$0")/../.."
. bench/load/lib.sh

DURATION=${DURATION:-20s}
WARMUP=${WARMUP:-5s}
CONNECTIONS=${CONNECTIONS:-32}
THREADS=${THREADS:-2}
PG=${SIGNET_BENCH_PG:-postgresql://127.0.0.1:5432}
DB=${SIGNET_BENCH_DB:-signet_bench_token}
PG_USER=${SIGNET_DB_USERNAME:-postgres}
# The production JVM settings (k8s ConfigMap JAVA_OPTS_APPEND): a small heap with the serial
# collector, as the JVM picks by itself in a container with one CPU; C1 only (signing, the hot
# path, is native code in ACCP, so C2 buys ~8% throughput for ~70 MiB RSS); glibc arenas capped.
JAVA_OPTS=${SIGNET_BENCH_JAVA_OPTS:--Xmx96m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:ReservedCodeCacheSize=32m -Xss512k}
# token-service's own production settings (its Deployment in k8s/base/services/token-service.yaml):
# a 40 MiB heap (live set ~13-17 MiB under this load) with a 16 MiB young generation and 4 MiB
# survivor spaces (audit delivery rounds die young instead of filling the old generation), sized
# to the live set (starts at 24 MiB, at most 30% free after a full GC), C1 only with one compiler
# thread and 10x the default tier-3 thresholds (only hot methods are compiled: a smaller code
# cache), 24 MiB code cache, glibc's free native memory trimmed every 5 s.
TOKEN_JAVA_OPTS=${SIGNET_BENCH_TOKEN_JAVA_OPTS:--Xms24m -Xmx40m -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30 -Xmn16m -XX:SurvivorRatio=2 -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:Tier3InvocationThreshold=2000 -XX:Tier3MinInvocationThreshold=1000 -XX:Tier3CompileThreshold=20000 -XX:Tier3BackEdgeThreshold=600000 -XX:ReservedCodeCacheSize=24m -XX:CICompilerCount=1 -Xss512k -XX:TrimNativeHeapInterval=5000}
export MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-2}
TOKEN_PORT=${SIGNET_BENCH_TOKEN_PORT:-18081}
KEYRING_PORT=${SIGNET_BENCH_KEYRING_PORT:-18082}
ADMIN_PORT=${SIGNET_BENCH_ADMIN_PORT:-18085}
LOGS=.local/bench
TOKEN_URL="http://127.0.0.1:${TOKEN_PORT}"
ADMIN_URL="http://127.0.0.1:${ADMIN_PORT}"
mkdir -p "$LOGS"

suite_prepare keyring-service token-service admin-api
suite_env TOKEN KEYRING ADMIN
start_core
token_pid=${pids[2]}
export CPU_WATCH="token-service=${pids[2]} admin-api=${pids[1]} keyring=${pids[0]}"

wait_http keyring-service "http://127.0.0.1:${KEYRING_PORT}/q/health/ready" 240
wait_http admin-api "${ADMIN_URL}/q/health/ready" 240
wait_http token-service "${TOKEN_URL}/q/health/ready" 240
await_admin_token

echo "== bench account through admin-api POST /v1/service-accounts"
created=$(curl -fsS --max-time 10 -H "Authorization: Bearer ${admin_token}" \
  -H 'Content-Type: application/json' \
  -d '{"client_id":"bench-client","name":"Load benchmark","scopes":["bench:read"]}' \
  "${ADMIN_URL}/v1/service-accounts")
CLIENT_SECRET=$(sed -n 's/.*"client_secret" *: *"\([^"]*\)".*/\1/p' <<<"$created")
[ -n "$CLIENT_SECRET" ] || { echo "no client_secret in: $created" >&2; exit 1; }
export BENCH_BASIC=$(b64 "bench-client:${CLIENT_SECRET}")

# token-service caches accounts for a few seconds; wait until the new one authenticates.
export BENCH_TOKEN=""
for _ in $(seq 1 30); do
  BENCH_TOKEN=$(token bench-client "$CLIENT_SECRET" 2>/dev/null || true)
  [ -n "$BENCH_TOKEN" ] && break
  sleep 1
done
[ -n "$BENCH_TOKEN" ] || { echo "bench-client got no token; see ${LOGS}/token.log" >&2; exit 1; }
header=$(cut -d. -f1 <<<"$BENCH_TOKEN" | tr '_-' '/+')
while [ $(( ${#header} % 4 )) -ne 0 ]; do header="${header}="; done
echo "== token header: $(base64 -d <<<"$header" 2>/dev/null || echo '?')"

if [ -n "${SIGNET_BENCH_FLOOR:-}" ]; then
  # No crypto, no database, no audit: the least any request to this service costs.
  run_wrk "Signet discovery (HTTP floor)" bench/load/discovery.lua \
    "${TOKEN_URL}/.well-known/openid-configuration"
  floor=$WRK_RESULT
fi
run_wrk "Signet client_credentials" bench/load/client-credentials.lua "${TOKEN_URL}/oauth2/token"
cc=$WRK_RESULT
if [ -n "${SIGNET_BENCH_SKIP_INTROSPECTION:-}" ]; then
  intro="0 0 0 0 0" # profiling client_credentials alone
else
  run_wrk "Signet introspection" bench/load/introspect.lua "${TOKEN_URL}/oauth2/introspect"
  intro=$WRK_RESULT
fi
rss=$(rss_mib "$token_pid")
# Audit rows recorded but not yet delivered to admin-api: a dispatcher that keeps up leaves few.
backlog=$(psql "${PG}/${DB}" -U "$PG_USER" -tAc \
  "SELECT count(*) FILTER (WHERE sent_at IS NULL) || ' of ' || count(*) FROM signet.outbox" 2>/dev/null || echo "?")
echo "== audit outbox rows not yet delivered to admin-api after the runs: ${backlog}"

echo "== token-service RSS (VmRSS) after both runs: ${rss} MiB"
echo
printf '%-28s %10s %9s %9s %8s\n' "Signet" "req/s" "p50 ms" "p99 ms" "errors"
read -r r p50 p99 err cpu <<<"$cc"
printf '%-28s %10s %9s %9s %8s\n' "client_credentials" "$r" "$p50" "$p99" "$err"
record "signet_cc $r $p50 $p99 $err $rss $cpu"
read -r r p50 p99 err cpu <<<"$intro"
printf '%-28s %10s %9s %9s %8s\n' "introspection" "$r" "$p50" "$p99" "$err"
record "signet_introspect $r $p50 $p99 $err $rss $cpu"
if [ -n "${SIGNET_BENCH_FLOOR:-}" ]; then
  read -r r p50 p99 err cpu <<<"$floor"
  printf '%-28s %10s %9s %9s %8s\n' "discovery (HTTP floor)" "$r" "$p50" "$p99" "$err"
  record "signet_floor $r $p50 $p99 $err $rss $cpu"
fi
echo "token-service RSS: ${rss} MiB"
