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
import { PG_FILTER, sessionFilterSql } from "../session-filter"; // issue 16 addition
import type { PgConnection } from "./connect";

type Row = Record<string, unknown>;

/** Rows per multi-row INSERT in bulkInsert (6 parameters each, far below Postgres's 65,535). */
const BULK_ROWS_PER_STATEMENT = 1_000;

const num = (value: unknown): number => Number(value ?? 0);

function toListEntry(r: Row): SessionListEntry {
  return {
    key: String(r.session_key),
    expiry: num(r.session_expiry),
    updated: num(r.session_updated),
    bytes: num(r.bytes),
    value: String(r.session_value),
  };
}

/**
 * The scale-out store: Postgres through @neondatabase/serverless. Every operation is one
 * statement, so one HTTP round trip: loads, compare-and-swap saves, and each cleanup batch
 * (`FOR UPDATE SKIP LOCKED`, so concurrent cleanups never wait for or double-count rows).
 */
export class PostgresSessionStore implements SessionStore {
  readonly kind = "postgres" as const;

  constructor(readonly connection: PgConnection) {}

  private async rows(text: string, params: unknown[] = []): Promise<Row[]> {
    return (await this.connection.sql.query(text, params)) as Row[];
  }

  private async changes(text: string, params: unknown[]): Promise<number> {
    const result = await this.connection.sql.query(text, params, { fullResults: true });
    return result.rowCount ?? 0;
  }

  async load(key: string): Promise<StoredSession | null> {
    const [row] = await this.rows(
      "SELECT session_key, session_value, session_expiry, session_version FROM sessions WHERE session_key = $1",
      [key],
    );
    return row
      ? { key: String(row.session_key), value: String(row.session_value), expiry: num(row.session_expiry), version: num(row.session_version) }
      : null;
  }

  async save(request: SaveRequest): Promise<SaveResult> {
    const { key, value, expiry, expectedVersion, now } = request;
    const items = request.items ?? 0;
    if (expectedVersion === null) {
      const inserted = await this.rows(
        `INSERT INTO sessions (session_key, session_value, session_expiry, session_version, session_created, session_updated, session_items)
         VALUES ($1, $2, $3, 1, $4, $4, $5) ON CONFLICT (session_key) DO NOTHING RETURNING session_version`,
        [key, value, expiry, now, items],
      );
      return inserted.length === 1 ? { ok: true, version: 1 } : { ok: false, reason: "conflict" };
    }
    const updated = await this.rows(
      `UPDATE sessions SET session_value = $1, session_expiry = $2, session_version = session_version + 1, session_updated = $3, session_items = $6
       WHERE session_key = $4 AND session_version = $5 RETURNING session_version`,
      [value, expiry, now, key, expectedVersion, items],
    );
    const [row] = updated;
    return row ? { ok: true, version: num(row.session_version) } : { ok: false, reason: "conflict" };
  }

  async delete(key: string): Promise<boolean> {
    return (await this.changes("DELETE FROM sessions WHERE session_key = $1", [key])) > 0;
  }

  async touch(key: string, expiry: number, now: number): Promise<boolean> {
    return (
      (await this.changes("UPDATE sessions SET session_expiry = $1, session_updated = GREATEST(session_updated, $2) WHERE session_key = $3", [
        expiry,
        now,
        key,
      ])) > 0
    );
  }

  async deleteExpired(options: CleanupOptions): Promise<CleanupResult> {
    const result = await runBatchedCleanup(options, (limit) =>
      this.changes(
        `DELETE FROM sessions WHERE session_id IN (
           SELECT session_id FROM sessions WHERE session_expiry < $1 LIMIT $2 FOR UPDATE SKIP LOCKED)`,
        [options.before, limit],
      ),
    );
    const [count] = await this.rows("SELECT count(*) AS n FROM sessions WHERE session_expiry < $1", [options.before]);
    return { ...result, remaining: num(count?.n) };
  }

  async purgeInactive(options: PurgeOptions): Promise<CleanupResult> {
    const result = await runBatchedCleanup(options, (limit) =>
      this.changes(
        `DELETE FROM sessions WHERE session_id IN (
           SELECT session_id FROM sessions WHERE session_updated < $1 LIMIT $2 FOR UPDATE SKIP LOCKED)`,
        [options.updatedBefore, limit],
      ),
    );
    const [count] = await this.rows("SELECT count(*) AS n FROM sessions WHERE session_updated < $1", [options.updatedBefore]);
    return { ...result, remaining: num(count?.n) };
  }

  async bulkInsert(rows: readonly BulkSessionRow[]): Promise<number> {
    let inserted = 0;
    for (let i = 0; i < rows.length; i += BULK_ROWS_PER_STATEMENT) {
      const chunk = rows.slice(i, i + BULK_ROWS_PER_STATEMENT);
      const params: unknown[] = [];
      const values = chunk.map((r, j) => {
        params.push(r.key, r.value, r.expiry, r.created, r.updated, r.items ?? 0);
        const p = j * 6;
        return `($${p + 1}, $${p + 2}, $${p + 3}, 1, $${p + 4}, $${p + 5}, $${p + 6})`;
      });
      inserted += await this.changes(
        `INSERT INTO sessions (session_key, session_value, session_expiry, session_version, session_created, session_updated, session_items)
         VALUES ${values.join(", ")} ON CONFLICT (session_key) DO NOTHING`,
        params,
      );
    }
    return inserted;
  }

  async stats(now: number): Promise<StoreStats> {
    const [row] = await this.rows(
      `SELECT count(*) AS rows, count(*) FILTER (WHERE session_expiry > $1) AS active,
              coalesce(sum(octet_length(session_value)), 0) AS bytes, pg_total_relation_size('sessions') AS table_bytes
       FROM sessions`,
      [now],
    );
    const rows = num(row?.rows);
    const active = num(row?.active);
    return { rows, active, expired: rows - active, valueBytes: num(row?.bytes), tableBytes: num(row?.table_bytes) };
  }

  async list(options: { limit: number; offset: number }): Promise<SessionListEntry[]> {
    const rows = await this.rows(
      `SELECT session_key, session_expiry, session_updated, octet_length(session_value) AS bytes, session_value
       FROM sessions ORDER BY session_updated DESC, session_id DESC LIMIT $1 OFFSET $2`,
      [options.limit, options.offset],
    );
    return rows.map(toListEntry);
  }

  async largest(limit: number): Promise<SessionListEntry[]> {
    const rows = await this.rows(
      `SELECT session_key, session_expiry, session_updated, octet_length(session_value) AS bytes, session_value
       FROM sessions ORDER BY bytes DESC, session_id DESC LIMIT $1`,
      [limit],
    );
    return rows.map(toListEntry);
  }

  async listIdle(options: { updatedBefore: number; limit: number; offset: number }): Promise<SessionListEntry[]> {
    const rows = await this.rows(
      `SELECT session_key, session_expiry, session_updated, octet_length(session_value) AS bytes, session_value
       FROM sessions WHERE session_updated < $1 ORDER BY session_updated DESC, session_id DESC LIMIT $2 OFFSET $3`,
      [options.updatedBefore, options.limit, options.offset],
    );
    return rows.map(toListEntry);
  }

  async createRestoreToken(token: RestoreToken): Promise<void> {
    await this.changes("INSERT INTO cart_restore_tokens (token_hash, session_key, cart, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)", [
      token.tokenHash,
      token.sessionKey,
      token.cart,
      token.createdAt,
      token.expiresAt,
    ]);
  }

  async consumeRestoreToken(tokenHash: string, now: number): Promise<string | null> {
    const [row] = await this.rows(
      "UPDATE cart_restore_tokens SET used_at = $1 WHERE token_hash = $2 AND used_at IS NULL AND expires_at > $1 RETURNING cart",
      [now, tokenHash],
    );
    return row ? String(row.cart) : null;
  }

  async adminAggregates(params: AggregateParams): Promise<AdminAggregates> {
    const guest = "session_key LIKE 't\\_%'";
    const cookieEnd = `(session_expiry - CASE WHEN ${guest} THEN ${Number(params.guestLifetime)} ELSE ${Number(params.userLifetime)} END)`;
    const [totals] = await this.rows(
      `SELECT count(*) FILTER (WHERE ${guest}) AS guests, count(*) AS total, count(*) FILTER (WHERE ${cookieEnd} > $1) AS active,
              count(*) FILTER (WHERE session_expiry <= $1) AS expired_rows,
              count(*) FILTER (WHERE session_items > 0 AND ${cookieEnd} > $1) AS open_carts,
              coalesce(sum(session_items) FILTER (WHERE ${cookieEnd} > $1), 0) AS items,
              count(*) FILTER (WHERE ${cookieEnd} > $1 AND ${cookieEnd} <= $1 + 3600) AS expiring_hour
       FROM sessions`,
      [params.now],
    );
    const [expiry, created, sizes] = await Promise.all([
      this.rows(`SELECT (${cookieEnd} - $1 - 1) / 3600 AS bucket, count(*) AS n FROM sessions WHERE ${cookieEnd} > $1 AND ${cookieEnd} <= $1 + 172800 GROUP BY 1`, [params.now]),
      this.rows("SELECT ($1 - session_created) / 3600 AS bucket, count(*) AS n FROM sessions WHERE session_created > $1 - 172800 AND session_created <= $1 GROUP BY 1", [params.now]),
      this.rows(`SELECT least(session_items, 10) AS bucket, count(*) AS n FROM sessions WHERE session_items > 0 AND ${cookieEnd} > $1 GROUP BY 1`, [params.now]),
    ]);
    return shapeAggregates({
      totals: (totals ?? {}) as AggregateRows["totals"],
      expiry: expiry as AggregateRows["expiry"],
      created: created as AggregateRows["created"],
      sizes: sizes as AggregateRows["sizes"],
    });
  }

  async countByKind(): Promise<{ guests: number; customers: number }> {
    const [row] = await this.rows("SELECT count(*) FILTER (WHERE session_key LIKE 't\\_%') AS guests, count(*) AS total FROM sessions");
    const guests = num(row?.guests);
    return { guests, customers: num(row?.total) - guests };
  }

  async clearSessions(options: { guestsOnly: boolean }): Promise<number> {
    const where = options.guestsOnly ? "WHERE session_key LIKE 't\\_%'" : "";
    const result = await runBatchedCleanup({ timeBudgetMs: 600_000 }, (limit) =>
      this.changes(`DELETE FROM sessions WHERE session_id IN (SELECT session_id FROM sessions ${where} LIMIT $1 FOR UPDATE SKIP LOCKED)`, [limit]),
    );
    return result.deleted;
  }

  async recordCleanupRun(run: CleanupRun): Promise<void> {
    await this.changes(
      `INSERT INTO session_cleanup_runs (started_at, source, kind, deleted, batches, duration_ms, remaining)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [run.startedAt, run.source, run.kind, run.deleted, run.batches, run.durationMs, run.remaining],
    );
  }

  async cleanupRuns(limit: number): Promise<CleanupRun[]> {
    const rows = await this.rows(
      "SELECT started_at, source, kind, deleted, batches, duration_ms, remaining FROM session_cleanup_runs ORDER BY started_at DESC, id DESC LIMIT $1",
      [limit],
    );
    return rows.map((r) => ({
      startedAt: num(r.started_at),
      source: r.source as CleanupRun["source"],
      kind: r.kind as CleanupRun["kind"],
      deleted: num(r.deleted),
      batches: num(r.batches),
      durationMs: num(r.duration_ms),
      remaining: num(r.remaining),
    }));
  }

  async close(): Promise<void> {
    await this.connection.pool.end();
  }

  // issue 16 additions: the admin's filtered session lists with true totals.
  async countSessions(filter: SessionFilter): Promise<number> {
    const { where, params } = sessionFilterSql(filter, PG_FILTER);
    const [row] = await this.rows(`SELECT count(*) AS n FROM sessions ${where}`, params);
    return num(row?.n);
  }

  async listSessions(filter: SessionFilter, page: { limit: number; offset: number }): Promise<SessionListEntry[]> {
    const { where, params } = sessionFilterSql(filter, PG_FILTER);
    const rows = await this.rows(
      `SELECT session_key, session_expiry, session_updated, octet_length(session_value) AS bytes, session_value
       FROM sessions ${where} ORDER BY session_updated DESC, session_id DESC LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, page.limit, page.offset],
    );
    return rows.map(toListEntry);
  }
  // end of issue 16 additions
}
