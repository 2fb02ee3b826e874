import { randomBytes } from "node:crypto";
import { runBatchedDelete } from "../store/batches.js";
import type {
  BulkLoadingStore,
  BulkSessionRow,
  CleanupOptions,
  CleanupResult,
  ProbingStore,
  RateLimitHit,
  RateLimitingStore,
  SaveResult,
  SessionRecord,
  SessionStore,
  SessionWrite,
} from "../store/port.js";
import type { RedisConnection } from "./connection.js";
import { RedisReplyError } from "./errors.js";
import { array, integer, loginsText, RECORD_FIELDS, text, toRecord } from "./record.js";
import { DELETE, DELETE_EXPIRED, HIT, LOAD_BY_CUSTOMER, PRUNE_HITS, SAVE, TOUCH } from "./store-scripts.js";

/** Index entries expired this long ago are dropped by inserts even if no cleanup ran (seconds). */
const INDEX_HORIZON = 86_400;
/** Saves and deletes: a failure after their command was written is `outcome_unknown`. */
const WRITE = { write: true } as const;
/** Rows per pipelined round of `bulkInsert`. */
const BULK_ROWS = 1_000;

/** Where each kind of key lives under the store's prefix. */
export interface RedisKeys {
  session(key: string): string;
  sessionPrefix: string;
  customer(customerId: string): string;
  customerPrefix: string;
  expiry: string;
  bucket(name: string): string;
  bucketPrefix: string;
  buckets: string;
  health: string;
}

export function redisKeys(prefix: string): RedisKeys {
  return {
    session: (key) => `${prefix}s:${key}`,
    sessionPrefix: `${prefix}s:`,
    customer: (id) => `${prefix}c:${id}`,
    customerPrefix: `${prefix}c:`,
    expiry: `${prefix}expiry`,
    bucket: (name) => `${prefix}rl:${name}`,
    bucketPrefix: `${prefix}rl:`,
    buckets: `${prefix}rl-index`,
    health: `${prefix}health`,
  };
}

/**
 * Sessions in Redis: one hash per session with a TTL at its expiry, a key per customer
 * naming their one session, and every change a compare-and-swap Lua script. Also counts
 * rate limits and answers the health probe. It cannot list or aggregate sessions (that
 * would mean scanning the keyspace): the store admin needs a SQL store.
 */
export class RedisStore implements SessionStore, RateLimitingStore, ProbingStore, BulkLoadingStore {
  readonly name = "redis";

  constructor(
    private readonly connection: RedisConnection,
    private readonly keys: RedisKeys,
  ) {}

  async load(key: string): Promise<SessionRecord | null> {
    return this.connection.run(async (client) => {
      const reply = await client.sendCommand(["HMGET", this.keys.session(key), ...RECORD_FIELDS]);
      return toRecord(key, array(reply, "HMGET"), "HMGET");
    });
  }

  async loadByCustomer(customerId: string): Promise<SessionRecord | null> {
    return this.connection.run(async (client) => {
      const reply = await LOAD_BY_CUSTOMER.run(client, [this.keys.customer(customerId)], [this.keys.sessionPrefix]);
      if (reply === null || reply === undefined) return null;
      const [key, ...values] = array(reply, "loadByCustomer", RECORD_FIELDS.length + 1);
      const record = toRecord(text(key, "loadByCustomer"), values, "loadByCustomer");
      // A customer key that outlived its session (it expires with it, so only briefly) names nothing.
      return record && record.customerId === customerId ? record : null;
    });
  }

  async save(write: SessionWrite): Promise<SaveResult> {
    return this.connection.run(async (client) => {
      const reply = await SAVE.run(client, this.saveKeys(write.key, write.customerId), [
        write.expectedVersion === null ? "" : write.expectedVersion,
        write.customerId ?? "",
        loginsText(write.logins),
        write.value,
        write.expiresAt,
        write.activeUntil,
        write.items,
        write.bytes ?? Buffer.byteLength(write.value),
        write.now,
        write.now,
        write.key,
        this.keys.sessionPrefix,
        INDEX_HORIZON,
      ]);
      return saveResult(reply, write.expectedVersion);
    }, WRITE);
  }

  async delete(key: string): Promise<boolean> {
    return this.connection.run(async (client) => {
      return integer(await DELETE.run(client, [this.keys.session(key), this.keys.expiry], [key, this.keys.customerPrefix]), "delete") === 1;
    }, WRITE);
  }

  async touch(key: string, expiresAt: number, activeUntil: number, now: number): Promise<boolean> {
    return this.connection.run(async (client) => {
      const reply = await TOUCH.run(client, [this.keys.session(key), this.keys.expiry], [expiresAt, activeUntil, now, key, this.keys.customerPrefix]);
      return integer(reply, "touch") === 1;
    });
  }

  /**
   * Redis drops each session at its expiry by itself (TTL): a run only clears the index
   * entries of sessions that expired, deleting any a TTL has not reached yet (an app clock
   * ahead of Redis's). `deleted` counts the expired sessions the run accounted for.
   */
  async deleteExpired(options: CleanupOptions): Promise<CleanupResult> {
    const result = await runBatchedDelete(options, { targetBatchMs: 5, pauseRatio: 0 }, (limit) =>
      this.connection.run(async (client) => {
        const reply = await DELETE_EXPIRED.run(client, [this.keys.expiry], [options.before, limit, this.keys.sessionPrefix, this.keys.customerPrefix]);
        return integer(reply, "deleteExpired");
      }),
    );
    const remaining = await this.connection.run(async (client) => {
      return integer(await client.sendCommand(["ZCOUNT", this.keys.expiry, "-inf", `(${options.before}`]), "ZCOUNT");
    });
    return { ...result, remaining };
  }

  /* ---------- rate limits ---------- */

  async hit(bucket: string, windowSeconds: number, now: number): Promise<RateLimitHit> {
    const window = Math.max(1, Math.floor(windowSeconds));
    const start = Math.floor(now / window) * window;
    return this.connection.run(async (client) => {
      const reply = await HIT.run(client, [this.keys.bucket(bucket), this.keys.buckets], [start, start + window, now, bucket, INDEX_HORIZON]);
      const [count, resetAt] = array(reply, "hit", 2);
      return { count: integer(count, "hit"), resetAt: integer(resetAt, "hit") };
    });
  }

  async clearHits(bucket: string): Promise<void> {
    await this.connection.run(async (client) => {
      await Promise.all([client.sendCommand(["DEL", this.keys.bucket(bucket)]), client.sendCommand(["ZREM", this.keys.buckets, bucket])]);
    });
  }

  /** Buckets also expire by TTL at the end of their window; this clears what the index still lists. */
  async pruneHits(now: number): Promise<number> {
    let pruned = 0;
    for (;;) {
      const n = await this.connection.run(async (client) => {
        return integer(await PRUNE_HITS.run(client, [this.keys.buckets], [now, 1_000, this.keys.bucketPrefix]), "pruneHits");
      });
      pruned += n;
      if (n < 1_000) return pruned;
    }
  }

  /* ---------- health ---------- */

  /** A write and a read of one key: Redis is reachable, accepts writes (not a read-only replica) and answers sanely. */
  async probe(): Promise<void> {
    const token = randomBytes(8).toString("hex");
    await this.connection.run(async (client) => {
      const [, read] = await Promise.all([client.sendCommand(["SET", this.keys.health, token, "PX", "60000"]), client.sendCommand(["GET", this.keys.health])]);
      if (read !== token) throw new RedisReplyError("the probe's GET", read);
    });
  }

  /* ---------- bulk load ---------- */

  /** Inserts rows whose key is new (and whose customer has no session yet), pipelined. */
  async bulkInsert(rows: readonly BulkSessionRow[]): Promise<number> {
    let inserted = 0;
    for (let i = 0; i < rows.length; i += BULK_ROWS) {
      const chunk = rows.slice(i, i + BULK_ROWS);
      inserted += await this.connection.run(async (client) => {
        // Commands issued together are written together: one round trip per chunk.
        const replies = await Promise.all(
          chunk.map((row) =>
            SAVE.run(client, this.saveKeys(row.key, row.customerId ?? null), [
              "",
              row.customerId ?? "",
              "[]",
              row.value,
              row.expiresAt,
              row.activeUntil,
              row.items ?? 0,
              Buffer.byteLength(row.value),
              row.updatedAt,
              row.createdAt,
              row.key,
              this.keys.sessionPrefix,
              INDEX_HORIZON,
            ]),
          ),
        );
        return replies.filter((reply) => saveResult(reply, null).ok).length;
      });
    }
    return inserted;
  }

  /** Closes the connection the store opened from a URL (an app's own client stays open). */
  async close(): Promise<void> {
    await this.connection.close();
  }

  private saveKeys(key: string, customerId: string | null): string[] {
    const keys = [this.keys.session(key), this.keys.expiry];
    if (customerId !== null) keys.push(this.keys.customer(customerId));
    return keys;
  }
}

function saveResult(reply: unknown, expectedVersion: number | null): SaveResult {
  const parts = array(reply, "save");
  const ok = integer(parts[0], "save");
  if (ok === 0 && parts.length === 1) return { ok: false, reason: "conflict" };
  const version = integer(parts[1], "save");
  // The version a save produces is known in advance: anything else is not this save's reply.
  if (ok !== 1 || parts.length !== 2 || version !== (expectedVersion === null ? 1 : expectedVersion + 1)) throw new RedisReplyError("save", reply);
  return { ok: true, version };
}
