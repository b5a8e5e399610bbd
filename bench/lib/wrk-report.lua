-- Sets the method (and body) from the script arguments and prints one JSON
-- line at the end, so the harness never parses wrk's human-readable output.
-- usage: wrk ... -s wrk-report.lua <url> -- <METHOD> [body]
local req

function init(args)
  local method = args[1] or "GET"
  local body = args[2]
  -- -H headers are already in wrk.headers; format() builds the raw request once.
  req = wrk.format(method, nil, nil, body)
end

function request()
  return req
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'WRKJSON {"requests":%d,"durationUs":%d,"bytes":%d,"p50Us":%d,"p90Us":%d,"p99Us":%d,"maxUs":%d,' ..
    '"non2xx":%d,"connectErrors":%d,"readErrors":%d,"writeErrors":%d,"timeouts":%d}\n',
    summary.requests, summary.duration, summary.bytes,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max,
    e.status, e.connect, e.read, e.write, e.timeout))
end
