#!/usr/bin/env bash
# Peer measurement: Keycloak's server distribution (org.keycloak:keycloak-quarkus-dist 26.7.3 from
# Maven Central, Java 21+; Temurin 25 here) on loopback with a realm and a confidential client,
# under the same wrk load as token-service. Called by run.sh; usable alone: keycloak.sh [workdir]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
work=${1:-/tmp/signet-bench}
KC_VERSION=${KC_VERSION:-26.7.3}
KC_JAVA_HOME=${KC_JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
DURATION=${DURATION:-30s}
CONNECTIONS=${CONNECTIONS:-32}
THREADS=${THREADS:-2}
port=18180
mkdir -p "$work"
zip="$work/keycloak-quarkus-dist-$KC_VERSION.zip"
if [[ ! -f "$zip" ]]; then
  curl -fSL -o "$zip.part" \
    "https://repo1.maven.org/maven2/org/keycloak/keycloak-quarkus-dist/$KC_VERSION/keycloak-quarkus-dist-$KC_VERSION.zip"
  mv "$zip.part" "$zip"
fi
kc="$work/keycloak-$KC_VERSION"
[[ -d "$kc" ]] || unzip -q -o "$zip" -d "$work"
rm -rf "$kc/data"

export JAVA_HOME="$KC_JAVA_HOME" PATH="$KC_JAVA_HOME/bin:$PATH"
KC_BOOTSTRAP_ADMIN_USERNAME=admin KC_BOOTSTRAP_ADMIN_PASSWORD=admin \
  "$kc/bin/kc.sh" start-dev --http-host=127.0.0.1 --http-port=$port --health-enabled=true \
  >"$work/keycloak.log" 2>&1 &
kc_pid=$!
trap 'kill $kc_pid 2>/dev/null || true; wait $kc_pid 2>/dev/null || true' EXIT
for _ in $(seq 1 360); do
  curl -fs -o /dev/null "http://127.0.0.1:$port/realms/master" && break
  sleep 0.5
done

secret=$(head -c 24 /dev/urandom | base64 -w0 | tr '+/' '-_' | tr -d '=')
"$kc/bin/kcadm.sh" config credentials --server "http://127.0.0.1:$port" --realm master \
  --user admin --password admin --config "$work/kcadm.config" >/dev/null
"$kc/bin/kcadm.sh" create realms -s realm=bench -s enabled=true --config "$work/kcadm.config"
"$kc/bin/kcadm.sh" create clients -r bench --config "$work/kcadm.config" \
  -s clientId=bench-client -s enabled=true -s publicClient=false -s secret="$secret" \
  -s serviceAccountsEnabled=true -s standardFlowEnabled=false -s directAccessGrantsEnabled=false

url="http://127.0.0.1:$port"
tpath=/realms/bench/protocol/openid-connect/token
CLIENT_ID=bench-client CLIENT_SECRET=$secret TOKEN_PATH=$tpath wrk -t"$THREADS" -c"$CONNECTIONS" \
  -d10s -s "$here/client_credentials.lua" "$url" >/dev/null
echo "== keycloak-client-credentials ($CONNECTIONS connections, $THREADS threads, $DURATION)"
CLIENT_ID=bench-client CLIENT_SECRET=$secret TOKEN_PATH=$tpath wrk -t"$THREADS" -c"$CONNECTIONS" \
  -d"$DURATION" --latency -s "$here/client_credentials.lua" "$url" | tee "$work/keycloak-cc.txt" | grep RESULT
jpid=$kc_pid # kc.sh execs the JVM
echo "keycloak RSS: $(awk '/VmRSS/ {printf "%.0f", $2/1024}' /proc/$jpid/status) MiB"
token=$(curl -fsS -u "bench-client:$secret" -d grant_type=client_credentials "$url$tpath" | jq -r .access_token)
echo "== keycloak-introspect ($CONNECTIONS connections, $THREADS threads, $DURATION)"
CLIENT_ID=bench-client CLIENT_SECRET=$secret ACCESS_TOKEN=$token INTROSPECT_PATH=$tpath/introspect \
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -s "$here/introspect.lua" "$url" \
  | tee "$work/keycloak-introspect.txt" | grep RESULT
