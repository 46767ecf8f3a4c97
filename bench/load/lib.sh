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
