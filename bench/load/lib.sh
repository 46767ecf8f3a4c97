# Shared helpers for bench/load/*.sh (sourced, not run).

# wait_http NAME URL SECONDS [GREP]: polls URL once a second until it answers 2xx (and, when given,
# its body matches GREP); fails after SECONDS tries.
wait_http() {
  local name=$1 url=$2 tries=$3 pattern=${4:-}
  for _ in $(seq 1 "$tries"); do
    if body=$(curl -fsS --max-time 3 "$url" 2>/dev/null); then
      if [ -z "$pattern" ] || grep -q "$pattern" <<<"$body"; then return 0; fi
    fi
    sleep 1
  done
  echo "$name did not become ready at $url within ${tries}s" >&2
  return 1
}

# rss_mib PID: resident set size of the process from /proc/PID/status (VmRSS), in MiB.
rss_mib() {
  awk '/^VmRSS:/ {printf "%.0f", $2 / 1024}' "/proc/$1/status" 2>/dev/null || echo "?"
}

# cpu_ticks PID...: clock ticks (user + system) the processes have used so far, summed.
cpu_ticks() {
  local p
  for p in "$@"; do cat "/proc/$p/stat" 2>/dev/null; done |
    awk '{ sub(/^.*\) /, ""); t += $12 + $13 } END { print t + 0 }'
}

# busy_ticks: clock ticks all CPUs of the machine spent not idle so far (/proc/stat).
busy_ticks() {
  awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 + $9 }' /proc/stat
}

# cpu_snapshot: "busy postgres name=ticks..." for the processes in CPU_WATCH ("name=PID ...").
cpu_snapshot() {
  local entry line
  line="$(busy_ticks) $(cpu_ticks $(pgrep -x postgres))"
  for entry in ${CPU_WATCH:-}; do line="$line ${entry%%=*}=$(cpu_ticks "${entry#*=}")"; done
  echo "$line"
}

# cpu_report BEFORE AFTER REQUESTS SECONDS: CPU milliseconds per request of each watched process, of
# PostgreSQL (every backend), of the rest (wrk, the kernel) and how busy the machine was; the last
# line is "CPU_TOTAL <ms>", the whole machine's busy time per request.
cpu_report() {
  local hz
  hz=$(getconf CLK_TCK)
  awk -v hz="$hz" -v n="$3" -v secs="$4" -v cores="$(nproc)" -v before="$1" -v after="$2" 'BEGIN {
      nb = split(before, b, " "); split(after, a, " ")
      if (n == 0) { print "CPU ms per request: no request completed"; print "CPU_TOTAL 0"; exit }
      busy = a[1] - b[1]; pg = a[2] - b[2]; rest = busy - pg
      line = sprintf("postgres %.2f", pg * 1000 / hz / n)
      for (i = 3; i <= nb; i++) {
        split(b[i], kb, "="); split(a[i], ka, "=")
        d = ka[2] - kb[2]; rest -= d
        line = line sprintf(", %s %.2f", kb[1], d * 1000 / hz / n)
      }
      printf "CPU ms per request: %s, other (wrk, kernel) %.2f; machine %.0f%% busy\n",
        line, rest * 1000 / hz / n, busy * 100 / hz / secs / cores
      printf "CPU_TOTAL %.2f\n", busy * 1000 / hz / n }'
}

# run_wrk LABEL SCRIPT URL: warm-up (WARMUP, output discarded), then the measured run (DURATION)
# with --latency; prints wrk's report and where the machine's CPU time went (processes named in
# CPU_WATCH, "name=PID ..."), and leaves "rps p50 p99 non2xx cpu_ms_per_request" in WRK_RESULT.
run_wrk() {
  local label=$1 script=$2 url=$3 out before started cpu
  echo "== ${label}: warm-up ${WARMUP}, then ${DURATION} at ${CONNECTIONS} connections, ${THREADS} threads"
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"$WARMUP" -s "$script" "$url" >/dev/null
  before=$(cpu_snapshot)
  started=$(date +%s%N)
  out=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -s "$script" "$url")
  echo "$out"
  WRK_RESULT=$(awk '/^RESULT/ {
      for (i = 2; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
      print v["rps"], v["p50_ms"], v["p99_ms"], v["non2xx"] + v["socket_errors"] }' <<<"$out")
  cpu=$(cpu_report "$before" "$(cpu_snapshot)" \
    "$(awk '/^RESULT/ { sub(/.*requests=/, ""); print $1 + 0 }' <<<"$out")" \
    "$(awk -v s="$started" -v e="$(date +%s%N)" 'BEGIN { print (e - s) / 1e9 }')")
  grep -v '^CPU_TOTAL' <<<"$cpu"
  WRK_RESULT="$WRK_RESULT $(awk '/^CPU_TOTAL/ { print $2 }' <<<"$cpu")"
  if [ "$(awk '{print $4}' <<<"$WRK_RESULT")" != "0" ]; then
    echo "WARNING: ${label}: some answers were not 2xx or failed at socket level (see above)" >&2
  fi
}

# record LINE: appends a result line to BENCH_RESULT_FILE when compare.sh set it.
record() {
  if [ -n "${BENCH_RESULT_FILE:-}" ]; then echo "$*" >>"$BENCH_RESULT_FILE"; fi
}

# ---- The suite's start-up, shared by token-load.sh and delegation-load.sh -------------------
# They set PG, DB, PG_USER, LOGS, JAVA_OPTS (and optionally TOKEN_JAVA_OPTS), TOKEN_URL,
# ADMIN_URL and KEYRING_PORT, then call these in order.

random_b64() { head -c 32 /dev/urandom | base64 | tr -d '\n'; }
random_secret() { head -c 24 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n'; }
b64() { printf '%s' "$1" | base64 | tr -d '\n'; }
field() { sed -n "s/.*\"$1\" *: *\"\([^\"]*\)\".*/\1/p"; }

# suite_prepare MODULE...: wrk must be installed; packages the modules when a jar is missing;
# drops and recreates the bench database.
suite_prepare() {
  local m
  command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install wrk)" >&2; exit 1; }
  for m in "$@"; do
    if [ ! -f "$m/target/quarkus-app/quarkus-run.jar" ]; then
      echo "== building (jars missing)"
      ./mvnw -B -q -DskipTests -pl "common,$(IFS=,; echo "$*")" package
      break
    fi
  done
  echo "== database ${DB} (dropped and recreated)"
  PGOPTIONS="-c client_min_messages=warning" psql "${PG}/postgres" -U "$PG_USER" -q -v ON_ERROR_STOP=1 \
    -c "DROP DATABASE IF EXISTS ${DB} WITH (FORCE)" -c "CREATE DATABASE ${DB}" >/dev/null
}

# suite_env SERVICE...: the environment every service reads (fresh keys, the issuer, audit and
# usage delivery to admin-api, rate limits off so a load test measures the path), one internal
# account per SERVICE (TOKEN, KEYRING, ADMIN, DELEGATION: admin-api seeds them and records each
# event's service from the account that delivered it) and the bootstrap admin's credentials.
suite_env() {
  local svc
  export SIGNET_DB_URL="${PG}/${DB}"
  export SIGNET_DB_USERNAME="$PG_USER"
  export SIGNET_KEYRING_MASTER_KEYS="1=$(random_b64)"
  export SIGNET_SECRETS_HMAC_KEYS="1=$(random_b64)"
  export SIGNET_ISSUER="$TOKEN_URL"
  export SIGNET_AUDIT_ADMIN_URL="$ADMIN_URL"
  export SIGNET_USAGE_ADMIN_URL="$ADMIN_URL"
  export SIGNET_INTERNAL_TOKEN_URL="${TOKEN_URL}/oauth2/token"
  for svc in "$@"; do
    export "SIGNET_ADMIN_INTERNAL_ACCOUNTS__${svc}__CLIENT_ID=bench-internal-${svc,,}"
    export "SIGNET_ADMIN_INTERNAL_ACCOUNTS__${svc}__CLIENT_SECRET=$(random_secret)"
  done
  export SIGNET_TOKEN_JWKS_URI="http://127.0.0.1:${KEYRING_PORT}/.well-known/jwks.json"
  export SIGNET_TOKEN_RATE_LIMIT_ENABLED=false
  export QUARKUS_LOG_LEVEL=${QUARKUS_LOG_LEVEL:-WARN}
  BOOTSTRAP_ID=bench-bootstrap
  BOOTSTRAP_SECRET=$(random_secret)
  pids=()
  trap suite_stop EXIT
  trap 'exit 130' INT TERM
}

# internal SERVICE: "SIGNET_INTERNAL_CLIENT_ID=... SIGNET_INTERNAL_CLIENT_SECRET=..." for start.
internal() {
  local svc=$1 id secret
  id="SIGNET_ADMIN_INTERNAL_ACCOUNTS__${svc}__CLIENT_ID"
  secret="SIGNET_ADMIN_INTERNAL_ACCOUNTS__${svc}__CLIENT_SECRET"
  echo "SIGNET_INTERNAL_CLIENT_ID=${!id} SIGNET_INTERNAL_CLIENT_SECRET=${!secret}"
}

suite_stop() {
  local p
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
}

# start NAME PORT [ENV=VALUE ...]: runs the module's packaged jar in the background (token-service
# with TOKEN_JAVA_OPTS when set, the others with JAVA_OPTS); its pid is appended to pids.
start() {
  local name=$1 port=$2 opts=$JAVA_OPTS
  shift 2
  if [ "$name" = token-service ] && [ -n "${TOKEN_JAVA_OPTS:-}" ]; then
    opts=$TOKEN_JAVA_OPTS
  fi
  env "$@" QUARKUS_HTTP_PORT="$port" QUARKUS_HTTP_HOST=127.0.0.1 \
    java $opts -jar "${name}/target/quarkus-app/quarkus-run.jar" >"${LOGS}/${name%-*}.log" 2>&1 &
  pids+=($!)
  echo "== ${name} pid $! on 127.0.0.1:${port} (log ${LOGS}/${name%-*}.log)"
}

# start_core: keyring-service, admin-api (bootstrap admin, log mailer allowed) and token-service.
start_core() {
  # shellcheck disable=SC2046 # internal prints two NAME=value words without spaces
  start keyring-service "$KEYRING_PORT" $(internal KEYRING)
  # shellcheck disable=SC2046
  start admin-api "${ADMIN_URL##*:}" SIGNET_BOOTSTRAP_CLIENT_ID="$BOOTSTRAP_ID" \
    SIGNET_BOOTSTRAP_CLIENT_SECRET="$BOOTSTRAP_SECRET" SIGNET_ADMIN_TOKEN_SERVICE_URL="$TOKEN_URL" \
    SIGNET_EMAIL_ALLOW_LOG_IN_PRODUCTION=true $(internal ADMIN)
  # shellcheck disable=SC2046
  start token-service "${TOKEN_URL##*:}" $(internal TOKEN)
}

# token CLIENT_ID SECRET [SCOPE] [AUDIENCE]: prints an access token (client_secret_basic), or fails.
token() {
  curl -fsS --max-time 10 -u "$1:$2" -d grant_type=client_credentials ${3:+-d "scope=$3"} \
    ${4:+-d "audience=$4"} "${TOKEN_URL}/oauth2/token" | field access_token
}

# await_admin_token: waits (120 s) until the bootstrap admin gets a token, which needs keyring to
# have activated a key; leaves it in admin_token, or fails with the last answer.
await_admin_token() {
  echo "== waiting until token-service issues a token (keyring must have activated a key)"
  admin_token=""
  for _ in $(seq 1 120); do
    admin_token=$(token "$BOOTSTRAP_ID" "$BOOTSTRAP_SECRET" 2>/dev/null || true)
    [ -n "$admin_token" ] && return 0
    sleep 1
  done
  echo "token-service issued no token within 120 s; last answer:" >&2
  curl -sS --max-time 10 -u "${BOOTSTRAP_ID}:${BOOTSTRAP_SECRET}" \
    -d grant_type=client_credentials "${TOKEN_URL}/oauth2/token" >&2 || true
  echo "see ${LOGS}/token.log, ${LOGS}/keyring.log and ${LOGS}/admin.log" >&2
  exit 1
}
