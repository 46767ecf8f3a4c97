#!/usr/bin/env bash
# Runs the whole Signet suite on this machine: builds when needed, finds or starts PostgreSQL,
# starts the five services in the prod profile, waits until all are ready, prints their URLs,
# and stops everything on Ctrl-C. State (secrets, logs, embedded database) lives in .local/.
#
# Settings (all optional):
#   SIGNET_DB_URL / SIGNET_DB_USERNAME / SIGNET_DB_PASSWORD   use this PostgreSQL (postgresql://host:port/db)
#   SIGNET_LOCAL_PG=embedded        skip the server on 127.0.0.1:5432 and use the embedded one
#   SIGNET_EMBEDDED_PG_PORT         port of the embedded PostgreSQL (default 54329)
#   SIGNET_READY_TIMEOUT            seconds to wait for all services to be ready (default 300)
#   SIGNET_SKIP_BUILD=1             never build, use the jars as they are
#   SIGNET_PROD_JVM=0               plain JVMs instead of the heap and JIT settings of k8s/ (default 1)
#   SIGNET_TOKEN_PORT ... SIGNET_ADMIN_PORT   service ports (default 8081..8085)
#   any other SIGNET_... / QUARKUS_... variable is passed through to every service.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
LOCAL="$ROOT/.local"
LOGS="$LOCAL/logs"
ENV_FILE="$LOCAL/signet.env"
BUILD_STAMP="$LOCAL/build.stamp"
SERVICES=(token-service keyring-service delegation-service cert-service admin-api)
# Each service reads its port from SIGNET_<NAME>_PORT (exported below), default 8081..8085.
export SIGNET_TOKEN_PORT="${SIGNET_TOKEN_PORT:-8081}" SIGNET_KEYRING_PORT="${SIGNET_KEYRING_PORT:-8082}"
export SIGNET_DELEGATION_PORT="${SIGNET_DELEGATION_PORT:-8083}" SIGNET_CERT_PORT="${SIGNET_CERT_PORT:-8084}"
export SIGNET_ADMIN_PORT="${SIGNET_ADMIN_PORT:-8085}"
declare -A PORTS=([token-service]=$SIGNET_TOKEN_PORT [keyring-service]=$SIGNET_KEYRING_PORT
  [delegation-service]=$SIGNET_DELEGATION_PORT [cert-service]=$SIGNET_CERT_PORT [admin-api]=$SIGNET_ADMIN_PORT)
READY_TIMEOUT="${SIGNET_READY_TIMEOUT:-300}"
EMBEDDED_PG_PORT="${SIGNET_EMBEDDED_PG_PORT:-54329}"

declare -A PIDS=()
# The name admin-api knows each service under (signet.admin.internal-accounts."<name>").
declare -A INTERNAL_NAME=([token-service]=token [keyring-service]=keyring
  [delegation-service]=delegation [cert-service]=cert [admin-api]=admin)
INTERNAL_NAMES=(token keyring delegation cert admin)
PG_PID=""
STOPPING=0

log() { printf '[run-local] %s\n' "$*"; }
fail() {
  printf '[run-local] ERROR: %s\n' "$*" >&2
  exit 1
}

# ---------------------------------------------------------------------------------------------
# Prerequisites and build
# ---------------------------------------------------------------------------------------------
check_java() {
  command -v java >/dev/null 2>&1 || fail "java not found: install a JDK 17 or newer"
  local version
  version="$(java -version 2>&1 | awk -F'"' '/version/ {print $2; exit}')"
  local major="${version%%.*}"
  [[ "$major" == "1" ]] && major="$(echo "$version" | cut -d. -f2)"
  [[ "$major" =~ ^[0-9]+$ && "$major" -ge 17 ]] || fail "Java 17 or newer needed, found $version"
}

# A build is needed when a jar we run is missing, or a source or POM is newer than the last
# build of this script (.local/build.stamp) or, before the first one, than the jar itself.
needs_build() {
  local artifacts=("$ROOT/deploy/target/classes/dev/signet/deploy/LocalPostgres.class")
  for svc in "${SERVICES[@]}"; do
    artifacts+=("$ROOT/$svc/target/quarkus-app/quarkus-run.jar")
  done
  [[ -d "$ROOT/deploy/target/lib" ]] || return 0
  local artifact reference
  for artifact in "${artifacts[@]}"; do
    [[ -f "$artifact" ]] || return 0
    reference="$artifact"
    [[ -f "$BUILD_STAMP" ]] && reference="$BUILD_STAMP"
    if [[ -n "$(find "$ROOT/pom.xml" "$ROOT"/*/pom.xml "$ROOT"/*/src/main -newer "$reference" \
      -type f -print -quit 2>/dev/null)" ]]; then
      return 0
    fi
  done
  return 1
}

build() {
  if [[ "${SIGNET_SKIP_BUILD:-}" == "1" ]]; then
    return
  fi
  if needs_build; then
    log "building (./mvnw -B -q -DskipTests package) ..."
    touch "$BUILD_STAMP.next"
    (cd "$ROOT" && ./mvnw -B -q -DskipTests package) || fail "build failed (see the Maven output above)"
    # Sources changed while building stay newer than the stamp, so the next start builds again.
    mv "$BUILD_STAMP.next" "$BUILD_STAMP"
  else
    log "build is up to date"
  fi
}

# ---------------------------------------------------------------------------------------------
# PostgreSQL: SIGNET_DB_URL, else 127.0.0.1:5432, else embedded
# ---------------------------------------------------------------------------------------------
port_answers() { (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; }

deploy_java() {
  java -cp "$ROOT/deploy/target/classes:$ROOT/deploy/target/lib/*" dev.signet.deploy.LocalPostgres "$@"
}

start_embedded_postgres() {
  local data="$LOCAL/pgdata" work="$LOCAL/pg-work" pglog="$LOGS/postgres.log"
  port_answers 127.0.0.1 "$EMBEDDED_PG_PORT" &&
    fail "port $EMBEDDED_PG_PORT is in use; set SIGNET_EMBEDDED_PG_PORT to a free port"
  mkdir -p "$data" "$work"
  local -a launch=(java -Djava.io.tmpdir="$work" -cp "$ROOT/deploy/target/classes:$ROOT/deploy/target/lib/*"
    dev.signet.deploy.LocalPostgres serve "$data" "$work" "$EMBEDDED_PG_PORT" signet)
  if [[ "$(id -u)" == "0" ]]; then
    # PostgreSQL refuses to run as root: run the embedded server as the unprivileged 'nobody'.
    command -v setpriv >/dev/null 2>&1 || fail "running as root needs setpriv (util-linux) for the embedded PostgreSQL"
    chown -R 65534:65534 "$data" "$work"
    chmod 700 "$data"
    launch=(setpriv --reuid=65534 --regid=65534 --clear-groups "${launch[@]}")
  fi
  log "starting embedded PostgreSQL on 127.0.0.1:$EMBEDDED_PG_PORT (data in .local/pgdata)"
  "${launch[@]}" >"$pglog" 2>&1 &
  PG_PID=$!
  local waited=0
  until grep -q '^READY ' "$pglog" 2>/dev/null; do
    kill -0 "$PG_PID" 2>/dev/null || { PG_PID=""; tail -n 30 "$pglog" >&2; fail "embedded PostgreSQL did not start; log: $pglog"; }
    ((waited++ >= 120)) && fail "embedded PostgreSQL not ready after 120 s; log: $pglog"
    sleep 1
  done
  export SIGNET_DB_URL="postgresql://127.0.0.1:$EMBEDDED_PG_PORT/signet"
  export SIGNET_DB_USERNAME="postgres"
  export SIGNET_DB_PASSWORD=""
}

choose_database() {
  if [[ -n "${SIGNET_DB_URL:-}" ]]; then
    log "using PostgreSQL from SIGNET_DB_URL ($SIGNET_DB_URL)"
    return
  fi
  if [[ "${SIGNET_LOCAL_PG:-}" != "embedded" ]] && port_answers 127.0.0.1 5432; then
    local explicit="${SIGNET_DB_USERNAME:+yes}${SIGNET_DB_PASSWORD:+yes}"
    local user="${SIGNET_DB_USERNAME:-postgres}" password="${SIGNET_DB_PASSWORD:-}"
    if deploy_java ensure-database 127.0.0.1 5432 "$user" "$password" signet >"$LOGS/db-setup.log" 2>&1; then
      export SIGNET_DB_URL="postgresql://127.0.0.1:5432/signet" SIGNET_DB_USERNAME="$user"
      export SIGNET_DB_PASSWORD="$password"
      log "using PostgreSQL on 127.0.0.1:5432, database signet"
      return
    fi
    # A stock server asks for a password over TCP: unless credentials were given, run our own.
    [[ -n "$explicit" ]] &&
      fail "could not use database 'signet' on 127.0.0.1:5432 as $user: $(tail -n 1 "$LOGS/db-setup.log")"
    log "PostgreSQL on 127.0.0.1:5432 does not let $user in without a password ($(tail -n 1 "$LOGS/db-setup.log" | cut -c1-120));"
    log "set SIGNET_DB_USERNAME/SIGNET_DB_PASSWORD to use it. Using an embedded PostgreSQL instead."
  fi
  start_embedded_postgres
}

# ---------------------------------------------------------------------------------------------
# LOCAL SETTINGS: everything the services need to start in the prod profile. Generated values
# are kept in .local/signet.env (mode 600) so restarts keep the same keys; a variable already
# set in the environment always wins. Add new settings here.
# ---------------------------------------------------------------------------------------------
random_b64() { head -c "$1" /dev/urandom | base64 | tr -d '\n'; }
random_token() { head -c "$1" /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n'; }

# setting NAME VALUE: environment value, else the one kept in signet.env, else VALUE (kept).
setting() {
  local name="$1" value="$2" kept
  if [[ -n "${!name:-}" ]]; then
    export "$name"
    return
  fi
  kept="$(grep -m1 "^$name=" "$ENV_FILE" | cut -d= -f2- || true)"
  if [[ -z "$kept" ]]; then
    kept="$value"
    printf '%s=%s\n' "$name" "$kept" >>"$ENV_FILE"
  fi
  export "$name=$kept"
}

local_settings() {
  (umask 077 && touch "$ENV_FILE")
  chmod 600 "$ENV_FILE"
  setting SIGNET_SECRETS_HMAC_KEYS "1=$(random_b64 32)"
  setting SIGNET_KEYRING_MASTER_KEYS "1=$(random_b64 32)"
  setting SIGNET_BOOTSTRAP_CLIENT_ID "signet-bootstrap-admin"
  setting SIGNET_BOOTSTRAP_CLIENT_SECRET "$(random_token 32)"
  # The admin console is an OIDC client of token-service: both ends hold its secret.
  setting SIGNET_CONSOLE_CLIENT_SECRET "$(random_token 32)"
  export SIGNET_TOKEN_CONSOLE_SECRET="$SIGNET_CONSOLE_CLIENT_SECRET"
  export SIGNET_ADMIN_CONSOLE_CLIENT_SECRET="$SIGNET_CONSOLE_CLIENT_SECRET"
  # One internal account per service (admin-api seeds them all and takes an audit event's service
  # from the account that delivered it); each process gets its own as SIGNET_INTERNAL_CLIENT_*.
  local name upper
  for name in "${INTERNAL_NAMES[@]}"; do
    upper="${name^^}"
    setting "SIGNET_ADMIN_INTERNAL_ACCOUNTS__${upper}__CLIENT_ID" "signet-internal-$name"
    setting "SIGNET_ADMIN_INTERNAL_ACCOUNTS__${upper}__CLIENT_SECRET" "$(random_token 32)"
  done
  # Invitation mail: only recorded in admin-api's log unless SES is configured
  # (SIGNET_EMAIL_SENDER=SES, SIGNET_EMAIL_FROM, AWS credentials from the default chain).
  export SIGNET_EMAIL_SENDER="${SIGNET_EMAIL_SENDER:-LOG}"
  # Certificates: the local CA unless AWS Private CA is given (SIGNET_CERT_ISSUER=AWS_PCA with
  # SIGNET_CERT_PCA_CLIENT_CA_ARN, _SERVER_CA_ARN, _TEMPLATE_ARN; credentials from the default chain).
  export SIGNET_CERT_ISSUER="${SIGNET_CERT_ISSUER:-LOCAL}"
  export SIGNET_EMAIL_ALLOW_LOG_IN_PRODUCTION="${SIGNET_EMAIL_ALLOW_LOG_IN_PRODUCTION:-true}"
  export SIGNET_INVITES_VERIFY_URL="${SIGNET_INVITES_VERIFY_URL:-http://127.0.0.1:$SIGNET_ADMIN_PORT/v1/verify}"
  # Not secret, never kept: derived from the local ports.
  export SIGNET_TOKEN_CONSOLE_REDIRECT_URIS="${SIGNET_TOKEN_CONSOLE_REDIRECT_URIS:-http://127.0.0.1:$SIGNET_ADMIN_PORT/console/callback}"
  export SIGNET_ADMIN_CONSOLE_SECURE_COOKIE="${SIGNET_ADMIN_CONSOLE_SECURE_COOKIE:-false}"
  export SIGNET_ADMIN_KEYRING_URL="${SIGNET_ADMIN_KEYRING_URL:-http://127.0.0.1:$SIGNET_KEYRING_PORT}"
  # People's pages (sign-in, welcome, device approval, consent) live under localhost: passkeys
  # refuse an IP address, and a page opened as 127.0.0.1 is sent there.
  export SIGNET_TOKEN_PAGES_ORIGINS="${SIGNET_TOKEN_PAGES_ORIGINS:-http://localhost:$SIGNET_TOKEN_PORT}"
  export SIGNET_TOKEN_PAGES_CANONICAL_ORIGIN="${SIGNET_TOKEN_PAGES_CANONICAL_ORIGIN:-$SIGNET_TOKEN_PAGES_ORIGINS}"
  export SIGNET_TOKEN_WEBAUTHN_ORIGINS="${SIGNET_TOKEN_WEBAUTHN_ORIGINS:-$SIGNET_TOKEN_PAGES_ORIGINS}"
  export SIGNET_TOKEN_PAGES_ADMIN_API_URL="${SIGNET_TOKEN_PAGES_ADMIN_API_URL:-http://127.0.0.1:$SIGNET_ADMIN_PORT}"
  export SIGNET_ISSUER="${SIGNET_ISSUER:-http://127.0.0.1:$SIGNET_TOKEN_PORT}"
  export SIGNET_AUDIT_ADMIN_URL="${SIGNET_AUDIT_ADMIN_URL:-http://127.0.0.1:$SIGNET_ADMIN_PORT}"
  export SIGNET_TOKEN_JWKS_URI="${SIGNET_TOKEN_JWKS_URI:-http://127.0.0.1:$SIGNET_KEYRING_PORT/.well-known/jwks.json}"
  # Five JVMs start at once on a laptop: give Flyway's first connection more than the default 5 s.
  export QUARKUS_DATASOURCE_JDBC_ACQUISITION_TIMEOUT="${QUARKUS_DATASOURCE_JDBC_ACQUISITION_TIMEOUT:-60S}"
}

# ---------------------------------------------------------------------------------------------
# Services
# ---------------------------------------------------------------------------------------------
start_services() {
  local svc
  for svc in "${SERVICES[@]}"; do
    port_answers 127.0.0.1 "${PORTS[$svc]}" &&
      fail "port ${PORTS[$svc]} ($svc) is already in use: is another Signet still running?"
  done
  local upper id_var secret_var name all_vars=()
  for name in "${INTERNAL_NAMES[@]}"; do
    all_vars+=("SIGNET_ADMIN_INTERNAL_ACCOUNTS__${name^^}__CLIENT_ID")
    all_vars+=("SIGNET_ADMIN_INTERNAL_ACCOUNTS__${name^^}__CLIENT_SECRET")
  done
  for svc in "${SERVICES[@]}"; do
    upper="${INTERNAL_NAME[$svc]^^}"
    id_var="SIGNET_ADMIN_INTERNAL_ACCOUNTS__${upper}__CLIENT_ID"
    secret_var="SIGNET_ADMIN_INTERNAL_ACCOUNTS__${upper}__CLIENT_SECRET"
    # Run from .local so no stray .env or config/ in the caller's directory is picked up. Each
    # process authenticates its internal calls as its own account; only admin-api sees them all.
    (
      cd "$LOCAL"
      export SIGNET_INTERNAL_CLIENT_ID="${!id_var}" SIGNET_INTERNAL_CLIENT_SECRET="${!secret_var}"
      [[ "$svc" == admin-api ]] || unset "${all_vars[@]}"
      mkdir -p "$LOCAL/tmp/$svc"
      export MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}"
      # shellcheck disable=SC2046 # word splitting of the option lists is intended
      exec java $(jvm_options "$svc") ${SIGNET_JAVA_OPTS:-} -jar "$ROOT/$svc/target/quarkus-app/quarkus-run.jar"
    ) >"$LOGS/$svc.log" 2>&1 &
    PIDS[$svc]=$!
    log "started $svc (pid ${PIDS[$svc]}, log .local/logs/$svc.log)"
  done
}

# The JVM settings each service's Kubernetes Deployment runs with (k8s/ is the one source): the
# Deployment's own JAVA_OPTS_APPEND, else the base kustomization's; the container's memory limit
# becomes -XX:MaxRAM so percentages (MaxRAMPercentage) size the heap as in the pod instead of from
# this machine's memory. SIGNET_PROD_JVM=0 starts plain JVMs instead.
jvm_options() {
  local svc="$1" manifest="$ROOT/k8s/base/services/$1.yaml" opts limit
  [[ "${SIGNET_PROD_JVM:-1}" == "0" ]] && return 0
  opts="$(awk '/- name: JAVA_OPTS_APPEND/ {getline; sub(/^[[:space:]]*value:[[:space:]]*/, ""); print; exit}' "$manifest")"
  if [[ -z "$opts" ]]; then
    opts="$(sed -n 's/^[[:space:]]*- JAVA_OPTS_APPEND=//p' "$ROOT/k8s/base/kustomization.yaml" | head -n 1)"
  fi
  limit="$(awk '/limits:/ {inlimits=1} inlimits && /memory:/ {print $2; exit}' "$manifest")"
  case "$limit" in
    *Mi) opts="-XX:MaxRAM=${limit%Mi}m $opts" ;;
    *Gi) opts="-XX:MaxRAM=${limit%Gi}g $opts" ;;
  esac
  # An older JDK 17 update lacks a flag or two (TrimNativeHeapInterval: 17.0.9+): start anyway.
  opts="-XX:+IgnoreUnrecognizedVMOptions $opts"
  # The pods' /tmp is theirs; here each service gets its own under .local.
  opts="${opts//-Djava.io.tmpdir=\/tmp/-Djava.io.tmpdir=$LOCAL/tmp/$svc}"
  printf '%s' "$opts"
}

service_ready() {
  local code
  code="$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "http://127.0.0.1:$1/q/health/ready" || true)"
  [[ "$code" == "200" ]]
}

wait_until_ready() {
  local deadline=$((SECONDS + READY_TIMEOUT)) svc pending
  while :; do
    pending=()
    for svc in "${SERVICES[@]}"; do
      if ! kill -0 "${PIDS[$svc]}" 2>/dev/null; then
        tail -n 40 "$LOGS/$svc.log" >&2 || true
        fail "$svc exited during startup; log: $LOGS/$svc.log"
      fi
      service_ready "${PORTS[$svc]}" || pending+=("$svc")
    done
    ((${#pending[@]} == 0)) && return
    if ((SECONDS >= deadline)); then
      for svc in "${pending[@]}"; do
        printf '[run-local] ERROR: %s not ready on http://127.0.0.1:%s/q/health/ready after %s s; log: %s\n' \
          "$svc" "${PORTS[$svc]}" "$READY_TIMEOUT" "$LOGS/$svc.log" >&2
      done
      exit 1
    fi
    sleep 1
  done
}

# Ready is not yet usable: keyring creates and activates the first signing key in its first
# rotation round, a moment after it reports ready, and until then token-service answers 503.
wait_for_signing_key() {
  local deadline=$((SECONDS + READY_TIMEOUT))
  until curl -s --max-time 2 "http://127.0.0.1:$SIGNET_KEYRING_PORT/.well-known/jwks.json" | grep -q '"kid"'; do
    if ((SECONDS >= deadline)); then
      fail "keyring-service published no signing key within $READY_TIMEOUT s; log: $LOGS/keyring-service.log"
    fi
    sleep 1
  done
}

stop_all() {
  ((STOPPING)) && return
  STOPPING=1
  trap '' INT TERM
  local svc pid waited
  if ((${#PIDS[@]})); then
    log "stopping services ..."
    for svc in "${!PIDS[@]}"; do kill -TERM "${PIDS[$svc]}" 2>/dev/null || true; done
    for svc in "${!PIDS[@]}"; do
      pid="${PIDS[$svc]}"
      waited=0
      while kill -0 "$pid" 2>/dev/null && ((waited++ < 30)); do sleep 1; done
      if kill -0 "$pid" 2>/dev/null; then
        log "$svc did not stop in 30 s, killing it"
        kill -KILL "$pid" 2>/dev/null || true
      fi
      wait "$pid" 2>/dev/null || true
    done
  fi
  if [[ -n "$PG_PID" ]]; then
    log "stopping embedded PostgreSQL ..."
    kill -TERM "$PG_PID" 2>/dev/null || true
    waited=0
    while kill -0 "$PG_PID" 2>/dev/null && ((waited++ < 30)); do sleep 1; done
    kill -0 "$PG_PID" 2>/dev/null && kill -KILL "$PG_PID" 2>/dev/null || true
    wait "$PG_PID" 2>/dev/null || true
  fi
  log "stopped"
}

main() {
  check_java
  command -v curl >/dev/null 2>&1 || fail "curl not found: it is used to check the services' health"
  mkdir -p "$LOGS"
  trap stop_all EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
  build
  choose_database
  local_settings
  start_services
  log "waiting for /q/health/ready of every service (up to $READY_TIMEOUT s) ..."
  wait_until_ready
  log "waiting for keyring-service to publish the first signing key ..."
  wait_for_signing_key

  cat <<EOF

Signet is running (prod profile, database $SIGNET_DB_URL):
  token-service       http://127.0.0.1:$SIGNET_TOKEN_PORT   (issuer, /oauth2/token, /.well-known/openid-configuration)
  keyring-service     http://127.0.0.1:$SIGNET_KEYRING_PORT   (/.well-known/jwks.json)
  delegation-service  http://127.0.0.1:$SIGNET_DELEGATION_PORT
  cert-service        http://127.0.0.1:$SIGNET_CERT_PORT
  admin-api           http://127.0.0.1:$SIGNET_ADMIN_PORT
  every service: /q/health/ready, /q/metrics, /q/openapi
  logs: $LOGS/

Bootstrap admin client (kept in .local/signet.env; shown here once per start for the operator):
  client_id:     $SIGNET_BOOTSTRAP_CLIENT_ID
  client_secret: $SIGNET_BOOTSTRAP_CLIENT_SECRET

Press Ctrl-C to stop.
EOF

  local svc
  while :; do
    for svc in "${SERVICES[@]}"; do
      if ! kill -0 "${PIDS[$svc]}" 2>/dev/null; then
        tail -n 20 "$LOGS/$svc.log" >&2 || true
        fail "$svc stopped unexpectedly; log: $LOGS/$svc.log"
      fi
    done
    # Background sleep + wait so a signal interrupts the wait at once.
    sleep 2 &
    wait $! || true
  done
}

main "$@"
