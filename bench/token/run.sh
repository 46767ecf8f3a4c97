#!/usr/bin/env bash
# Load test of token-service (client_credentials and introspection) and, for comparison, Keycloak
# on the same machine in the same run. Prints req/s, p50/p99 at 32 connections and token-service RSS.
#
#   bench/token/run.sh            # signet, then keycloak
#   bench/token/run.sh signet     # only token-service
#   bench/token/run.sh keycloak   # only keycloak
#
# Env: DURATION (30s), CONNECTIONS (32), THREADS (2), SIGNET_BENCH_PG (postgresql://127.0.0.1:5432),
#      SKIP_BUILD=1 to reuse token-service/target/quarkus-app.
# token-service is started from its jar with the prod profile against a fresh database on the local
# PostgreSQL (deploy/run-local.sh starts the full suite; this script needs only the token service
# and seeds the active key itself through the common key code, as keyring-service would).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
what=${1:-all}
DURATION=${DURATION:-30s}
CONNECTIONS=${CONNECTIONS:-32}
THREADS=${THREADS:-2}
PG=${SIGNET_BENCH_PG:-postgresql://127.0.0.1:5432}
PGUSER=${PGUSER:-postgres}
work=${BENCH_WORK:-/tmp/signet-bench}
mkdir -p "$work"

command -v wrk >/dev/null || { echo "wrk missing: apt-get install wrk" >&2; exit 1; }

wait_for() { # url
  for _ in $(seq 1 240); do
    if curl -fs -o /dev/null "$1"; then return 0; fi
    sleep 0.5
  done
  echo "timed out waiting for $1" >&2
  return 1
}

rss_mib() { awk '/VmRSS/ {printf "%.0f", $2/1024}' "/proc/$1/status"; }

load() { # label script url
  echo "== $1 ($CONNECTIONS connections, $THREADS threads, $DURATION)"
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -s "$2" "$3" | tee "$work/$1.txt" | grep RESULT
}

basic() { printf '%s' "$1:$2" | base64 -w0; }

bench_signet() {
  local port=18081 db=signet_bench_$$
  local hmac="1=$(head -c 32 /dev/urandom | base64 -w0)"
  local master="1=$(head -c 32 /dev/urandom | base64 -w0)"
  local id=bench-client secret
  secret=$(head -c 32 /dev/urandom | base64 -w0 | tr '+/' '-_' | tr -d '=')
  if [[ -z "${SKIP_BUILD:-}" ]]; then
    (cd "$root" && ./mvnw -B -q -pl common,token-service package -DskipTests)
  fi
  psql "$PG/postgres" -U "$PGUSER" -qc "CREATE DATABASE $db"
  trap "kill \$signet_pid 2>/dev/null || true; wait \$signet_pid 2>/dev/null || true; psql '$PG/postgres' -U '$PGUSER' -qc 'DROP DATABASE IF EXISTS $db WITH (FORCE)' || true" EXIT
  SIGNET_DB_URL="$PG/$db" SIGNET_DB_USERNAME="$PGUSER" SIGNET_SECRETS_HMAC_KEYS="$hmac" \
    SIGNET_KEYRING_MASTER_KEYS="$master" SIGNET_TOKEN_PORT=$port \
    SIGNET_TOKEN_RATE_LIMIT_ENABLED=false SIGNET_AUDIT_DISPATCH_ENABLED=false \
    java ${JAVA_OPTS:-} -jar "$root/token-service/target/quarkus-app/quarkus-run.jar" \
    >"$work/token-service.log" 2>&1 &
  signet_pid=$!
  wait_for "http://127.0.0.1:$port/q/health/ready"
  java -cp "$root/token-service/target/quarkus-app/lib/main/*" "$here/Seed.java" \
    "jdbc:${PG}/$db?currentSchema=signet" "$PGUSER" "" "$master" "$hmac" "$id" "$secret"
  local url="http://127.0.0.1:$port"
  # warm-up (JIT, caches), not reported
  CLIENT_ID=$id CLIENT_SECRET=$secret wrk -t"$THREADS" -c"$CONNECTIONS" -d10s \
    -s "$here/client_credentials.lua" "$url" >/dev/null
  CLIENT_ID=$id CLIENT_SECRET=$secret load signet-client-credentials "$here/client_credentials.lua" "$url"
  echo "token-service RSS after client_credentials: $(rss_mib $signet_pid) MiB"
  local token
  token=$(curl -fsS -u "$id:$secret" -d grant_type=client_credentials "$url/oauth2/token" | jq -r .access_token)
  CLIENT_ID=$id CLIENT_SECRET=$secret ACCESS_TOKEN=$token load signet-introspect "$here/introspect.lua" "$url"
  echo "token-service RSS after introspection: $(rss_mib $signet_pid) MiB"
  kill $signet_pid; wait $signet_pid 2>/dev/null || true
  psql "$PG/postgres" -U "$PGUSER" -qc "DROP DATABASE IF EXISTS $db WITH (FORCE)"
  trap - EXIT
}

bench_keycloak() {
  "$here/keycloak.sh" "$work"
}

case "$what" in
  signet) bench_signet ;;
  keycloak) bench_keycloak ;;
  all) bench_signet; bench_keycloak ;;
  *) echo "usage: $0 [signet|keycloak|all]" >&2; exit 2 ;;
esac
