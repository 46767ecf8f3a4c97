#!/usr/bin/env bash
# Certificate issuance throughput of cert-service (issue 16, "Measure"), measured with wrk:
# POST /v1/certificates/sign with an EC P-256 and an RSA 2048 CSR (the openssl fixtures of
# cert-service's tests), first with the LOCAL issuer, then with AWS_PCA against the local ACM PCA
# test server (cert-service's PcaTestServer, run on its own by PcaTestServerMain).
#
#   bench/load/cert-load.sh           # builds if needed, fresh database, 4 runs
#
# Only cert-service runs (no token-service): the script puts an RS256 verification key into
# signing_keys and signs one access token for it with openssl, so what is measured is
# verification + CSR checks + quota + signing + the certificates row and its audit outbox row.
# Revocation checks of the bearer token (one introspection per jti per 10 s) and audit delivery
# to admin-api are off; the issuance quota is raised so the run measures issuance, not 429s.
# Settings (env): DURATION (20s), WARMUP (5s), CONNECTIONS (16), THREADS (2),
# BENCH_CSRS (the CSR fixtures, in order: "p256 rsa2048"), PCA_IN_PROGRESS (0: RequestInProgress answers per certificate before the test server hands it
# out; each one costs a waiter delay, SIGNET_CERT_PCA_WAITER_DELAY, 1s by default),
# SIGNET_BENCH_DB (signet_bench_cert), SIGNET_BENCH_PG (postgresql://127.0.0.1:5432),
# SIGNET_BENCH_JAVA_OPTS (the production flags), ports SIGNET_BENCH_CERT_PORT (18084),
# SIGNET_BENCH_PCA_PORT (18090). Logs: .local/bench/{cert-local,cert-pca,pca}.log.
set -euo pipefail
cd "$(dirname "$0")/../.."
. bench/load/lib.sh

DURATION=${DURATION:-20s}
WARMUP=${WARMUP:-5s}
CONNECTIONS=${CONNECTIONS:-16}
THREADS=${THREADS:-2}
PG=${SIGNET_BENCH_PG:-postgresql://127.0.0.1:5432}
DB=${SIGNET_BENCH_DB:-signet_bench_cert}
PG_USER=${SIGNET_DB_USERNAME:-postgres}
# The production JVM settings (k8s ConfigMap JAVA_OPTS_APPEND, with the heap cap token-load.sh uses).
JAVA_OPTS=${SIGNET_BENCH_JAVA_OPTS:--Xmx96m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:ReservedCodeCacheSize=32m -Xss512k}
export MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-2}
CERT_PORT=${SIGNET_BENCH_CERT_PORT:-18084}
PCA_PORT=${SIGNET_BENCH_PCA_PORT:-18090}
PCA_IN_PROGRESS=${PCA_IN_PROGRESS:-0}
BENCH_CSRS=${BENCH_CSRS:-p256 rsa2048}
LOGS=.local/bench
CERT_URL="http://127.0.0.1:${CERT_PORT}"
mkdir -p "$LOGS"
WORK=$(mktemp -d)

command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install wrk)" >&2; exit 1; }
if [ ! -f cert-service/target/quarkus-app/quarkus-run.jar ] ||
  [ ! -f cert-service/target/test-classes/dev/signet/cert/pca/PcaTestServerMain.class ]; then
  echo "== building cert-service (jar or test classes missing)"
  ./mvnw -B -q -DskipTests -pl common,cert-service install
fi

echo "== database ${DB} (dropped and recreated)"
PGOPTIONS="-c client_min_messages=warning" psql "${PG}/postgres" -U "$PG_USER" -q -v ON_ERROR_STOP=1 \
  -c "DROP DATABASE IF EXISTS ${DB} WITH (FORCE)" -c "CREATE DATABASE ${DB}" >/dev/null

random_b64() { head -c 32 /dev/urandom | base64 | tr -d '\n'; }
b64url() { base64 -w0 | tr '+/' '-_' | tr -d '='; }

ISSUER=http://127.0.0.1:18081
export SIGNET_DB_URL="${PG}/${DB}"
export SIGNET_DB_USERNAME="$PG_USER"
export SIGNET_KEYRING_MASTER_KEYS="1=$(random_b64)"
export SIGNET_SECRETS_HMAC_KEYS="1=$(random_b64)"
export SIGNET_ISSUER="$ISSUER"
export SIGNET_AUTH_REVOCATION_CHECK=false
export SIGNET_AUDIT_DISPATCH_ENABLED=false
export SIGNET_CERT_QUOTA_PER_HOUR=1000000000
export QUARKUS_LOG_LEVEL=${QUARKUS_LOG_LEVEL:-WARN}

pids=()
cert_pid=""
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# start_cert LOG [ENV=VALUE ...]: cert-service's packaged jar in the background.
start_cert() {
  local log=$1
  shift
  env "$@" QUARKUS_HTTP_PORT="$CERT_PORT" QUARKUS_HTTP_HOST=127.0.0.1 \
    java $JAVA_OPTS -jar cert-service/target/quarkus-app/quarkus-run.jar >"${LOGS}/${log}.log" 2>&1 &
  cert_pid=$!
  pids+=("$cert_pid")
  echo "== cert-service pid ${cert_pid} on ${CERT_URL} (log ${LOGS}/${log}.log)"
  wait_http cert-service "${CERT_URL}/q/health/ready" 240
  export CPU_WATCH="cert-service=${cert_pid}"
}

stop_cert() {
  kill "$cert_pid" 2>/dev/null || true
  wait "$cert_pid" 2>/dev/null || true
}

# The bench's own RS256 key: the public half in signing_keys (what cert-service verifies with);
# the private half never leaves $WORK, so the row's sealed private part is a placeholder.
bench_key() {
  local kid=bench-$(head -c 6 /dev/urandom | xxd -p) n der
  openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$WORK/key.pem" 2>/dev/null
  n=$(openssl rsa -in "$WORK/key.pem" -noout -modulus | cut -d= -f2 | xxd -r -p | b64url)
  der=$(openssl rsa -in "$WORK/key.pem" -pubout -outform DER 2>/dev/null | xxd -p | tr -d '\n')
  psql "${PG}/${DB}" -U "$PG_USER" -q -v ON_ERROR_STOP=1 -c "INSERT INTO signet.signing_keys
    (kid, alg, key_type, key_size, state, public_jwk, public_key_der, private_key_ciphertext,
     master_key_version, activated_at) VALUES ('${kid}', 'RS256', 'RSA', 2048, 'active',
     '{\"kty\":\"RSA\",\"kid\":\"${kid}\",\"alg\":\"RS256\",\"use\":\"sig\",\"n\":\"${n}\",\"e\":\"AQAB\"}',
     '\\x${der}', '\\x00', 'bench', now())" >/dev/null
  KID=$kid
}

# mint SUBJECT: an hour-long access token for certificate:sign:client, as token-service shapes it.
mint() {
  local now header payload signature
  now=$(date +%s)
  header=$(printf '{"alg":"RS256","kid":"%s","typ":"at+jwt"}' "$KID" | b64url)
  payload=$(printf '{"iss":"%s","sub":"%s","client_id":"%s","aud":["urn:signet:cert"],"scope":"certificate:sign:client","iat":%d,"nbf":%d,"exp":%d,"jti":"%s"}' \
    "$ISSUER" "$1" "$1" "$now" "$now" $((now + 3600)) "$(cat /proc/sys/kernel/random/uuid)" | b64url)
  signature=$(printf '%s.%s' "$header" "$payload" | openssl dgst -sha256 -sign "$WORK/key.pem" -binary | b64url)
  echo "${header}.${payload}.${signature}"
}

# cases LABEL: the two CSR runs against the running cert-service; results in RESULTS.
RESULTS=()
cases() {
  local label=$1 csr svc_ms pca_ms
  # The first minute after a start is slower (C1 compiles, the SDK loads its classes): without this
  # the first CSR of each mode measured the JVM's warm-up (30-50% fewer req/s whichever came first).
  echo "== ${label}: pre-warm, ${WARMUP} with each CSR (discarded)"
  for csr in $BENCH_CSRS; do
    BENCH_CSR_FILE="cert-service/src/test/resources/csr/${csr}.csr" \
      wrk -t"$THREADS" -c"$CONNECTIONS" -d"$WARMUP" -s bench/load/cert-sign.lua \
      "${CERT_URL}/v1/certificates/sign" >/dev/null
  done
  for csr in $BENCH_CSRS; do
    export BENCH_CSR_FILE="cert-service/src/test/resources/csr/${csr}.csr"
    curl -fsS --max-time 20 -H "Authorization: Bearer ${BENCH_TOKEN}" -H 'Content-Type: application/json' \
      -d "{\"csr\":\"$(awk '{printf "%s\\n", $0}' "$BENCH_CSR_FILE")\",\"ttl_seconds\":600}" \
      "${CERT_URL}/v1/certificates/sign" >/dev/null ||
      { echo "${label} ${csr}: the first issuance failed; see ${LOGS}" >&2; exit 1; }
    run_wrk "${label} ${csr}" bench/load/cert-sign.lua "${CERT_URL}/v1/certificates/sign" >"$WORK/run.txt"
    cat "$WORK/run.txt"
    # CPU of cert-service itself (and of the PCA test server): the machine's total also counts
    # whatever else runs on it.
    svc_ms=$(sed -n 's/.*cert-service \([0-9.]*\).*/\1/p' "$WORK/run.txt")
    pca_ms=$(sed -n 's/.*pca-test-server \([0-9.]*\).*/\1/p' "$WORK/run.txt")
    RESULTS+=("${label}_${csr} ${WRK_RESULT} ${svc_ms:-?} ${pca_ms:--} $(rss_mib "$cert_pid")")
  done
}

echo "== load before the runs: $(uptime)"
start_cert cert-local
bench_key
export BENCH_TOKEN=$(mint bench-local)
cases LOCAL
stop_cert

echo "== PCA test server on 127.0.0.1:${PCA_PORT}, ${PCA_IN_PROGRESS} RequestInProgress answers per certificate"
java -Xmx256m -cp "cert-service/target/test-classes:cert-service/target/quarkus-app/lib/main/*" \
  dev.signet.cert.pca.PcaTestServerMain "$PCA_PORT" "$PCA_IN_PROGRESS" >"${LOGS}/pca.log" 2>&1 &
pids+=($!)
pca_pid=$!
for _ in $(seq 1 30); do grep -q "PCA test server on" "${LOGS}/pca.log" && break; sleep 1; done
start_cert cert-pca SIGNET_CERT_ISSUER=AWS_PCA \
  SIGNET_CERT_PCA_CLIENT_CA_ARN=arn:aws:acm-pca:eu-west-1:111122223333:certificate-authority/bench-client \
  SIGNET_CERT_PCA_SERVER_CA_ARN=arn:aws:acm-pca:eu-west-1:111122223333:certificate-authority/bench-server \
  SIGNET_CERT_PCA_TEMPLATE_ARN=arn:aws:acm-pca:::template/EndEntityClientAuthCertificate_APIPassthrough/V1 \
  SIGNET_CERT_PCA_REGION=eu-west-1 SIGNET_CERT_PCA_ENDPOINT="http://127.0.0.1:${PCA_PORT}" \
  AWS_ACCESS_KEY_ID=AKIDBENCH AWS_SECRET_ACCESS_KEY=bench-only
export CPU_WATCH="cert-service=${cert_pid} pca-test-server=${pca_pid}"
export BENCH_TOKEN=$(mint bench-pca)
cases AWS_PCA
stop_cert
echo "== load after the runs: $(uptime)"

echo
echo "CPU ms per certificate: of cert-service, of the PCA test server, of the whole machine"
printf '%-18s %8s %8s %8s %7s %8s %8s %8s %8s\n' "cert-service" "req/s" "p50 ms" "p99 ms" \
  "errors" "svc CPU" "PCA CPU" "machine" "RSS MiB"
for line in "${RESULTS[@]}"; do
  read -r label r p50 p99 err cpu svc pca rss <<<"$line"
  printf '%-18s %8s %8s %8s %7s %8s %8s %8s %8s\n' "$label" "$r" "$p50" "$p99" "$err" "$svc" "$pca" "$cpu" "$rss"
  record "cert_${label} $r $p50 $p99 $err $rss $cpu"
done
