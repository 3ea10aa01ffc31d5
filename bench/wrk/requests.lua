-- wrk script: cycle through the requests in $BENCH_REQUESTS (one a line: path TAB cookie TAB
-- body), each connection sending them in turn. "{submission}" in a body becomes a fresh 32-hex
-- form id per request, as a browser gets from each rendered quiz page. At the end, print the
-- figures as one JSON line for bench/wrk.py to read.

local method = os.getenv("BENCH_METHOD") or "GET"
local user_agent = os.getenv("BENCH_USER_AGENT") or "elearn-bench"
local threads = {}
local counter = 0
local lines = {}
local next_line = 1

function setup(thread)
  thread:set("index", #threads)
  table.insert(threads, thread)
end

function init(args)
  local name = os.getenv("BENCH_REQUESTS")
  for line in io.lines(name) do
    local path, cookie, body = line:match("^([^\t]*)\t([^\t]*)\t?(.*)$")
    table.insert(lines, {path = path, cookie = cookie, body = body})
  end
  next_line = (index * 7) % #lines + 1
  started = os.time()
end

function request()
  local entry = lines[next_line]
  next_line = next_line % #lines + 1
  local headers = {["User-Agent"] = user_agent}
  if entry.cookie ~= "" then headers["Cookie"] = entry.cookie end
  local body = nil
  if method == "POST" then
    counter = counter + 1
    local id = string.format("%08x%08x%016x", index, started % 4294967296, counter)
    body = entry.body:gsub("{submission}", id)
    headers["Content-Type"] = "application/x-www-form-urlencoded"
  end
  return wrk.format(method, entry.path, headers, body)
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'BENCH-JSON {"requests": %d, "seconds": %.3f, "p50_ms": %.3f, "p95_ms": %.3f, "p99_ms": %.3f, ' ..
    '"connect_errors": %d, "read_errors": %d, "write_errors": %d, "status_errors": %d, "timeouts": %d}\n',
    summary.requests, summary.duration / 1e6,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    e.connect, e.read, e.write, e.status, e.timeout))
end
