-- wrk script of tools/bench/tenants: each request is the public partner-cities page of a random town among the
-- first BENCH_TOWNS (town-1 ... town-N, by path). The first ten have partner cities; the others show an empty list.
local towns = tonumber(os.getenv("BENCH_TOWNS") or "10")
local threads = {}

function setup(thread)
  thread:set("id", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  ok, other = 0, 0
  math.randomseed(os.time() * 1000 + id)
end

function request()
  return wrk.format("GET", "/town-" .. math.random(1, towns) .. "/partner-cities")
end

function response(status, headers, body)
  if status == 200 then ok = ok + 1 else other = other + 1 end
end

function done(summary, latency, requests)
  local o, x = 0, 0
  for _, t in ipairs(threads) do o = o + t:get("ok"); x = x + t:get("other") end
  io.write(string.format("Answers: 200 %d, other %d\n", o, x))
end
