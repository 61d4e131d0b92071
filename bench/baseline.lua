-- wrk script for the baseline GET: only prints the same machine-readable summary line as webhooks.lua.
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT requests=%d duration_us=%d non2xx=%d socket_errors=%d timeouts=%d p50_us=%d p99_us=%d max_us=%d\n",
    summary.requests, summary.duration, e.status, e.connect + e.read + e.write + e.timeout, e.timeout,
    latency:percentile(50), latency:percentile(99), latency.max))
end
