import type {
  BulkSessionRow,
  CleanupOptions,
  CleanupResult,
  CleanupRun,
  PurgeOptions,
  AdminAggregates,
  AggregateParams,
  RestoreToken,
  SaveRequest,
  SaveResult,
  SessionFilter,
  SessionListEntry,
  SessionStore,
  StoreStats,
  StoredSession,
} from "../../lib/session/store";
import { shapeAggregates, type AggregateRows } from "../admin-aggregates";
import { runBatchedCleanup } from "../cleanup";
import { sessionFilterSql, SQLITE_FILTER } from "../session-filter"; // issue 16 addition
import type { SqliteDatabase } from "./open";

type Row = { session_key: string; session_value: string; session_expiry: number; session_version: number };
type ListRow = { session_key: string; session_expiry: number; session_updated: number; bytes: number; session_value: string };
type RunRow = {
  started_at: number;
  source: CleanupRun["source"];
  kind: CleanupRun["kind"];
  deleted: number;
  batches: number;
  duration_ms: number;
  remaining: number;
};

/** Rows per multi-row INSERT in bulkInsert: 6 parameters each, far below SQLite's 32,766 limit. */
const BULK_ROWS_PER_STATEMENT = 500;

/** Page cache during bulkInsert, in KiB (negative = KiB in SQLite's cache_size). */
const BULK_CACHE_SIZE = -131_072;

function bulkInsertSql(rows: number): string {
  const values = Array.from({ length: rows }, () => "(?, ?, ?, 1, ?, ?, ?)").join(", ");
  return `INSERT INTO sessions (session_key, session_value, session_expiry, session_version, session_created, session_updated, session_items)
    VALUES ${values} ON CONFLICT (session_key) DO NOTHING`;
}

function toListEntry(r: ListRow): SessionListEntry {
  return { key: r.session_key, expiry: r.session_expiry, updated: r.session_updated, bytes: r.bytes, value: r.session_value };
}

/**
 * One writer at a time: batches of a few milliseconds, each followed by a pause twice as
 * long, keep a concurrent session save's wait short (measured in `npm run bench`).
 */
const SQLITE_BATCHING = { targetBatchMs: 5, pauseRatio: 2 } as const;

/** The embedded default: better-sqlite3, WAL mode, statements prepared once per connection. */
export class SqliteSessionStore implements SessionStore {
  readonly kind = "sqlite" as const;
  private readonly statements;

  constructor(readonly db: SqliteDatabase) {
    this.statements = {
      load: db.prepare<[string], Row>(
        "SELECT session_key, session_value, session_expiry, session_version FROM sessions WHERE session_key = ?",
      ),
      insert: db.prepare<[string, string, number, number, number, number]>(
        `INSERT INTO sessions (session_key, session_value, session_expiry, session_version, session_created, session_updated, session_items)
         VALUES (?, ?, ?, 1, ?, ?, ?) ON CONFLICT (session_key) DO NOTHING`,
      ),
      update: db.prepare<[string, number, number, number, string, number]>(
        `UPDATE sessions SET session_value = ?, session_expiry = ?, session_version = session_version + 1, session_updated = ?, session_items = ?
         WHERE session_key = ? AND session_version = ?`,
      ),
      delete: db.prepare<[string]>("DELETE FROM sessions WHERE session_key = ?"),
      touch: db.prepare<[number, number, string]>(
        "UPDATE sessions SET session_expiry = ?, session_updated = max(session_updated, ?) WHERE session_key = ?",
      ),
      deleteBatch: db.prepare<[number, number]>(
        "DELETE FROM sessions WHERE session_id IN (SELECT session_id FROM sessions WHERE session_expiry < ? LIMIT ?)",
      ),
      countExpired: db.prepare<[number], { n: number }>("SELECT count(*) AS n FROM sessions WHERE session_expiry < ?"),
      purgeBatch: db.prepare<[number, number]>(
        "DELETE FROM sessions WHERE session_id IN (SELECT session_id FROM sessions WHERE session_updated < ? LIMIT ?)",
      ),
      countInactive: db.prepare<[number], { n: number }>("SELECT count(*) AS n FROM sessions WHERE session_updated < ?"),
      bulkInsertMany: db.prepare(bulkInsertSql(BULK_ROWS_PER_STATEMENT)),
      bulkInsertOne: db.prepare(bulkInsertSql(1)),
      stats: db.prepare<[number], { rows: number; active: number | null; bytes: number | null }>(
        `SELECT count(*) AS rows, sum(session_expiry > ?) AS active, sum(length(CAST(session_value AS BLOB))) AS bytes FROM sessions`,
      ),
      list: db.prepare<[number, number], ListRow>(
        `SELECT session_key, session_expiry, session_updated, length(CAST(session_value AS BLOB)) AS bytes, session_value
         FROM sessions ORDER BY session_updated DESC, session_id DESC LIMIT ? OFFSET ?`,
      ),
      largest: db.prepare<[number], ListRow>(
        `SELECT session_key, session_expiry, session_updated, length(CAST(session_value AS BLOB)) AS bytes, session_value
         FROM sessions ORDER BY bytes DESC, session_id DESC LIMIT ?`,
      ),
      recordRun: db.prepare<[number, string, string, number, number, number, number]>(
        `INSERT INTO session_cleanup_runs (started_at, source, kind, deleted, batches, duration_ms, remaining)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      ),
      runs: db.prepare<[number], RunRow>(
        "SELECT started_at, source, kind, deleted, batches, duration_ms, remaining FROM session_cleanup_runs ORDER BY started_at DESC, id DESC LIMIT ?",
      ),
    };
  }

  async load(key: string): Promise<StoredSession | null> {
    const row = this.statements.load.get(key);
    return row
      ? { key: row.session_key, value: row.session_value, expiry: row.session_expiry, version: row.session_version }
      : null;
  }

  async save(request: SaveRequest): Promise<SaveResult> {
    const { key, value, expiry, expectedVersion, now } = request;
    const items = request.items ?? 0;
    if (expectedVersion === null) {
      const { changes } = this.statements.insert.run(key, value, expiry, now, now, items);
      return changes === 1 ? { ok: true, version: 1 } : { ok: false, reason: "conflict" };
    }
    const { changes } = this.statements.update.run(value, expiry, now, items, key, expectedVersion);
    return changes === 1 ? { ok: true, version: expectedVersion + 1 } : { ok: false, reason: "conflict" };
  }

  async delete(key: string): Promise<boolean> {
    return this.statements.delete.run(key).changes > 0;
  }

  async touch(key: string, expiry: number, now: number): Promise<boolean> {
    return this.statements.touch.run(expiry, now, key).changes > 0;
  }

  async deleteExpired(options: CleanupOptions): Promise<CleanupResult> {
    const result = await runBatchedCleanup({ ...SQLITE_BATCHING, ...options }, async (limit) => this.statements.deleteBatch.run(options.before, limit).changes);
    const remaining = this.statements.countExpired.get(options.before)?.n ?? 0;
    if (result.deleted > 0) {
      // Give the freed WAL back to the disk; journal_size_limit caps what stays.
      this.db.pragma("wal_checkpoint(TRUNCATE)");
    }
    return { ...result, remaining };
  }

  async purgeInactive(options: PurgeOptions): Promise<CleanupResult> {
    const result = await runBatchedCleanup({ ...SQLITE_BATCHING, ...options }, async (limit) => this.statements.purgeBatch.run(options.updatedBefore, limit).changes);
    const remaining = this.statements.countInactive.get(options.updatedBefore)?.n ?? 0;
    if (result.deleted > 0) this.db.pragma("wal_checkpoint(TRUNCATE)");
    return { ...result, remaining };
  }

  async bulkInsert(rows: readonly BulkSessionRow[]): Promise<number> {
    const { bulkInsertMany, bulkInsertOne } = this.statements;
    const insertAll = this.db.transaction((all: readonly BulkSessionRow[]) => {
      let inserted = 0;
      let i = 0;
      const params: (string | number)[] = [];
      for (; i + BULK_ROWS_PER_STATEMENT <= all.length; i += BULK_ROWS_PER_STATEMENT) {
        params.length = 0;
        for (let j = i; j < i + BULK_ROWS_PER_STATEMENT; j++) {
          const r = all[j] as BulkSessionRow;
          params.push(r.key, r.value, r.expiry, r.created, r.updated, r.items ?? 0);
        }
        inserted += bulkInsertMany.run(params).changes;
      }
      for (; i < all.length; i++) {
        const r = all[i] as BulkSessionRow;
        inserted += bulkInsertOne.run(r.key, r.value, r.expiry, r.created, r.updated, r.items ?? 0).changes;
      }
      return inserted;
    });
    // Random keys scatter writes over the unique index: sorted rows and a bigger page cache
    // for the load make a million-row insert several times faster.
    const sorted = [...rows].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    const cacheSize = this.db.pragma("cache_size", { simple: true }) as number;
    this.db.pragma(`cache_size = ${BULK_CACHE_SIZE}`);
    try {
      return insertAll.immediate(sorted);
    } finally {
      this.db.pragma(`cache_size = ${cacheSize}`);
    }
  }

  async stats(now: number): Promise<StoreStats> {
    const row = this.statements.stats.get(now);
    const rows = row?.rows ?? 0;
    const active = row?.active ?? 0;
    return { rows, active, expired: rows - active, valueBytes: row?.bytes ?? 0, tableBytes: this.tableBytes() };
  }

  async list(options: { limit: number; offset: number }): Promise<SessionListEntry[]> {
    return this.statements.list
      .all(options.limit, options.offset)
      .map(toListEntry);
  }

  async largest(limit: number): Promise<SessionListEntry[]> {
    return this.statements.largest.all(limit).map(toListEntry);
  }

  async listIdle(options: { updatedBefore: number; limit: number; offset: number }): Promise<SessionListEntry[]> {
    return this.db
      .prepare<[number, number, number], ListRow>(
        `SELECT session_key, session_expiry, session_updated, length(CAST(session_value AS BLOB)) AS bytes, session_value
         FROM sessions WHERE session_updated < ? ORDER BY session_updated DESC, session_id DESC LIMIT ? OFFSET ?`,
      )
      .all(options.updatedBefore, options.limit, options.offset)
      .map(toListEntry);
  }

  async createRestoreToken(token: RestoreToken): Promise<void> {
    this.db
      .prepare("INSERT INTO cart_restore_tokens (token_hash, session_key, cart, created_at, expires_at) VALUES (?, ?, ?, ?, ?)")
      .run(token.tokenHash, token.sessionKey, token.cart, token.createdAt, token.expiresAt);
  }

  async consumeRestoreToken(tokenHash: string, now: number): Promise<string | null> {
    const row = this.db
      .prepare<[number, string, number], { cart: string }>(
        "UPDATE cart_restore_tokens SET used_at = ? WHERE token_hash = ? AND used_at IS NULL AND expires_at > ? RETURNING cart",
      )
      .get(now, tokenHash, now);
    return row?.cart ?? null;
  }

  async adminAggregates(params: AggregateParams): Promise<AdminAggregates> {
    const { now } = params;
    // The cookie's end is the row's expiry minus one lifetime (see rowExpiryFor).
    const guest = "session_key LIKE 't\\_%' ESCAPE '\\'";
    const cookieEnd = `(session_expiry - CASE WHEN ${guest} THEN ${Number(params.guestLifetime)} ELSE ${Number(params.userLifetime)} END)`;
    const totals = this.db
      .prepare(
        `SELECT sum(${guest}) AS guests, count(*) AS total, sum(${cookieEnd} > $now) AS active,
                sum(session_expiry <= $now) AS expired_rows,
                sum(session_items > 0 AND ${cookieEnd} > $now) AS open_carts,
                coalesce(sum(CASE WHEN ${cookieEnd} > $now THEN session_items END), 0) AS items,
                sum(${cookieEnd} > $now AND ${cookieEnd} <= $now + 3600) AS expiring_hour
         FROM sessions`,
      )
      .get({ now }) as AggregateRows["totals"];
    const expiry = this.db
      .prepare(`SELECT CAST((${cookieEnd} - $now - 1) / 3600 AS INTEGER) AS bucket, count(*) AS n FROM sessions WHERE ${cookieEnd} > $now AND ${cookieEnd} <= $now + 172800 GROUP BY bucket`)
      .all({ now }) as AggregateRows["expiry"];
    const created = this.db
      .prepare("SELECT CAST(($now - session_created) / 3600 AS INTEGER) AS bucket, count(*) AS n FROM sessions WHERE session_created > $now - 172800 AND session_created <= $now GROUP BY bucket")
      .all({ now }) as AggregateRows["created"];
    const sizes = this.db
      .prepare(`SELECT min(session_items, 10) AS bucket, count(*) AS n FROM sessions WHERE session_items > 0 AND ${cookieEnd} > $now GROUP BY bucket`)
      .all({ now }) as AggregateRows["sizes"];
    return shapeAggregates({ totals, expiry, created, sizes });
  }

  async countByKind(): Promise<{ guests: number; customers: number }> {
    const row = this.db
      .prepare<[], { guests: number | null; total: number }>(
        "SELECT sum(session_key LIKE 't\\_%' ESCAPE '\\') AS guests, count(*) AS total FROM sessions",
      )
      .get();
    const guests = row?.guests ?? 0;
    return { guests, customers: (row?.total ?? 0) - guests };
  }

  async clearSessions(options: { guestsOnly: boolean }): Promise<number> {
    const where = options.guestsOnly ? "WHERE session_key LIKE 't\\_%' ESCAPE '\\'" : "";
    const batch = this.db.prepare<[number]>(`DELETE FROM sessions WHERE session_id IN (SELECT session_id FROM sessions ${where} LIMIT ?)`);
    const result = await runBatchedCleanup({ ...SQLITE_BATCHING, timeBudgetMs: 600_000 }, async (limit) => batch.run(limit).changes);
    if (result.deleted > 0) this.db.pragma("wal_checkpoint(TRUNCATE)");
    return result.deleted;
  }

  async recordCleanupRun(run: CleanupRun): Promise<void> {
    this.statements.recordRun.run(run.startedAt, run.source, run.kind, run.deleted, run.batches, run.durationMs, run.remaining);
  }

  async cleanupRuns(limit: number): Promise<CleanupRun[]> {
    return this.statements.runs.all(limit).map((r) => ({
      startedAt: r.started_at,
      source: r.source,
      kind: r.kind,
      deleted: r.deleted,
      batches: r.batches,
      durationMs: r.duration_ms,
      remaining: r.remaining,
    }));
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }

  // issue 16 additions: the admin's filtered session lists with true totals.
  // NOT INDEXED: without table statistics SQLite may walk a wide index range and look up
  // most rows one by one (1.5 s at 1M rows); a plain scan is about 0.1 s for any filter.
  async countSessions(filter: SessionFilter): Promise<number> {
    const { where, params } = sessionFilterSql(filter, SQLITE_FILTER);
    return this.db.prepare<number[], { n: number }>(`SELECT count(*) AS n FROM sessions NOT INDEXED ${where}`).get(...params)?.n ?? 0;
  }

  async listSessions(filter: SessionFilter, page: { limit: number; offset: number }): Promise<SessionListEntry[]> {
    const { where, params } = sessionFilterSql(filter, SQLITE_FILTER);
    // Unfiltered, the session_updated index gives the order and stops after the page; a
    // filter may match few rows, so a scan and a top-N sort is the predictable plan.
    return this.db
      .prepare<number[], ListRow>(
        `SELECT session_key, session_expiry, session_updated, length(CAST(session_value AS BLOB)) AS bytes, session_value
         FROM sessions ${where ? "NOT INDEXED" : ""} ${where} ORDER BY session_updated DESC, session_id DESC LIMIT ? OFFSET ?`,
      )
      .all(...params, page.limit, page.offset)
      .map(toListEntry);
  }
  // end of issue 16 additions

  private tableBytes(): number | null {
    try {
      const row = this.db
        .prepare<[], { bytes: number | null }>(
          "SELECT sum(pgsize) AS bytes FROM dbstat WHERE name = 'sessions' OR name LIKE 'sessions\\_%' ESCAPE '\\' OR name LIKE 'sqlite_autoindex_sessions%'",
        )
        .get();
      return row?.bytes ?? 0;
    } catch {
      const pages = this.db.pragma("page_count", { simple: true }) as number;
      const size = this.db.pragma("page_size", { simple: true }) as number;
      return pages * size;
    }
  }
}
