#!/usr/bin/env bash
# JWKS throughput of a packaged keyring-service, measured with wrk.
#
#   ./mvnw -B -q -pl common,keyring-service package -DskipTests
#   bench/jwks-load.sh                       # 200 and 304 runs, 15 s each
#
# Settings (env): SIGNET_BENCH_DB_URL (default postgresql://127.0.0.1:5432/signet_bench, created if
# missing), SIGNET_BENCH_PORT (18082), DURATION (15s), CONNECTIONS (32), THREADS (2).
set -euo pipefail
cd "$(dirname "$0")/.."

DB_URL=${SIGNET_BENCH_DB_URL:-postgresql://127.0.0.1:5432/signet_bench}
PORT=${SIGNET_BENCH_PORT:-18082}
DURATION=${DURATION:-15s}
CONNECTIONS=${CONNECTIONS:-32}
THREADS=${THREADS:-2}
JAR=keyring-service/target/quarkus-app/quarkus-run.jar
URL="http://127.0.0.1:${PORT}/.well-known/jwks.json"

[ -f "$JAR" ] || { echo "build first: ./mvnw -B -q -pl common,keyring-service package -DskipTests" >&2; exit 1; }
command -v wrk >/dev/null || { echo "wrk is not installed" >&2; exit 1; }

db_name=${DB_URL##*/}
server=${DB_URL%/*}
psql "${server}/postgres" -U "${SIGNET_DB_USERNAME:-postgres}" -tAc \
  "SELECT 1 FROM pg_database WHERE datname = '${db_name}'" | grep -q 1 \
  || psql "${server}/postgres" -U "${SIGNET_DB_USERNAME:-postgres}" -c "CREATE DATABASE ${db_name}" >/dev/null

random_key() { head -c 32 /dev/urandom | base64; }
SIGNET_DB_URL="$DB_URL" \
SIGNET_KEYRING_MASTER_KEYS="1=$(random_key)" \
SIGNET_SECRETS_HMAC_KEYS="1=$(random_key)" \
QUARKUS_HTTP_PORT="$PORT" \
QUARKUS_LOG_LEVEL=WARN \
  java -Xmx256m -jar "$JAR" >/tmp/signet-bench-keyring.log 2>&1 &
app=$!
trap 'kill $app 2>/dev/null; wait $app 2>/dev/null || true' EXIT

for _ in $(seq 1 120); do
  if curl -fs "$URL" 2>/dev/null | grep -q '"kid"'; then break; fi
  sleep 1
done
curl -fs "$URL" | grep -q '"kid"' || { echo "keyring-service did not publish a key; see /tmp/signet-bench-keyring.log" >&2; exit 1; }
etag=$(curl -fs -D - -o /dev/null "$URL" | tr -d '\r' | awk -F': ' 'tolower($1)=="etag"{print $2}')

echo "== JWKS 200 (full body), ${THREADS} threads, ${CONNECTIONS} connections, ${DURATION}"
wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency "$URL"
echo "== JWKS 304 (If-None-Match: ${etag})"
wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -H "If-None-Match: ${etag}" "$URL"
echo "== keyring-service RSS: $(ps -o rss= -p $app | awk '{printf "%.0f MiB", $1/1024}')"
