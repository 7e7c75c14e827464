-- wrk script of the cache-missing mode (tools/bench/register/run miss): each request asks a random
-- town's public page with a query string never asked before, so the page cache cannot answer it;
-- counts the answers' X-Cache header so that the figure is known to count misses only.
-- Environment: BENCH_TOWNS (1000), BENCH_PAGE ("twinnings").
local towns = tonumber(os.getenv("BENCH_TOWNS") or "1000")
local page = os.getenv("BENCH_PAGE") or "twinnings"
local threads = {}
local counter = 0

function setup(thread)
  thread:set("id", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  hits, misses, other = 0, 0, 0
  math.randomseed(os.time() * 1000 + id)
end

function request()
  counter = counter + 1
  local path = string.format("/town-%d/%s?nocache=%d-%d-%d", math.random(1, towns), page, id, counter, math.random(1, 1000000000))
  return wrk.format("GET", path)
end

function response(status, headers, body)
  local cache = headers["X-Cache"] or headers["x-cache"]
  if status ~= 200 then
    other = other + 1
  elseif cache == "miss" then
    misses = misses + 1
  elseif cache == "hit" then
    hits = hits + 1
  else
    other = other + 1
  end
end

function done(summary, latency, requests)
  local h, m, o = 0, 0, 0
  for _, t in ipairs(threads) do
    h = h + t:get("hits"); m = m + t:get("misses"); o = o + t:get("other")
  end
  io.write(string.format("X-Cache: miss %d, hit %d, other (not 200 or no header) %d\n", m, h, o))
end
