#!/usr/bin/env bash
# The same client_credentials load against Keycloak 26.7.3 (the peer of token-load.sh).
#
#   bench/load/keycloak-peer.sh
#
# Fetches org.keycloak:keycloak-quarkus-dist:26.7.3:zip from Maven Central into .local/bench
# (once), unpacks it, starts `kc.sh start-dev` on 127.0.0.1 (dev-file database, reset each run)
# with Temurin 25, creates realm "bench" with a confidential client that has service accounts
# enabled (admin REST API), runs wrk against the realm's token endpoint, prints req/s, p50, p99 and
# Keycloak's RSS, and stops it.
# Settings (env): DURATION (20s), WARMUP (5s), CONNECTIONS (32), THREADS (2),
# KEYCLOAK_VERSION (26.7.3), KEYCLOAK_PORT (18180), KEYCLOAK_JAVA_HOME
# (/usr/lib/jvm/temurin-25-jdk-amd64), KEYCLOAK_EVENTS (set: the realm stores its CLIENT_LOGIN
# events, Keycloak's nearest thing to Signet's audit of every issuance; off by default, as in a
# new realm). Log: .local/bench/keycloak.log.
set -euo pipefail
cd "$(dirname "$0")/../.."
. bench/load/lib.sh

DURATION=${DURATION:-20s}
WARMUP=${WARMUP:-5s}
CONNECTIONS=${CONNECTIONS:-32}
THREADS=${THREADS:-2}
VERSION=${KEYCLOAK_VERSION:-26.7.3}
PORT=${KEYCLOAK_PORT:-18180}
KC_JAVA_HOME=${KEYCLOAK_JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
CACHE=.local/bench
KC_HOME="${CACHE}/keycloak-${VERSION}"
ZIP="${CACHE}/keycloak-quarkus-dist-${VERSION}.zip"
BASE="http://127.0.0.1:${PORT}"
mkdir -p "$CACHE"

command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install wrk)" >&2; exit 1; }
[ -x "${KC_JAVA_HOME}/bin/java" ] || { echo "no Java at ${KC_JAVA_HOME} (Keycloak needs 21+)" >&2; exit 1; }

if [ ! -f "$ZIP" ]; then
  echo "== fetching org.keycloak:keycloak-quarkus-dist:${VERSION}:zip from Maven Central"
  ./mvnw -B -q dependency:copy "-Dartifact=org.keycloak:keycloak-quarkus-dist:${VERSION}:zip" \
    "-DoutputDirectory=${CACHE}"
fi
if [ ! -x "${KC_HOME}/bin/kc.sh" ]; then
  echo "== unpacking ${ZIP}"
  rm -rf "$KC_HOME"
  unzip -q "$ZIP" -d "$CACHE"
fi
rm -rf "${KC_HOME}/data"   # dev-file database: start from nothing each run

ADMIN_PASSWORD=$(head -c 18 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n')
CLIENT_SECRET=$(head -c 24 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n')

kc_pid=""
cleanup() {
  if [ -n "$kc_pid" ]; then
    local children
    children=$(pgrep -P "$kc_pid" || true)
    kill "$kc_pid" $children 2>/dev/null || true
    wait "$kc_pid" 2>/dev/null || true
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

echo "== starting Keycloak ${VERSION} (start-dev) on 127.0.0.1:${PORT} (log ${CACHE}/keycloak.log)"
JAVA_HOME="$KC_JAVA_HOME" KC_BOOTSTRAP_ADMIN_USERNAME=admin \
  KC_BOOTSTRAP_ADMIN_PASSWORD="$ADMIN_PASSWORD" \
  "${KC_HOME}/bin/kc.sh" start-dev --http-host=127.0.0.1 --http-port="$PORT" \
  --log-level=WARN,org.keycloak.quarkus.runtime:INFO >"${CACHE}/keycloak.log" 2>&1 &
kc_pid=$!
wait_http Keycloak "${BASE}/realms/master/.well-known/openid-configuration" 300 token_endpoint

# The JVM is kc.sh itself when it execs java, else its child.
java_pid=$kc_pid
if ! readlink "/proc/${kc_pid}/exe" | grep -q java; then
  java_pid=$(pgrep -P "$kc_pid" | head -1)
fi

admin_token=$(curl -fsS --max-time 20 -d grant_type=password -d client_id=admin-cli \
  -d username=admin --data-urlencode "password=${ADMIN_PASSWORD}" \
  "${BASE}/realms/master/protocol/openid-connect/token" \
  | sed -n 's/.*"access_token" *: *"\([^"]*\)".*/\1/p')
[ -n "$admin_token" ] || { echo "no admin token from the master realm" >&2; exit 1; }
auth=(-H "Authorization: Bearer ${admin_token}" -H 'Content-Type: application/json')

realm='{"realm":"bench","enabled":true}'
if [ -n "${KEYCLOAK_EVENTS:-}" ]; then
  realm='{"realm":"bench","enabled":true,"eventsEnabled":true,
    "enabledEventTypes":["CLIENT_LOGIN","CLIENT_LOGIN_ERROR"]}'
fi
echo "== realm bench, confidential client bench-client (service accounts enabled)${KEYCLOAK_EVENTS:+, login events stored}"
curl -fsS --max-time 60 "${auth[@]}" -d "$realm" "${BASE}/admin/realms"
curl -fsS --max-time 30 "${auth[@]}" -d "{\"clientId\":\"bench-client\",\"enabled\":true,
  \"protocol\":\"openid-connect\",\"publicClient\":false,\"serviceAccountsEnabled\":true,
  \"standardFlowEnabled\":false,\"directAccessGrantsEnabled\":false,
  \"clientAuthenticatorType\":\"client-secret\",\"secret\":\"${CLIENT_SECRET}\"}" \
  "${BASE}/admin/realms/bench/clients"

TOKEN_ENDPOINT="${BASE}/realms/bench/protocol/openid-connect/token"
probe=$(curl -fsS --max-time 20 -u "bench-client:${CLIENT_SECRET}" -d grant_type=client_credentials \
  "$TOKEN_ENDPOINT")
grep -q '"access_token"' <<<"$probe" || { echo "Keycloak issued no token: $probe" >&2; exit 1; }
header=$(sed -n 's/.*"access_token" *: *"\([^".]*\)\..*/\1/p' <<<"$probe" | tr '_-' '/+')
while [ $(( ${#header} % 4 )) -ne 0 ]; do header="${header}="; done
echo "== token header: $(base64 -d <<<"$header" 2>/dev/null || echo '?')"

export BENCH_BASIC=$(printf '%s' "bench-client:${CLIENT_SECRET}" | base64 | tr -d '\n')
CPU_WATCH="keycloak=${java_pid}" run_wrk "Keycloak client_credentials" bench/load/client-credentials.lua "$TOKEN_ENDPOINT"
rss=$(rss_mib "$java_pid")
echo "== Keycloak RSS (VmRSS) after the run: ${rss} MiB"
echo
read -r r p50 p99 err cpu <<<"$WRK_RESULT"
printf '%-28s %10s %9s %9s %8s\n' "Keycloak ${VERSION}" "req/s" "p50 ms" "p99 ms" "errors"
printf '%-28s %10s %9s %9s %8s\n' "client_credentials" "$r" "$p50" "$p99" "$err"
if [ -n "${KEYCLOAK_EVENTS:-}" ]; then
  stored=$(curl -fsS --max-time 60 "${auth[@]}" \
    "${BASE}/admin/realms/bench/events?type=CLIENT_LOGIN&max=1" | grep -c '"CLIENT_LOGIN"' || true)
  echo "== CLIENT_LOGIN events stored: ${stored} (1 means the realm records them)"
fi
record "keycloak_cc $r $p50 $p99 $err $rss $cpu"
echo "Keycloak RSS: ${rss} MiB"
