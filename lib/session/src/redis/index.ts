/**
 * `cartsession/redis`: sessions in Redis on node-redis (`redis`, v5), for many app
 * instances and traffic spikes, and an object cache in front of a SQL store. Importing it
 * never loads better-sqlite3 or the Neon driver.
 *
 *   import { redisStore } from "cartsession/redis";
 *   store: redisStore({ url: process.env.REDIS_URL! })
 *
 *   import { cachedStore } from "cartsession/redis";
 *   store: async () => cachedStore(await postgresStore({ connectionString }), { redis: { url } })
 */
import { RedisConnection, type RedisTarget } from "./connection.js";
import { RedisStore, redisKeys } from "./store.js";
import type { BulkLoadingStore, ProbingStore, RateLimitingStore, SessionStore } from "../store/port.js";

export type { RedisClient, RedisTarget } from "./connection.js";
export { cachedStore } from "./cached-store.js";
export type { ObjectCacheOptions } from "./cached-store.js";
/** The Redis store: the core, rate limits, a probe and bulk loading (no listing or aggregates: the admin needs a SQL store). */
export type RedisSessionStore = SessionStore & { close(): Promise<void> } & RateLimitingStore & ProbingStore & BulkLoadingStore;

export interface RedisStoreOptions {
  /** Prefix of every key the store writes (default `cartsession:`), so several shops or tests share one Redis. */
  keyPrefix?: string;
  /**
   * Most milliseconds one store call may take, connecting included (default 2,000). Past
   * it the call fails as `store_unavailable` (503 with Retry-After) instead of waiting on a
   * Redis that stopped answering.
   */
  timeoutMs?: number;
}

/**
 * The Redis store: `{ url }` (`redis://…`, or `rediss://…` for TLS, e.g. Upstash or Vercel
 * KV; the store opens the connection on first use and closes it in `close()`), or
 * `{ client }`, the app's own node-redis client (connected by the store if it is not yet,
 * never closed by it).
 */
export function redisStore(target: RedisTarget, options: RedisStoreOptions = {}): RedisSessionStore {
  const prefix = options.keyPrefix ?? "cartsession:";
  return new RedisStore(new RedisConnection(target, { timeoutMs: options.timeoutMs ?? 2_000 }), redisKeys(prefix));
}
