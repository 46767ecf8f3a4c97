#!/usr/bin/env bash
# Signet token-service vs Keycloak, client_credentials at the same load, one after the other.
#
#   bench/load/compare.sh             # DURATION, WARMUP, CONNECTIONS, THREADS as in the two scripts
#
# Runs token-load.sh (Signet client_credentials + introspection), then keycloak-peer.sh (Keycloak
# client_credentials), never both servers at once, and prints a table with the throughput ratio.
set -euo pipefail
cd "$(dirname "$0")/../.."
mkdir -p .local/bench
export BENCH_RESULT_FILE
BENCH_RESULT_FILE=$(mktemp .local/bench/results.XXXXXX)
trap 'rm -f "$BENCH_RESULT_FILE"' EXIT

echo "== load average before: $(cut -d' ' -f1-3 /proc/loadavg) ($(nproc) cores)"
bench/load/token-load.sh
bench/load/keycloak-peer.sh
echo "== load average after: $(cut -d' ' -f1-3 /proc/loadavg) ($(nproc) cores)"

echo
echo "client_credentials (RS256), ${CONNECTIONS:-32} connections, ${THREADS:-2} threads, ${DURATION:-20s}"
printf '%-30s %10s %9s %9s %8s %9s %12s\n' "" "req/s" "p50 ms" "p99 ms" "errors" "RSS MiB" "CPU ms/req"
while read -r name r p50 p99 err rss cpu; do
  case $name in
    signet_cc) label="Signet token-service" ;;
    signet_introspect) label="Signet introspection" ;;
    signet_floor) label="Signet discovery (HTTP floor)" ;;
    keycloak_cc) label="Keycloak ${KEYCLOAK_VERSION:-26.7.3}${KEYCLOAK_EVENTS:+ (events stored)}" ;;
    *) label=$name ;;
  esac
  printf '%-30s %10s %9s %9s %8s %9s %12s\n' "$label" "$r" "$p50" "$p99" "$err" "$rss" "$cpu"
done <"$BENCH_RESULT_FILE"
signet=$(awk '$1 == "signet_cc" {print $2}' "$BENCH_RESULT_FILE")
keycloak=$(awk '$1 == "keycloak_cc" {print $2}' "$BENCH_RESULT_FILE")
awk -v s="$signet" -v k="$keycloak" \
  'BEGIN { if (k > 0) printf "throughput ratio Signet/Keycloak (client_credentials): %.2fx\n", s / k }'
# CPU per token of the whole machine (servers, PostgreSQL, wrk): steadier than req/s on a host
# whose speed changes between the two runs.
signet_cpu=$(awk '$1 == "signet_cc" {print $7}' "$BENCH_RESULT_FILE")
keycloak_cpu=$(awk '$1 == "keycloak_cc" {print $7}' "$BENCH_RESULT_FILE")
awk -v s="$signet_cpu" -v k="$keycloak_cpu" \
  'BEGIN { if (s > 0) printf "CPU per token ratio Keycloak/Signet (client_credentials): %.2fx\n", k / s }'
