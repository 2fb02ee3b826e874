/**
 * The Redis side of the object cache: copies of session rows, each with the row's version,
 * and the cache's health. A failing cache is never an error: every operation answers
 * `undefined` ("no cache now") and the caller uses the database alone. While it is out,
 * writes reach only the database, so the copies Redis still holds may be older than the
 * rows: the first operation after the outage moves the cache generation first, which
 * drops them all.
 */
import type { SessionRecord } from "../store/port.js";
import type { RedisClient, RedisConnection } from "./connection.js";
import { CACHE_GET, CACHE_MARK_DELETED, CACHE_OFFER, CACHE_TOUCH } from "./cache-scripts.js";
import { array, integer, recordArgs, text, toRecord } from "./record.js";

/** How long a deleted row's mark keeps reads on the database (longer than any read in flight). */
const DELETE_MARK_MS = 60_000;
/** While the cache is out, how long to go without it before trying again. */
const RETRY_MS = 1_000;

export type CacheRead = { kind: "hit"; record: SessionRecord } | { kind: "miss"; generation: string } | { kind: "deleted" };

export class ObjectCache {
  /** The generation last seen in any reply: what this instance's next copy is stamped with. */
  private generation: string | null = null;
  private outage: { until: number; stale: boolean } | null = null;
  private recovery: Promise<boolean> | null = null;

  constructor(
    private readonly connection: RedisConnection,
    private readonly prefix: string,
    private readonly log: (message: string) => void,
    private readonly storeName: string,
  ) {}

  /** The generation to stamp a copy of what is about to be read or written (learned once per process). */
  async currentGeneration(): Promise<string | null> {
    if (this.generation !== null) return this.generation;
    await this.use(false, async (client) => this.seen(text((await client.sendCommand(["GET", this.generationKey])) ?? "0", "GET")));
    return this.generation;
  }

  async get(key: string): Promise<CacheRead | undefined> {
    return this.use(false, async (client) => {
      const reply = array(await CACHE_GET.run(client, [this.entry(key), this.generationKey], []), "the cache read");
      const generation = this.seen(text(reply[0], "the cache read"));
      const kind = text(reply[1], "the cache read");
      if (kind === "miss") return { kind, generation };
      if (kind === "deleted") return { kind };
      const record = toRecord(key, reply.slice(2), "the cache read");
      if (kind !== "hit" || record === null) throw new Error(`the cache entry of ${key} is malformed`);
      return { kind, record };
    });
  }

  /**
   * Offers a copy of `record` as read or written under `generation`. `afterWrite`: the
   * database changed, so a copy that cannot be offered may leave an older one in place.
   */
  async offer(record: SessionRecord, generation: string | null, ttlMs: number, afterWrite: boolean): Promise<void> {
    if (generation === null) {
      if (afterWrite) this.staleWhileOut();
      return;
    }
    await this.use(afterWrite, async (client) => {
      const args = [generation, Math.floor(ttlMs), ...recordArgs(record)];
      this.seen(text(await CACHE_OFFER.run(client, [this.entry(record.key), this.generationKey], args), "the cache write"));
    });
  }

  async touch(key: string, expiresAt: number, activeUntil: number, now: number, ttlCapMs: number): Promise<void> {
    await this.use(true, async (client) => {
      this.seen(text(await CACHE_TOUCH.run(client, [this.entry(key), this.generationKey], [expiresAt, activeUntil, now, ttlCapMs]), "the cache touch"));
    });
  }

  /** Marks a row deleted: reads go to the database (and copy nothing) until the mark expires. */
  async markDeleted(key: string): Promise<void> {
    await this.use(true, async (client) => {
      this.seen(text(await CACHE_MARK_DELETED.run(client, [this.entry(key), this.generationKey], [DELETE_MARK_MS]), "the cache delete"));
    });
  }

  /** Drops every copy at once (after a bulk delete in the database). */
  async dropAll(): Promise<void> {
    await this.use(true, (client) => this.bump(client));
  }

  private async bump(client: RedisClient): Promise<void> {
    this.seen(String(integer(await client.sendCommand(["INCR", this.generationKey]), "INCR")));
  }

  private seen(generation: string): string {
    this.generation = generation;
    return generation;
  }

  private get generationKey(): string {
    return `${this.prefix}generation`;
  }

  private entry(key: string): string {
    return `${this.prefix}o:${key}`;
  }

  /**
   * Runs a cache operation, or skips it while the cache is out. A skipped or failed
   * operation that follows a database write leaves the cache stale until the next
   * generation.
   */
  private async use<T>(afterWrite: boolean, op: (client: RedisClient) => Promise<T>): Promise<T | undefined> {
    if (this.outage && !(await this.recover())) {
      if (afterWrite) this.staleWhileOut();
      return undefined;
    }
    try {
      return await this.connection.run(op);
    } catch (error) {
      this.fail(error, afterWrite);
      return undefined;
    }
  }

  private staleWhileOut(): void {
    if (this.outage) this.outage.stale = true;
    else this.outage = { until: 0, stale: true };
  }

  private fail(error: unknown, stale: boolean): void {
    if (!this.outage) {
      const reason = error instanceof Error ? ((error.cause instanceof Error ? error.cause.message : "") || error.message) : String(error);
      this.log(`[cartsession] the Redis object cache is unavailable (${reason}); sessions are read from and written to ${this.storeName} directly until it is back`);
      this.outage = { until: 0, stale: false };
    }
    this.outage.until = Date.now() + RETRY_MS;
    if (stale) this.outage.stale = true;
  }

  /** One attempt at a time to come back: a stale cache is dropped (new generation) before it is used again. */
  private recover(): Promise<boolean> {
    const outage = this.outage;
    if (!outage) return Promise.resolve(true);
    if (Date.now() < outage.until) return Promise.resolve(false);
    this.recovery ??= (async () => {
      try {
        if (outage.stale) await this.connection.run((client) => this.bump(client));
        else await this.connection.run((client) => client.sendCommand(["PING"]));
        if (this.outage === outage) this.outage = null;
        this.log(`[cartsession] the Redis object cache is back${outage.stale ? " (copies older than the outage dropped)" : ""}`);
        return true;
      } catch {
        outage.until = Date.now() + RETRY_MS;
        return false;
      } finally {
        this.recovery = null;
      }
    })();
    return this.recovery;
  }
}
