-- Shared by the wrk scripts here (loaded with dofile, paths from the repository root, where the
-- bench scripts run wrk).
-- One machine-readable line; non2xx counts answers outside 2xx/3xx (wrk's status errors).
function done(summary, latency, requests)
  local seconds = summary.duration / 1e6
  io.write(string.format(
    "RESULT rps=%.1f p50_ms=%.2f p90_ms=%.2f p99_ms=%.2f requests=%d non2xx=%d socket_errors=%d\n",
    summary.requests / seconds,
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
    summary.requests, summary.errors.status,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
