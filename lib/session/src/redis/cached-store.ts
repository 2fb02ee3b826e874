import { supports, type PurgeOptions, type SaveResult, type SessionRecord, type SessionStore, type SessionWrite } from "../store/port.js";
import { RedisConnection, type RedisTarget } from "./connection.js";
import { ObjectCache } from "./object-cache.js";
import { writtenRecord } from "./record.js";

export interface ObjectCacheOptions {
  /** The Redis the copies live in: `{ url }` (the cache opens and closes its connection) or `{ client }` (the app's). */
  redis: RedisTarget;
  /** Prefix of every cache key (default `cartsession:cache:`), so several shops or tests share one Redis. */
  keyPrefix?: string;
  /** Longest time a copy is kept (default 600 s); never past its row's expiry. */
  ttlSeconds?: number;
  /** Most milliseconds a cache call may take before the request goes to the database instead (default 500). */
  timeoutMs?: number;
  /** Where the one line per outage (and per recovery) goes (default `console.warn`). */
  log?: (message: string) => void;
}

/** Conflicted keys remembered per process at most (each is forgotten by its next load). */
const MAX_BYPASS = 10_000;

/**
 * A SQL store with a Redis object cache in front of its reads. The database stays the
 * truth: every save is the store's own compare-and-swap, and Redis only ever holds copies
 * of rows, each with its version. See `cachedStore`.
 */
class CachedSessions {
  /** Keys whose save just conflicted: the engine's reload that follows reads the database. */
  private readonly bypass = new Map<string, number>();
  private readonly ttlMs: number;

  constructor(
    private readonly store: SessionStore,
    private readonly cache: ObjectCache,
    private readonly connection: RedisConnection,
    ttlSeconds: number,
  ) {
    this.ttlMs = ttlSeconds * 1000;
  }

  async load(key: string): Promise<SessionRecord | null> {
    if (this.takeBypass(key)) return this.loadFresh(key);
    const cached = await this.cache.get(key);
    if (cached?.kind === "hit") return cached.record;
    const row = await this.store.load(key);
    if (row && cached?.kind === "miss") await this.cache.offer(row, cached.generation, this.copyTtl(row), false);
    return row;
  }

  async loadByCustomer(customerId: string): Promise<SessionRecord | null> {
    const generation = await this.cache.currentGeneration();
    const row = await this.store.loadByCustomer(customerId);
    if (row) await this.cache.offer(row, generation, this.copyTtl(row), false);
    return row;
  }

  async save(write: SessionWrite): Promise<SaveResult> {
    // The generation before the write: a copy written after a generation change is refused.
    const generation = await this.cache.currentGeneration();
    const result = await this.store.save(write);
    if (!result.ok) {
      // The engine reloads next: from the database, so a copy older than the row (one another
      // instance could not update during an outage) can never make the retries spin.
      this.addBypass(write.key);
      return result;
    }
    const ttl = Math.min(this.ttlMs, (write.expiresAt - write.now) * 1000);
    await this.cache.offer(writtenRecord(write, result.version), generation, ttl, true);
    return result;
  }

  async delete(key: string): Promise<boolean> {
    // Marked first: a read in flight cannot put the row back after the database lost it.
    await this.cache.markDeleted(key);
    return this.store.delete(key);
  }

  async touch(key: string, expiresAt: number, activeUntil: number, now: number): Promise<boolean> {
    const touched = await this.store.touch(key, expiresAt, activeUntil, now);
    if (touched) await this.cache.touch(key, expiresAt, activeUntil, now, this.ttlMs);
    return touched;
  }

  async purgeInactive(options: PurgeOptions) {
    if (!supports(this.store, "purge")) throw new TypeError(`the ${this.store.name} store cannot purge`);
    const result = await this.store.purgeInactive(options);
    if (result.deleted > 0) await this.cache.dropAll();
    return result;
  }

  async clearSessions(options: { kind?: "guest" | "customer" }): Promise<number> {
    if (!supports(this.store, "inspection")) throw new TypeError(`the ${this.store.name} store cannot clear sessions`);
    const deleted = await this.store.clearSessions(options);
    if (deleted > 0) await this.cache.dropAll();
    return deleted;
  }

  async close(): Promise<void> {
    try {
      await this.connection.close();
    } finally {
      await this.store.close?.();
    }
  }

  /** The database's row, copied to the cache; a row that is gone leaves a delete mark over any old copy. */
  private async loadFresh(key: string): Promise<SessionRecord | null> {
    const generation = await this.cache.currentGeneration();
    const row = await this.store.load(key);
    if (row) await this.cache.offer(row, generation, this.copyTtl(row), false);
    else await this.cache.markDeleted(key);
    return row;
  }

  /** A copy never outlives its row (deleted by cleanup once expired), nor the cache's TTL. */
  private copyTtl(row: SessionRecord): number {
    return Math.min(this.ttlMs, row.expiresAt * 1000 - Date.now());
  }

  private addBypass(key: string): void {
    if (this.bypass.size >= MAX_BYPASS) this.bypass.clear();
    this.bypass.set(key, (this.bypass.get(key) ?? 0) + 1);
  }

  private takeBypass(key: string): boolean {
    const n = this.bypass.get(key);
    if (n === undefined) return false;
    if (n <= 1) this.bypass.delete(key);
    else this.bypass.set(key, n - 1);
    return true;
  }
}

/**
 * Puts a Redis object cache in front of a SQL store (`sqliteStore`, `postgresStore`): a
 * session is read from Redis when a copy is there (one Redis round trip instead of a
 * database query), and every write goes to the database first, with the store's own
 * compare-and-swap, then to the copy. The result is the same store (same capabilities:
 * inspection, aggregates, rate limits, probe…), so the admin keeps working.
 *
 * Correct across instances: copies carry the row's version and only ever move forward; a
 * save that conflicts makes the engine's reload read the database; a delete marks the copy
 * deleted; a purge, a clear and a cache outage drop every copy (a new generation). A cache
 * outage is never an error: requests use the database alone, with one log line.
 */
export function cachedStore<S extends SessionStore>(store: S, options: ObjectCacheOptions): S {
  const connection = new RedisConnection(options.redis, { timeoutMs: options.timeoutMs ?? 500 });
  const name = `${store.name}+redis`;
  const cache = new ObjectCache(connection, options.keyPrefix ?? "cartsession:cache:", options.log ?? ((m) => console.warn(m)), store.name);
  const cached = new CachedSessions(store, cache, connection, options.ttlSeconds ?? 600);
  const own: Record<string, unknown> = {
    name,
    load: cached.load.bind(cached),
    loadByCustomer: cached.loadByCustomer.bind(cached),
    save: cached.save.bind(cached),
    delete: cached.delete.bind(cached),
    touch: cached.touch.bind(cached),
    close: cached.close.bind(cached),
  };
  // Only what the store itself offers, so `supports()` answers the same for both.
  if (supports(store, "purge")) own.purgeInactive = cached.purgeInactive.bind(cached);
  if (supports(store, "inspection")) own.clearSessions = cached.clearSessions.bind(cached);
  return new Proxy(store, {
    get(target, property, receiver) {
      if (typeof property === "string" && Object.hasOwn(own, property)) return own[property];
      const value = Reflect.get(target, property, receiver) as unknown;
      return typeof value === "function" ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}
