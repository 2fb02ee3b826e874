/**
 * The Redis store's atomic steps. Each runs as one Lua script, so the version check, the
 * write, the expiry and the index updates happen together or not at all.
 *
 * Time: a key's TTL is counted from the `now` of the write that set it (`expiresAt - now`),
 * in the engine's own clock, so it ends exactly when the engine considers the row expired
 * even when the app's clock and Redis's disagree (or a test runs a clock of its own).
 *
 * The expiry index (a sorted set: session key by `expiresAt`) is what lets `deleteExpired`
 * be exact for any `before` (a clock ahead of Redis's, a test's clock) and report what
 * expired; Redis's TTL does the actual memory reclaim. Inserts trim index entries expired
 * for a day or more, so the index stays bounded when no cleanup runs.
 */
import { LuaScript } from "./script.js";

/** `string.format("%d")`: Lua numbers are doubles, and HSET must store "1800000000", not "1.8e+09". */
const INT = `local function int(x) return string.format("%d", x) end`;

/**
 * KEYS: session hash, expiry index, [customer key]
 * ARGV: expected version ("" to insert), customer id, logins, value, expiresAt, activeUntil,
 *       items, bytes, now, created, session key, session-key prefix, index horizon (s)
 * Returns {1, version} or {0} (conflict).
 */
export const SAVE = new LuaScript(`${INT}
local key, now, expiry = ARGV[11], tonumber(ARGV[9]), tonumber(ARGV[5])
local ttl = (expiry - now) * 1000
if ARGV[1] == "" then
  if redis.call("EXISTS", KEYS[1]) == 1 then return {0} end
  if KEYS[3] then
    -- One session per customer: the customer key names the live session that owns them.
    local owner = redis.call("GET", KEYS[3])
    if owner and owner ~= key and redis.call("EXISTS", ARGV[12] .. owner) == 1 then return {0} end
  end
  redis.call("HSET", KEYS[1], "c", ARGV[2], "l", ARGV[3], "v", ARGV[4], "e", ARGV[5], "a", ARGV[6], "n", "1",
    "i", ARGV[7], "b", ARGV[8], "u", ARGV[9], "t", ARGV[10])
  redis.call("PEXPIRE", KEYS[1], int(ttl))
  if KEYS[3] then
    redis.call("SET", KEYS[3], key)
    redis.call("PEXPIRE", KEYS[3], int(ttl))
  end
  redis.call("ZREMRANGEBYSCORE", KEYS[2], "-inf", "(" .. int(now - tonumber(ARGV[13])))
  redis.call("ZADD", KEYS[2], ARGV[5], key)
  return {1, 1}
end
local current = redis.call("HMGET", KEYS[1], "n", "e", "c")
if current[1] ~= ARGV[1] then return {0} end
local version = tonumber(current[1]) + 1
-- An update never changes the customer (as in SQL): "c" is not written.
redis.call("HSET", KEYS[1], "l", ARGV[3], "v", ARGV[4], "e", ARGV[5], "a", ARGV[6], "n", int(version),
  "i", ARGV[7], "b", ARGV[8], "u", ARGV[9])
if current[2] ~= ARGV[5] then
  -- A new lifetime (a cart change keeps it: no expiry or index write on the hot path).
  redis.call("PEXPIRE", KEYS[1], int(ttl))
  if KEYS[3] and current[3] == ARGV[2] and redis.call("GET", KEYS[3]) == key then redis.call("PEXPIRE", KEYS[3], int(ttl)) end
  redis.call("ZADD", KEYS[2], ARGV[5], key)
end
return {1, version}
`);

/**
 * KEYS: customer key. ARGV: session-key prefix.
 * Returns {session key, RECORD_FIELDS...} or nil.
 */
export const LOAD_BY_CUSTOMER = new LuaScript(`
local key = redis.call("GET", KEYS[1])
if not key then return nil end
local f = redis.call("HMGET", ARGV[1] .. key, "c", "l", "v", "e", "a", "n", "i", "b", "u")
return {key, f[1], f[2], f[3], f[4], f[5], f[6], f[7], f[8], f[9]}
`);

/**
 * KEYS: session hash, expiry index. ARGV: session key, customer-key prefix.
 * Returns 1 when a row was deleted.
 */
export const DELETE = new LuaScript(`
local c = redis.call("HGET", KEYS[1], "c")
redis.call("ZREM", KEYS[2], ARGV[1])
if not c then return 0 end
redis.call("DEL", KEYS[1])
if c ~= "" and redis.call("GET", ARGV[2] .. c) == ARGV[1] then redis.call("DEL", ARGV[2] .. c) end
return 1
`);

/**
 * KEYS: session hash, expiry index. ARGV: expiresAt, activeUntil, now, session key, customer-key prefix.
 * Moves expiry, activity and the cookie's end forward only (SQL's greatest()); value and version stay.
 */
export const TOUCH = new LuaScript(`${INT}
local f = redis.call("HMGET", KEYS[1], "e", "a", "u", "c")
if not f[1] then return 0 end
local now = tonumber(ARGV[3])
local e = math.max(tonumber(f[1]), tonumber(ARGV[1]))
redis.call("HSET", KEYS[1], "e", int(e), "a", int(math.max(tonumber(f[2]), tonumber(ARGV[2]))), "u", int(math.max(tonumber(f[3]), now)))
if e ~= tonumber(f[1]) then
  local ttl = int((e - now) * 1000)
  redis.call("PEXPIRE", KEYS[1], ttl)
  local customer = ARGV[5] .. f[4]
  if f[4] ~= "" and redis.call("GET", customer) == ARGV[4] then redis.call("PEXPIRE", customer, ttl) end
  redis.call("ZADD", KEYS[2], int(e), ARGV[4])
end
return 1
`);

/**
 * One cleanup batch. KEYS: expiry index. ARGV: before (exclusive), limit, session-key prefix, customer-key prefix.
 * Removes up to `limit` sessions that expired before `before` (most already dropped by their
 * TTL) and returns how many; two runs at once never take the same entry.
 */
export const DELETE_EXPIRED = new LuaScript(`
local keys = redis.call("ZRANGEBYSCORE", KEYS[1], "-inf", "(" .. ARGV[1], "LIMIT", 0, tonumber(ARGV[2]))
for _, key in ipairs(keys) do
  local name = ARGV[3] .. key
  local c = redis.call("HGET", name, "c")
  if c then
    redis.call("DEL", name)
    if c ~= "" and redis.call("GET", ARGV[4] .. c) == key then redis.call("DEL", ARGV[4] .. c) end
  end
  redis.call("ZREM", KEYS[1], key)
end
return #keys
`);

/**
 * A fixed-window hit, with the SQL store's rules: a hit from a clock behind the stored
 * window counts in the stored (newer) window.
 * KEYS: bucket hash, bucket index. ARGV: window start, window end, now, bucket, index horizon (s).
 * Returns {hits, resetAt}.
 */
export const HIT = new LuaScript(`${INT}
local start, reset, now = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local f = redis.call("HMGET", KEYS[1], "w", "h", "r")
local hits = 1
if f[1] then
  if tonumber(f[1]) >= start then hits = tonumber(f[2]) + 1 end
  start = math.max(tonumber(f[1]), start)
  reset = math.max(tonumber(f[3]), reset)
end
redis.call("HSET", KEYS[1], "w", int(start), "h", int(hits), "r", int(reset))
redis.call("PEXPIRE", KEYS[1], int((reset - now) * 1000))
redis.call("ZADD", KEYS[2], int(reset), ARGV[4])
redis.call("ZREMRANGEBYSCORE", KEYS[2], "-inf", "(" .. int(now - tonumber(ARGV[5])))
return {hits, reset}
`);

/**
 * KEYS: bucket index. ARGV: now, limit, bucket-key prefix.
 * Deletes up to `limit` buckets whose window ended at or before `now`; returns how many.
 */
export const PRUNE_HITS = new LuaScript(`
local names = redis.call("ZRANGEBYSCORE", KEYS[1], "-inf", ARGV[1], "LIMIT", 0, tonumber(ARGV[2]))
for _, name in ipairs(names) do
  redis.call("DEL", ARGV[3] .. name)
  redis.call("ZREM", KEYS[1], name)
end
return #names
`);
