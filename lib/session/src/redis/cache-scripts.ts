/**
 * The object cache's atomic steps. An entry is a copy of one database row (a hash with the
 * record's fields) stamped with the cache generation `g`; a deleted row leaves a mark
 * (`x`) for a minute, so a read that started before the delete cannot put the row back.
 *
 * The rules that keep a copy from ever winning over a newer row:
 * - an entry of an older generation counts as absent (bumping the generation, after an
 *   outage or a bulk delete, drops every entry at once);
 * - a copy is written only over an absent entry or an older version of the same row, and
 *   only under the generation its writer saw before it read or wrote the database;
 * - a delete mark is replaced by nothing but its own expiry.
 */
import { LuaScript } from "./script.js";

const INT = `local function int(x) return string.format("%d", x) end`;

/**
 * KEYS: entry, generation. Returns {generation, "hit", RECORD_FIELDS...}, {generation,
 * "miss"} or {generation, "deleted"}.
 */
export const CACHE_GET = new LuaScript(`
local gen = redis.call("GET", KEYS[2]) or "0"
local f = redis.call("HMGET", KEYS[1], "g", "x", "c", "l", "v", "e", "a", "n", "i", "b", "u")
if f[1] ~= gen then return {gen, "miss"} end
if f[2] then return {gen, "deleted"} end
return {gen, "hit", f[3], f[4], f[5], f[6], f[7], f[8], f[9], f[10], f[11]}
`);

/**
 * KEYS: entry, generation. ARGV: the writer's generation, TTL (ms), RECORD_FIELDS...
 * Stores the copy unless the generation moved, the row is marked deleted, or the entry
 * already holds this version or a newer one. Returns the generation.
 */
export const CACHE_OFFER = new LuaScript(`
local gen = redis.call("GET", KEYS[2]) or "0"
if gen ~= ARGV[1] then return gen end
local f = redis.call("HMGET", KEYS[1], "g", "x", "n")
local current = f[1] == gen
if current and (f[2] or (f[3] and tonumber(f[3]) >= tonumber(ARGV[8]))) then return gen end
local ttl = tonumber(ARGV[2])
-- An entry of an old generation may hold a delete mark's field: start from nothing.
if f[1] and (not current or ttl <= 0) then redis.call("DEL", KEYS[1]) end
if ttl <= 0 then return gen end
redis.call("HSET", KEYS[1], "g", gen, "c", ARGV[3], "l", ARGV[4], "v", ARGV[5], "e", ARGV[6], "a", ARGV[7],
  "n", ARGV[8], "i", ARGV[9], "b", ARGV[10], "u", ARGV[11])
redis.call("PEXPIRE", KEYS[1], ARGV[2])
return gen
`);

/**
 * KEYS: entry, generation. ARGV: expiresAt, activeUntil, now, TTL cap (ms).
 * A renewal: forward only, like the database's greatest(), so the order of two touches
 * does not matter. Returns the generation.
 */
export const CACHE_TOUCH = new LuaScript(`${INT}
local gen = redis.call("GET", KEYS[2]) or "0"
local f = redis.call("HMGET", KEYS[1], "g", "x", "e", "a", "u")
if f[1] ~= gen or f[2] or not f[3] then return gen end
local now = tonumber(ARGV[3])
local e = math.max(tonumber(f[3]), tonumber(ARGV[1]))
redis.call("HSET", KEYS[1], "e", int(e), "a", int(math.max(tonumber(f[4]), tonumber(ARGV[2]))), "u", int(math.max(tonumber(f[5]), now)))
local ttl = math.min(tonumber(ARGV[4]), (e - now) * 1000)
if ttl > 0 then redis.call("PEXPIRE", KEYS[1], int(ttl)) else redis.call("DEL", KEYS[1]) end
return gen
`);

/** KEYS: entry, generation. ARGV: how long the mark lasts (ms). Returns the generation. */
export const CACHE_MARK_DELETED = new LuaScript(`
local gen = redis.call("GET", KEYS[2]) or "0"
redis.call("DEL", KEYS[1])
redis.call("HSET", KEYS[1], "g", gen, "x", "1")
redis.call("PEXPIRE", KEYS[1], ARGV[1])
return gen
`);
