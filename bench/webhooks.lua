-- wrk script for scenario 1: posts the deliveries SignedWebhookFile pre-signed into $BENCH_DIR (wrk's Lua has
-- no fast HMAC). Thread k of $WRK_THREADS takes lines k, k+n, k+2n... so event ids stay unique across threads;
-- if a run outlasts the file it cycles (a repeated id is still accepted and published, so counts stay equal).
-- With $RATE (requests/s over all threads) each thread keeps a fixed schedule instead of sending as fast as it can
-- (scenario 2); a late request does not move the schedule, so the offered rate stays RATE on average.
local dir = os.getenv("BENCH_DIR")
local stride = tonumber(os.getenv("WRK_THREADS") or "1")
local counter = 0

function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
end

local bodies = {}
local requests = {}
local index

function init(args)
  for line in io.lines(dir .. "/bodies.txt") do
    bodies[#bodies + 1] = line
  end
  for line in io.lines(dir .. "/requests.txt") do
    local event, ts, sig, body = line:match("^(%S+) (%S+) (%S+) (%S+)$")
    requests[#requests + 1] = { event, ts, sig, tonumber(body) }
  end
  index = id + 1
end

function request()
  local r = requests[index]
  index = index + stride
  if index > #requests then
    index = id + 1
  end
  return wrk.format("POST", "/webhooks/finch", {
    ["Content-Type"] = "application/json",
    ["Finch-Event-Id"] = r[1],
    ["Finch-Timestamp"] = r[2],
    ["Finch-Signature"] = r[3],
  }, bodies[r[4]])
end

local rate = tonumber(os.getenv("RATE") or "0")
if rate > 0 then
  local ffi = require("ffi")
  ffi.cdef[[
    typedef struct { long tv_sec; long tv_nsec; } bench_timespec;
    int clock_gettime(int clock_id, bench_timespec *tp);
  ]]
  local now = ffi.new("bench_timespec")
  local function monotonic_ms()
    ffi.C.clock_gettime(1, now) -- CLOCK_MONOTONIC
    return tonumber(now.tv_sec) * 1000 + tonumber(now.tv_nsec) / 1e6
  end
  local interval = 1000 * stride / rate
  local due

  function delay()
    local t = monotonic_ms()
    due = due or t
    local wait = due - t
    due = due + interval
    return wait > 0 and wait or 0
  end
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT requests=%d duration_us=%d non2xx=%d socket_errors=%d timeouts=%d p50_us=%d p99_us=%d max_us=%d\n",
    summary.requests, summary.duration, e.status, e.connect + e.read + e.write + e.timeout, e.timeout,
    latency:percentile(50), latency:percentile(99), latency.max))
end
