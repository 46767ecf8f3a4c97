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

# run_wrk LABEL SCRIPT URL: warm-up (WARMUP, output discarded), then the measured run (DURATION)
# with --latency; prints wrk's report and leaves "rps p50 p99 non2xx" in WRK_RESULT.
run_wrk() {
  local label=$1 script=$2 url=$3 out
  echo "== ${label}: warm-up ${WARMUP}, then ${DURATION} at ${CONNECTIONS} connections, ${THREADS} threads"
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"$WARMUP" -s "$script" "$url" >/dev/null
  out=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -s "$script" "$url")
  echo "$out"
  WRK_RESULT=$(awk '/^RESULT/ {
      for (i = 2; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
      print v["rps"], v["p50_ms"], v["p99_ms"], v["non2xx"] + v["socket_errors"] }' <<<"$out")
  if [ "$(awk '{print $4}' <<<"$WRK_RESULT")" != "0" ]; then
    echo "WARNING: ${label}: some answers were not 2xx or failed at socket level (see above)" >&2
  fi
}

# record LINE: appends a result line to BENCH_RESULT_FILE when compare.sh set it.
record() {
  if [ -n "${BENCH_RESULT_FILE:-}" ]; then echo "$*" >>"$BENCH_RESULT_FILE"; fi
}
