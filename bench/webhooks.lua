-- wrk script for scenarios 1 and 2: posts the deliveries SignedWebhookFile pre-signed into $BENCH_DIR (wrk's Lua
-- has no fast HMAC). Thread k of $WRK_THREADS (from 0) takes lines k+1, k+1+n, k+1+2n... so event ids stay unique
-- across threads; if a run outlasts the file it cycles (a repeated id is still accepted and published, so counts
-- stay equal). $OFFSET skips that many lines first, so that consecutive runs on one file (warm-up rounds) send new
-- ids. A thread keeps only its own lines, as they are, and splits one when it sends it: parsing every line up front
-- had taken wrk about 6 s per 400,000 lines before each run.
-- With $RATE (requests/s over all threads) each thread keeps a fixed schedule instead of sending as fast as it can
-- (scenario 2); a late request does not move the schedule, so the offered rate stays RATE on average.
local dir = os.getenv("BENCH_DIR")
local stride = tonumber(os.getenv("WRK_THREADS") or "1")
local offset = tonumber(os.getenv("OFFSET") or "0")
local counter = 0
local threads = {}

function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
  threads[#threads + 1] = thread
end

local bodies = {}
local lines = {}
local index
sent = 0 -- requests this thread made; a global, so that done() can read it

function init(args)
  for line in io.lines(dir .. "/bodies.txt") do
    bodies[#bodies + 1] = line
  end
  local n = 0
  for line in io.lines(dir .. "/requests.txt") do
    if n % stride == id then
      lines[#lines + 1] = line
    end
    n = n + 1
  end
  index = math.floor(offset / stride) % #lines + 1
end

function request()
  local event, timestamp, signature, body = lines[index]:match("^(%S+) (%S+) (%S+) (%S+)$")
  index = index % #lines + 1
  sent = sent + 1
  return wrk.format("POST", "/webhooks/finch", {
    ["Content-Type"] = "application/json",
    ["Finch-Event-Id"] = event,
    ["Finch-Timestamp"] = timestamp,
    ["Finch-Signature"] = signature,
  }, bodies[tonumber(body)])
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

-- RESULT: wrk's counts, and next_offset, the OFFSET at which a next run on the same file sends only new ids (the
-- threads do not make the same number of requests, so it is the busiest thread's).
function done(summary, latency, requests)
  local e = summary.errors
  local most = 0
  for _, thread in ipairs(threads) do
    most = math.max(most, thread:get("sent"))
  end
  io.write(string.format("RESULT requests=%d duration_us=%d non2xx=%d socket_errors=%d timeouts=%d p50_us=%d p99_us=%d max_us=%d next_offset=%d\n",
    summary.requests, summary.duration, e.status, e.connect + e.read + e.write + e.timeout, e.timeout,
    latency:percentile(50), latency:percentile(99), latency.max, (math.floor(offset / stride) + most) * stride))
end
