-- wrk script of the directory search (tools/bench/federations/run search): each request is a random search of
-- the federation's directory (partner country, domain, kind, year, city, page, language, in random combinations),
-- so no two requests need be alike; the directory page is never page-cached (it reads the live in-memory directory).
local countries = { "IT", "DE", "ES", "MA", "SN", "JP", "GB", "BE", "TN", "PL" }
local domains = { "culture", "health", "education", "water", "youth" }
local kinds = { "TwinningOath", "CooperationAgreement", "Charter", "JointDeclaration", "FriendshipPact" }
local threads = {}
local counter = 0

function setup(thread)
  thread:set("id", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  ok, other = 0, 0
  math.randomseed(os.time() * 1000 + id)
end

function request()
  counter = counter + 1
  local q = {}
  if math.random() < 0.7 then table.insert(q, "country=" .. countries[math.random(#countries)]) end
  if math.random() < 0.5 then table.insert(q, "domain=" .. domains[math.random(#domains)]) end
  if math.random() < 0.3 then table.insert(q, "kind=" .. kinds[math.random(#kinds)]) end
  if math.random() < 0.3 then table.insert(q, "year=" .. (1958 + math.random(0, 49))) end
  if math.random() < 0.2 then table.insert(q, "city=" .. "partenaire+" .. math.random(1, 40)) end
  if math.random() < 0.3 then table.insert(q, "page=" .. math.random(1, 5)) end
  if math.random() < 0.5 then table.insert(q, "lang=en") end
  table.insert(q, "n=" .. id .. "-" .. counter)
  return wrk.format("GET", "/federations/bench/directory?" .. table.concat(q, "&"))
end

function response(status, headers, body)
  if status == 200 then ok = ok + 1 else other = other + 1 end
end

function done(summary, latency, requests)
  local o, x = 0, 0
  for _, t in ipairs(threads) do o = o + t:get("ok"); x = x + t:get("other") end
  io.write(string.format("Answers: 200 %d, other %d\n", o, x))
end
