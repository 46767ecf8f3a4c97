#!/usr/bin/env bash
# Policy decisions and delegated token exchange (issue 15, "Measure"), measured with wrk.
#
#   bench/load/delegation-load.sh     # builds if needed, fresh database, 4 services, 3 wrk runs
#
# Starts packaged keyring-service, admin-api, token-service and delegation-service on 127.0.0.1
# against a database dropped and recreated each run, loads POLICIES (1000) policies through
# POST /v1/policies (one of them, with a CEL condition, decides the measured question; the rest
# target other subjects, actions and resources, so the engine matches every target), then runs
#   1. POST /internal/v1/decisions, one decision per request;
#   2. POST /internal/v1/decisions/batch, BATCH (100) decisions per request;
#   3. delegated token exchange (subject_token + actor_token + grant_id) through token-service,
#      which asks delegation-service's check and a decision on every exchange.
# Settings (env): DURATION (20s), WARMUP (5s), CONNECTIONS (32), THREADS (2), POLICIES (1000),
# BATCH (100), SIGNET_BENCH_DB (signet_bench_delegation), SIGNET_BENCH_PG, SIGNET_BENCH_JAVA_OPTS,
# ports SIGNET_BENCH_{TOKEN,KEYRING,DELEGATION,ADMIN}_PORT (18081, 18082, 18083, 18085).
# Logs: .local/bench/{keyring,admin,token,delegation}.log.
set -euo pipefail
cd "$(dirname "$0")/../.."
. bench/load/lib.sh

DURATION=${DURATION:-20s}
WARMUP=${WARMUP:-5s}
CONNECTIONS=${CONNECTIONS:-32}
THREADS=${THREADS:-2}
POLICIES=${POLICIES:-1000}
BATCH=${BATCH:-100}
PG=${SIGNET_BENCH_PG:-postgresql://127.0.0.1:5432}
DB=${SIGNET_BENCH_DB:-signet_bench_delegation}
PG_USER=${SIGNET_DB_USERNAME:-postgres}
# The production JVM settings of the k8s ConfigMap (JAVA_OPTS_APPEND), as token-load.sh uses.
JAVA_OPTS=${SIGNET_BENCH_JAVA_OPTS:--Xmx96m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:ReservedCodeCacheSize=32m -Xss512k}
export MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-2}
TOKEN_PORT=${SIGNET_BENCH_TOKEN_PORT:-18081}
KEYRING_PORT=${SIGNET_BENCH_KEYRING_PORT:-18082}
DELEGATION_PORT=${SIGNET_BENCH_DELEGATION_PORT:-18083}
ADMIN_PORT=${SIGNET_BENCH_ADMIN_PORT:-18085}
LOGS=.local/bench
TOKEN_URL="http://127.0.0.1:${TOKEN_PORT}"
ADMIN_URL="http://127.0.0.1:${ADMIN_PORT}"
DELEGATION_URL="http://127.0.0.1:${DELEGATION_PORT}"
API=urn:bench:api
mkdir -p "$LOGS"

suite_prepare keyring-service token-service admin-api delegation-service
export SIGNET_DELEGATION_URL="$DELEGATION_URL"
suite_env TOKEN KEYRING ADMIN DELEGATION
start_core
# shellcheck disable=SC2046 # internal prints two NAME=value words without spaces
start delegation-service "$DELEGATION_PORT" $(internal DELEGATION)
export CPU_WATCH="delegation-service=${pids[3]} token-service=${pids[2]} admin-api=${pids[1]}"

wait_http keyring-service "http://127.0.0.1:${KEYRING_PORT}/q/health/ready" 240
wait_http admin-api "${ADMIN_URL}/q/health/ready" 240
wait_http token-service "${TOKEN_URL}/q/health/ready" 240
wait_http delegation-service "${DELEGATION_URL}/q/health/ready" 240

# api METHOD URL BEARER [JSON]: the answer body; fails on a status >= 400.
api() {
  curl -fsS --max-time 10 -X "$1" -H "Authorization: Bearer $3" -H 'Content-Type: application/json' \
    ${4:+-d "$4"} "$2"
}

await_admin_token

echo "== accounts (admin-api), scopes, agent and grant (delegation-service)"
account() { # account ID SCOPES_JSON: prints the secret
  api POST "${ADMIN_URL}/v1/service-accounts" "$admin_token" \
    "{\"client_id\":\"$1\",\"name\":\"$1\",\"scopes\":$2,\"allowed_audiences\":[\"urn:signet:delegation\",\"${API}\"]}" |
    field client_secret
}
PRINCIPAL_SECRET=$(account bench-principal '["bench.write","bench.read"]')
AGENT_SECRET=$(account bench-agent '["bench.read"]')
api PUT "${DELEGATION_URL}/v1/scopes/bench.read" "$admin_token" '{}' >/dev/null
api PUT "${DELEGATION_URL}/v1/scopes/bench.write" "$admin_token" '{"implies":["bench.read"]}' >/dev/null
agent_id=$(api POST "${DELEGATION_URL}/v1/agents" "$admin_token" \
  '{"name":"bench-agent","owner_type":"service_account","owner":"bench-principal","client_id":"bench-agent","allowed_scopes":["bench.write"]}' |
  field id)
principal_delegation=""
for _ in $(seq 1 30); do # token-service caches accounts briefly; wait until the new one works
  principal_delegation=$(token bench-principal "$PRINCIPAL_SECRET" "" urn:signet:delegation 2>/dev/null || true)
  [ -n "$principal_delegation" ] && break
  sleep 1
done
expires=$(date -u -d '+1 day' +%Y-%m-%dT%H:%M:%SZ)
grant_id=$(api POST "${DELEGATION_URL}/v1/delegations" "$principal_delegation" \
  "{\"agent_id\":\"${agent_id}\",\"scopes\":[\"bench.read\"],\"audiences\":[\"${API}\"],\"expires_at\":\"${expires}\"}" |
  field id)
[ -n "$grant_id" ] || { echo "no grant; see ${LOGS}/delegation.log" >&2; exit 1; }

echo "== ${POLICIES} policies through POST /v1/policies"
started=$(date +%s)
for i in $(seq 1 $((POLICIES - 1))); do
  if (( i % 2 )); then effect=allow; else effect=deny; fi
  api POST "${DELEGATION_URL}/v1/policies" "$admin_token" \
    "{\"name\":\"bench-${i}\",\"effect\":\"${effect}\",\"subjects\":[\"user:team${i}-*\"],\"actions\":[\"repo:op${i}\"],\"resources\":[\"repo:org${i}/**\"],\"condition\":\"context.level > ${i} && 'g${i}' in subject.groups\"}" \
    >/dev/null
done
api POST "${DELEGATION_URL}/v1/policies" "$admin_token" \
  '{"name":"bench-decides","effect":"allow","subjects":["user:*"],"actions":["repo:read"],"resources":["repo:acme/**"],"condition":"'"'"'dev'"'"' in subject.groups && context.level >= 2"}' \
  >/dev/null
echo "   loaded in $(( $(date +%s) - started )) s"

internal_id=$SIGNET_ADMIN_INTERNAL_ACCOUNTS__TOKEN__CLIENT_ID
internal_secret=$SIGNET_ADMIN_INTERNAL_ACCOUNTS__TOKEN__CLIENT_SECRET
export BENCH_BEARER=$(token "$internal_id" "$internal_secret" signet:internal)
[ -n "$BENCH_BEARER" ] || { echo "no internal token" >&2; exit 1; }
question='{"subject":"user:alice","subject_attributes":{"groups":["dev","ops"]},"action":"repo:read","resource":"repo:acme/widgets","resource_attributes":{},"context":{"level":3}}'
answer=$(api POST "${DELEGATION_URL}/internal/v1/decisions" "$BENCH_BEARER" "$question")
echo "== the measured question is answered: ${answer}"
grep -q '"allowed":true' <<<"$answer" || { echo "the measured question is not allowed" >&2; exit 1; }

export BENCH_DECISION=$question
run_wrk "single decision (${POLICIES} policies)" bench/load/decision.lua \
  "${DELEGATION_URL}/internal/v1/decisions"
single=$WRK_RESULT

export BENCH_DECISION="{\"requests\":[$(for i in $(seq 1 "$BATCH"); do printf '%s%s' "$question" "$([ "$i" -lt "$BATCH" ] && echo ,)"; done)]}"
run_wrk "batch of ${BATCH} decisions (${POLICIES} policies)" bench/load/decision.lua \
  "${DELEGATION_URL}/internal/v1/decisions/batch"
batch=$WRK_RESULT

export BENCH_BASIC=$(b64 "bench-agent:${AGENT_SECRET}")
export BENCH_SUBJECT=$(token bench-principal "$PRINCIPAL_SECRET" "bench.write bench.read" "$API")
export BENCH_ACTOR=$(token bench-agent "$AGENT_SECRET" "" urn:signet:delegation)
export BENCH_GRANT=$grant_id
probe=$(curl -sS --max-time 10 -u "bench-agent:${AGENT_SECRET}" \
  -d grant_type=urn:ietf:params:oauth:grant-type:token-exchange \
  -d "subject_token=${BENCH_SUBJECT}" -d subject_token_type=urn:ietf:params:oauth:token-type:access_token \
  -d "actor_token=${BENCH_ACTOR}" -d actor_token_type=urn:ietf:params:oauth:token-type:access_token \
  -d "grant_id=${grant_id}" "${TOKEN_URL}/oauth2/token")
grep -q access_token <<<"$probe" || { echo "the delegated exchange fails: ${probe}" >&2; exit 1; }
run_wrk "delegated token exchange" bench/load/delegated-exchange.lua "${TOKEN_URL}/oauth2/token"
exchange=$WRK_RESULT

echo
printf '%-34s %10s %9s %9s %8s %12s\n' "Signet" "req/s" "p50 ms" "p99 ms" "errors" "CPU ms/req"
read -r r p50 p99 err cpu <<<"$single"
printf '%-34s %10s %9s %9s %8s %12s\n' "decision (single)" "$r" "$p50" "$p99" "$err" "$cpu"
record "signet_decision $r $p50 $p99 $err $cpu"
read -r r p50 p99 err cpu <<<"$batch"
printf '%-34s %10s %9s %9s %8s %12s\n' "decision batch of ${BATCH}" "$r" "$p50" "$p99" "$err" "$cpu"
echo "   = $(awk -v r="$r" -v b="$BATCH" 'BEGIN { printf "%.0f", r * b }') decisions/s," \
  "$(awk -v c="$cpu" -v b="$BATCH" 'BEGIN { printf "%.3f", c / b }') CPU ms per decision"
record "signet_decision_batch $r $p50 $p99 $err $cpu"
read -r r p50 p99 err cpu <<<"$exchange"
printf '%-34s %10s %9s %9s %8s %12s\n' "delegated exchange" "$r" "$p50" "$p99" "$err" "$cpu"
record "signet_delegated_exchange $r $p50 $p99 $err $cpu"
echo "delegation-service RSS: $(rss_mib "${pids[3]}") MiB, token-service RSS: $(rss_mib "${pids[2]}") MiB"
