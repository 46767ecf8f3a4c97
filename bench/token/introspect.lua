-- wrk: POST /oauth2/introspect of one access token, client_secret_basic.
-- env: CLIENT_ID, CLIENT_SECRET, ACCESS_TOKEN, INTROSPECT_PATH (default /oauth2/introspect)
local id = os.getenv("CLIENT_ID")
local secret = os.getenv("CLIENT_SECRET")
local token = os.getenv("ACCESS_TOKEN")
local path = os.getenv("INTROSPECT_PATH") or "/oauth2/introspect"

local b64chars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
local function base64(data)
  return ((data:gsub(".", function(x)
    local r, b = "", x:byte()
    for i = 8, 1, -1 do r = r .. (b % 2 ^ i - b % 2 ^ (i - 1) > 0 and "1" or "0") end
    return r
  end) .. "0000"):gsub("%d%d%d?%d?%d?%d?", function(x)
    if #x < 6 then return "" end
    local c = 0
    for i = 1, 6 do c = c + (x:sub(i, i) == "1" and 2 ^ (6 - i) or 0) end
    return b64chars:sub(c + 1, c + 1)
  end) .. ({ "", "==", "=" })[#data % 3 + 1])
end

wrk.method = "POST"
wrk.path = path
wrk.body = "token=" .. token
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Authorization"] = "Basic " .. base64(id .. ":" .. secret)

done = function(summary, latency, requests)
  io.write(string.format("RESULT req/s=%.0f p50_ms=%.1f p99_ms=%.1f requests=%d errors_non2xx=%d\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000,
    latency:percentile(99) / 1000, summary.requests, summary.errors.status))
end
