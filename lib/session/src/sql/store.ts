import { randomInt } from "node:crypto";
import { runBatchedDelete, type BatchTuning } from "../store/batches.js";
import type {
  AggregateLayout,
  AggregatingStore,
  BulkLoadingStore,
  BulkSessionRow,
  CleanupLogStore,
  CleanupOptions,
  CleanupResult,
  CleanupRun,
  InspectableStore,
  ProbingStore,
  RateLimitHit,
  RateLimitingStore,
  PurgeOptions,
  PurgingStore,
  SaveResult,
  SessionAggregates,
  SessionQuery,
  SessionRecord,
  SessionStore,
  SessionSummary,
  SessionWrite,
} from "../store/port.js";
import type { SqlClient, SqlParam, SqlRow } from "./client.js";
import type { TableNames } from "./tables.js";

const num = (value: unknown): number => (value === null || value === undefined ? 0 : Number(value));

function parseLogins(value: unknown): string[] {
  if (typeof value !== "string" || value === "[]") return [];
  try {
    const parsed: unknown = JSON.parse(value);
    return Array.isArray(parsed) ? parsed.filter((id): id is string => typeof id === "string") : [];
  } catch {
    return [];
  }
}

function toRecord(row: SqlRow): SessionRecord {
  return {
    key: String(row.session_key),
    customerId: row.customer_id === null || row.customer_id === undefined ? null : String(row.customer_id),
    logins: parseLogins(row.session_logins),
    value: String(row.session_value),
    expiresAt: num(row.session_expiry),
    activeUntil: num(row.session_active_until),
    version: num(row.session_version),
    items: num(row.session_items),
    bytes: num(row.session_bytes),
    updatedAt: num(row.session_updated),
  };
}

function toSummary(row: SqlRow): SessionSummary {
  return {
    key: String(row.session_key),
    customerId: row.customer_id === null || row.customer_id === undefined ? null : String(row.customer_id),
    expiresAt: num(row.session_expiry),
    activeUntil: num(row.session_active_until),
    createdAt: num(row.session_created),
    updatedAt: num(row.session_updated),
    items: num(row.session_items),
    bytes: num(row.session_bytes),
    value: String(row.session_value),
  };
}

function buckets(rows: SqlRow[], length: number): number[] {
  const out = new Array<number>(length).fill(0);
  for (const row of rows) {
    const i = Math.floor(num(row.bucket));
    if (i >= 0 && i < length) out[i] = num(row.n);
  }
  return out;
}

/** `LIKE` pattern for a literal prefix. */
function prefixPattern(text: string): string {
  return `${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

const RECORD_COLUMNS =
  "session_key, customer_id, session_logins, session_value, session_expiry, session_active_until, session_version, session_items, session_bytes, session_updated";
const SUMMARY_COLUMNS = "session_key, customer_id, session_expiry, session_active_until, session_created, session_updated, session_items, session_bytes, session_value";

/** Rows per multi-row INSERT in bulkInsert (11 or 12 parameters each; far below either dialect's limit). */
const BULK_ROWS = 500;

export interface SqlStoreOptions {
  name: string;
  client: SqlClient;
  tables: TableNames;
  batching: BatchTuning;
  /** The database file or server's own size of the sessions table, where it can tell. */
  tableBytes(): Promise<number | null>;
  /** Runs after a batched delete removed rows (SQLite gives the freed WAL back to the disk). */
  afterDelete?(): void;
  /** Extra durability checks for `probe()` (e.g. the SQLite file is still the one open). */
  probeExtra?(): Promise<void>;
  /** Runs before every save; throws when a write could not last (e.g. the SQLite file was deleted). */
  beforeWrite?(): void;
  close?(): Promise<void>;
}

/** A random 53-bit row id (a JavaScript-safe integer): Postgres rows carry no sequence (migration 0004). */
function randomRowId(): number {
  return randomInt(2 ** 26) * 2 ** 27 + randomInt(2 ** 27);
}

/** The layout, checked: its numbers are interpolated into SQL, so only small integers pass. */
function checkedLayout(layout: AggregateLayout): AggregateLayout {
  const { buckets, bucketSeconds, largestCartSize } = layout;
  const ok = (v: number, min: number, max: number) => Number.isInteger(v) && v >= min && v <= max;
  if (!ok(buckets, 1, 1000) || !ok(bucketSeconds, 60, 366 * 86400) || !ok(largestCartSize, 1, 1000)) {
    throw new RangeError(`aggregates: a layout of 1-1000 buckets of at least 60 seconds and a largest cart size of 1-1000, not ${JSON.stringify(layout)}`);
  }
  return layout;
}

/**
 * The sessions table on any SQL database, written once for SQLite and Postgres: the
 * statements are the same text, and the few dialect differences are the small functions
 * below. Every query is parameterised; only validated table names are interpolated.
 */
export class SqlSessionStore
  implements SessionStore, InspectableStore, AggregatingStore, CleanupLogStore, PurgingStore, BulkLoadingStore, ProbingStore, RateLimitingStore
{
  readonly name: string;
  private readonly client: SqlClient;
  private readonly t: TableNames;
  private readonly sql;

  constructor(private readonly options: SqlStoreOptions) {
    this.name = options.name;
    this.client = options.client;
    this.t = options.tables;
    const s = `"${this.t.sessions}"`;
    const pg = this.client.dialect === "postgres";
    const greatest = pg ? "GREATEST" : "max";
    const least = pg ? "LEAST" : "min";
    const skipLocked = pg ? " FOR UPDATE SKIP LOCKED" : "";
    this.sql = {
      s,
      greatest,
      least,
      skipLocked,
      load: `SELECT ${RECORD_COLUMNS} FROM ${s} WHERE session_key = ?`,
      loadByCustomer: `SELECT ${RECORD_COLUMNS} FROM ${s} WHERE customer_id = ?`,
      // No conflict target: a duplicate key and a second row for one customer are both conflicts.
      // Postgres rows get their id from the store (no sequence, migration 0004); SQLite's is the rowid.
      insert: `INSERT INTO ${s} (${pg ? "session_id, " : ""}session_key, customer_id, session_logins, session_value, session_expiry, session_active_until, session_version, session_created, session_updated, session_items, session_bytes)
        VALUES (${pg ? "?, " : ""}?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
      update: `UPDATE ${s} SET session_logins = ?, session_value = ?, session_expiry = ?, session_active_until = ?, session_version = session_version + 1,
        session_updated = ?, session_items = ?, session_bytes = ? WHERE session_key = ? AND session_version = ?`,
      delete: `DELETE FROM ${s} WHERE session_key = ?`,
      touch: `UPDATE ${s} SET session_expiry = ${greatest}(session_expiry, ?), session_active_until = ${greatest}(session_active_until, ?),
        session_updated = ${greatest}(session_updated, ?) WHERE session_key = ?`,
      deleteExpired: `DELETE FROM ${s} WHERE session_id IN (SELECT session_id FROM ${s} WHERE session_expiry < ? LIMIT ?${skipLocked})`,
      countExpired: `SELECT count(*) AS n FROM ${s} WHERE session_expiry < ?`,
      purge: `DELETE FROM ${s} WHERE session_id IN (SELECT session_id FROM ${s} WHERE session_updated < ? LIMIT ?${skipLocked})`,
      countInactive: `SELECT count(*) AS n FROM ${s} WHERE session_updated < ?`,
      // An upsert: tables made by an app's own drizzle-kit start without the probe row.
      probe: `INSERT INTO "${this.t.health}" (id, checked_at) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET checked_at = excluded.checked_at`,
    };
  }

  async load(key: string): Promise<SessionRecord | null> {
    const [row] = await this.client.all(this.sql.load, [key]);
    return row ? toRecord(row) : null;
  }

  async loadByCustomer(customerId: string): Promise<SessionRecord | null> {
    const [row] = await this.client.all(this.sql.loadByCustomer, [customerId]);
    return row ? toRecord(row) : null;
  }

  async save(write: SessionWrite): Promise<SaveResult> {
    this.options.beforeWrite?.();
    const logins = write.logins.length === 0 ? "[]" : JSON.stringify(write.logins);
    const bytes = write.bytes ?? Buffer.byteLength(write.value);
    if (write.expectedVersion === null) {
      const inserted = await this.client.run(this.sql.insert, [
        ...this.rowId(),
        write.key, write.customerId, logins, write.value, write.expiresAt, write.activeUntil, write.now, write.now, write.items, bytes,
      ]);
      return inserted === 1 ? { ok: true, version: 1 } : { ok: false, reason: "conflict" };
    }
    const updated = write.base ? await this.updateChanged(write, write.base, logins, bytes) : await this.client.run(this.sql.update, [
      logins, write.value, write.expiresAt, write.activeUntil, write.now, write.items, bytes, write.key, write.expectedVersion,
    ]);
    return updated === 1 ? { ok: true, version: write.expectedVersion + 1 } : { ok: false, reason: "conflict" };
  }

  /**
   * The update with only the columns that differ from the row as loaded: every indexed
   * column left out is an index entry not rewritten (a cart change usually moves only the
   * value, the item count and the activity time). The version check keeps it exact.
   */
  private updateChanged(write: SessionWrite, base: SessionRecord, logins: string, bytes: number): Promise<number> {
    const columns: string[] = ["session_value = ?"];
    const params: SqlParam[] = [write.value];
    const differs = (column: string, value: SqlParam, was: SqlParam | undefined) => {
      if (value !== was) {
        columns.push(`${column} = ?`);
        params.push(value);
      }
    };
    differs("session_logins", logins, base.logins.length === 0 ? "[]" : JSON.stringify(base.logins));
    differs("session_expiry", write.expiresAt, base.expiresAt);
    differs("session_active_until", write.activeUntil, base.activeUntil);
    differs("session_updated", write.now, base.updatedAt);
    differs("session_items", write.items, base.items);
    differs("session_bytes", bytes, base.bytes);
    return this.client.run(`UPDATE ${this.sql.s} SET ${columns.join(", ")}, session_version = session_version + 1 WHERE session_key = ? AND session_version = ?`, [
      ...params,
      write.key,
      write.expectedVersion,
    ]);
  }

  async delete(key: string): Promise<boolean> {
    return (await this.client.run(this.sql.delete, [key])) > 0;
  }

  async touch(key: string, expiresAt: number, activeUntil: number, now: number): Promise<boolean> {
    return (await this.client.run(this.sql.touch, [expiresAt, activeUntil, now, key])) > 0;
  }

  async deleteExpired(options: CleanupOptions): Promise<CleanupResult> {
    const result = await runBatchedDelete(options, this.options.batching, (limit) => this.client.run(this.sql.deleteExpired, [options.before, limit]));
    if (result.deleted > 0) this.options.afterDelete?.();
    const [count] = await this.client.all(this.sql.countExpired, [options.before]);
    return { ...result, remaining: num(count?.n) };
  }

  async purgeInactive(options: PurgeOptions): Promise<CleanupResult> {
    const result = await runBatchedDelete(options, this.options.batching, (limit) => this.client.run(this.sql.purge, [options.updatedBefore, limit]));
    if (result.deleted > 0) this.options.afterDelete?.();
    const [count] = await this.client.all(this.sql.countInactive, [options.updatedBefore]);
    return { ...result, remaining: num(count?.n) };
  }

  /* ---------- rate limits ---------- */

  async hit(bucket: string, windowSeconds: number, now: number): Promise<RateLimitHit> {
    const window = Math.max(1, Math.floor(windowSeconds));
    const start = Math.floor(now / window) * window;
    const r = `"${this.t.rateLimits}"`;
    const { greatest } = this.sql;
    // One statement: concurrent hits from any number of instances each count once. A hit
    // from a clock behind the stored window counts in the stored (newer) window.
    const [row] = await this.client.all(
      `INSERT INTO ${r} (bucket, window_start, reset_at, hits) VALUES (?, ?, ?, 1)
       ON CONFLICT (bucket) DO UPDATE SET
         hits = CASE WHEN ${r}.window_start >= excluded.window_start THEN ${r}.hits + 1 ELSE 1 END,
         window_start = ${greatest}(${r}.window_start, excluded.window_start),
         reset_at = ${greatest}(${r}.reset_at, excluded.reset_at)
       RETURNING hits, reset_at`,
      [bucket, start, start + window],
    );
    return { count: num(row?.hits), resetAt: num(row?.reset_at) };
  }

  async clearHits(bucket: string): Promise<void> {
    await this.client.run(`DELETE FROM "${this.t.rateLimits}" WHERE bucket = ?`, [bucket]);
  }

  async pruneHits(now: number): Promise<number> {
    return this.client.run(`DELETE FROM "${this.t.rateLimits}" WHERE reset_at <= ?`, [now]);
  }

  async probe(): Promise<void> {
    const changed = await this.client.run(this.sql.probe, [Math.floor(Date.now() / 1000)]);
    if (changed !== 1) throw new Error(`the ${this.t.health} table has no probe row; run the migrations`);
    await this.options.probeExtra?.();
  }

  /* ---------- inspection ---------- */

  private where(query: SessionQuery): { clause: string; params: SqlParam[] } {
    const parts: string[] = [];
    const params: SqlParam[] = [];
    if (query.kind === "guest") parts.push("customer_id IS NULL");
    // '' sorts below every customer id, so this reads the customer index.
    if (query.kind === "customer") parts.push("customer_id > ''");
    if (query.cart === "open") parts.push("session_items > 0");
    if (query.cart === "empty") parts.push("session_items = 0");
    const states = new Set(query.status ?? []);
    if (states.size > 0 && states.size < 3) {
      const now = query.now ?? Math.floor(Date.now() / 1000);
      const each: string[] = [];
      if (states.has("active")) {
        each.push("session_active_until > ?");
        params.push(now);
      }
      if (states.has("ended")) {
        each.push("(session_active_until <= ? AND session_expiry > ?)");
        params.push(now, now);
      }
      if (states.has("expired")) {
        each.push("session_expiry <= ?");
        params.push(now);
      }
      parts.push(each.length === 1 ? (each[0] as string) : `(${each.join(" OR ")})`);
    }
    if (query.idleBefore !== undefined) {
      parts.push("session_updated < ?");
      params.push(query.idleBefore);
    }
    if (query.search !== undefined && query.search.trim() !== "") {
      const text = query.search.trim();
      parts.push("(session_key LIKE ? ESCAPE '\\' OR customer_id = ?)");
      params.push(prefixPattern(text), text);
    }
    return { clause: parts.length > 0 ? `WHERE ${parts.join(" AND ")}` : "", params };
  }

  async listSessions(query: SessionQuery & { limit: number; offset: number; order?: "recent" | "largest" }): Promise<SessionSummary[]> {
    const { clause, params } = this.where(query);
    const order = query.order === "largest" ? "session_bytes DESC, session_id DESC" : "session_updated DESC, session_id DESC";
    const rows = await this.client.all(`SELECT ${SUMMARY_COLUMNS} FROM ${this.sql.s} ${clause} ORDER BY ${order} LIMIT ? OFFSET ?`, [
      ...params,
      Math.max(0, Math.floor(query.limit)),
      Math.max(0, Math.floor(query.offset)),
    ]);
    return rows.map(toSummary);
  }

  async countSessions(query: SessionQuery): Promise<number> {
    const { clause, params } = this.where(query);
    const [row] = await this.client.all(`SELECT count(*) AS n FROM ${this.sql.s} ${clause}`, params);
    return num(row?.n);
  }

  async clearSessions(options: { kind?: "guest" | "customer" }): Promise<number> {
    const { clause, params } = this.where({ kind: options.kind });
    const batch = `DELETE FROM ${this.sql.s} WHERE session_id IN (SELECT session_id FROM ${this.sql.s} ${clause} LIMIT ?${this.sql.skipLocked})`;
    const result = await runBatchedDelete({ timeBudgetMs: 600_000 }, this.options.batching, (limit) => this.client.run(batch, [...params, limit]));
    if (result.deleted > 0) this.options.afterDelete?.();
    return result.deleted;
  }

  /**
   * Every figure is a count or sum over an index range (never a row scan, never a GROUP BY
   * over all rows), so the overview stays fast on a million rows: the histograms are one
   * range count per bucket, in one statement.
   */
  async aggregates(now: number, layout: AggregateLayout): Promise<SessionAggregates> {
    const { buckets: n, bucketSeconds: width, largestCartSize: largest } = checkedLayout(layout);
    const s = this.sql.s;
    const at = "CAST(? AS BIGINT)";
    const hours = `WITH RECURSIVE b(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM b WHERE i < ${n - 1})`;
    // Independent statements: Postgres runs them side by side; SQLite one after another.
    const [[size], [totals], sizes, expiry, created, tableBytes] = await Promise.all([
      // Rows and bytes in one pass over the bytes index.
      this.client.all(`SELECT count(*) AS rows_total, coalesce(sum(session_bytes), 0) AS value_bytes FROM ${s}`),
      this.client.all(
        `SELECT (SELECT count(*) FROM ${s} WHERE session_expiry <= ${at}) AS expired_rows,
                (SELECT count(*) FROM ${s} WHERE session_active_until > ${at}) AS active,
                -- Customers through their own index (guests are the rest): '' sorts below every
                -- id, and the + keeps the planner off the much larger activity index.
                (SELECT count(*) FROM ${s} WHERE customer_id > '' AND +session_active_until > ${at}) AS active_customers`,
        [now, now, now],
      ),
      // Open carts, their units and their sizes (1 … largest-1, largest or more) in one pass over the
      // open-carts index (it holds only non-empty carts, and covers this query); the + keeps
      // the planner off the activity index, which would visit every live row.
      this.client.all(
        `SELECT CASE WHEN session_items >= ${at} THEN ${at} ELSE session_items END AS bucket, count(*) AS n, sum(session_items) AS items
         FROM ${s} WHERE session_items > 0 AND +session_active_until > ${at} GROUP BY 1`,
        [largest, largest, now],
      ),
      // Bucket i: cookies ending in the (i+1)-th bucket from now.
      this.client.all(
        `${hours} SELECT i AS bucket, (SELECT count(*) FROM ${s} WHERE session_active_until > ${at} + i * ${width} AND session_active_until <= ${at} + (i + 1) * ${width}) AS n FROM b`,
        [now, now],
      ),
      // Bucket i: created between n-i and n-1-i buckets ago (oldest first, the bucket ending now last).
      this.client.all(
        `${hours} SELECT i AS bucket, (SELECT count(*) FROM ${s} WHERE session_created > ${at} - (${n} - i) * ${width} AND session_created <= ${at} - (${n - 1} - i) * ${width}) AS n FROM b`,
        [now, now],
      ),
      this.options.tableBytes(),
    ]);
    const active = num(totals?.active);
    const activeCustomers = num(totals?.active_customers);
    return {
      active,
      activeGuests: active - activeCustomers,
      activeCustomers,
      rows: num(size?.rows_total),
      expiredRows: num(totals?.expired_rows),
      openCarts: sizes.reduce((sum, row) => sum + num(row.n), 0),
      itemsInOpenCarts: sizes.reduce((sum, row) => sum + num(row.items), 0),
      expiring: buckets(expiry, n),
      created: buckets(created, n),
      cartSizes: buckets(sizes, largest + 1),
      valueBytes: num(size?.value_bytes),
      tableBytes,
    };
  }

  /* ---------- cleanup log ---------- */

  async recordCleanupRun(run: CleanupRun): Promise<void> {
    const id = this.rowId();
    await this.client.run(
      `INSERT INTO "${this.t.cleanupRuns}" (${id.length ? "id, " : ""}started_at, source, kind, deleted, batches, duration_ms, remaining) VALUES (${id.length ? "?, " : ""}?, ?, ?, ?, ?, ?, ?)`,
      [...id, run.startedAt, run.source, run.kind, run.deleted, run.batches, run.durationMs, run.remaining],
    );
  }

  /** The id column's value for a new row: none on SQLite (the rowid), a random one on Postgres. */
  private rowId(): SqlParam[] {
    return this.client.dialect === "postgres" ? [randomRowId()] : [];
  }

  async cleanupRuns(limit: number): Promise<CleanupRun[]> {
    const rows = await this.client.all(
      `SELECT started_at, source, kind, deleted, batches, duration_ms, remaining FROM "${this.t.cleanupRuns}" ORDER BY started_at DESC, id DESC LIMIT ?`,
      [limit],
    );
    return rows.map((r) => ({
      startedAt: num(r.started_at),
      source: String(r.source) as CleanupRun["source"],
      kind: String(r.kind) as CleanupRun["kind"],
      deleted: num(r.deleted),
      batches: num(r.batches),
      durationMs: num(r.duration_ms),
      remaining: num(r.remaining),
    }));
  }

  /* ---------- bulk load ---------- */

  async bulkInsert(rows: readonly BulkSessionRow[]): Promise<number> {
    // Sorted keys fill the unique index in order: several times faster for a million rows.
    const sorted = [...rows].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    const statements: { sql: string; params: SqlParam[] }[] = [];
    for (let i = 0; i < sorted.length; i += BULK_ROWS) {
      const chunk = sorted.slice(i, i + BULK_ROWS);
      const params: SqlParam[] = [];
      const withId = this.client.dialect === "postgres";
      for (const r of chunk) {
        params.push(...this.rowId(), r.key, r.customerId ?? null, r.value, r.expiresAt, r.activeUntil, r.createdAt, r.updatedAt, r.items ?? 0, Buffer.byteLength(r.value));
      }
      const values = chunk.map(() => `(${withId ? "?, " : ""}?, ?, '[]', ?, ?, ?, 1, ?, ?, ?, ?)`).join(", ");
      statements.push({
        sql: `INSERT INTO ${this.sql.s} (${withId ? "session_id, " : ""}session_key, customer_id, session_logins, session_value, session_expiry, session_active_until, session_version, session_created, session_updated, session_items, session_bytes)
         VALUES ${values} ON CONFLICT DO NOTHING`,
        params,
      });
    }
    let inserted = 0;
    // 100 statements (50,000 rows) per transaction: fast, and no single huge request.
    for (let i = 0; i < statements.length; i += 100) inserted += (await this.client.transaction(statements.slice(i, i + 100))).changes;
    return inserted;
  }

  async close(): Promise<void> {
    await this.options.close?.();
  }
}
