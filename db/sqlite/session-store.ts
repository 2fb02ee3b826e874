import type {
  CleanupOptions,
  CleanupResult,
  SaveRequest,
  SaveResult,
  SessionListEntry,
  SessionStore,
  StoreStats,
  StoredSession,
} from "../../lib/session/store";
import { runBatchedCleanup } from "../cleanup";
import type { SqliteDatabase } from "./open";

type Row = { session_key: string; session_value: string; session_expiry: number; session_version: number };

/** The embedded default: better-sqlite3, WAL mode, statements prepared once per connection. */
export class SqliteSessionStore implements SessionStore {
  readonly kind = "sqlite" as const;
  private readonly statements;

  constructor(readonly db: SqliteDatabase) {
    this.statements = {
      load: db.prepare<[string], Row>(
        "SELECT session_key, session_value, session_expiry, session_version FROM sessions WHERE session_key = ?",
      ),
      insert: db.prepare<[string, string, number, number, number]>(
        `INSERT INTO sessions (session_key, session_value, session_expiry, session_version, session_created, session_updated)
         VALUES (?, ?, ?, 1, ?, ?) ON CONFLICT (session_key) DO NOTHING`,
      ),
      update: db.prepare<[string, number, number, string, number]>(
        `UPDATE sessions SET session_value = ?, session_expiry = ?, session_version = session_version + 1, session_updated = ?
         WHERE session_key = ? AND session_version = ?`,
      ),
      delete: db.prepare<[string]>("DELETE FROM sessions WHERE session_key = ?"),
      touch: db.prepare<[number, string]>("UPDATE sessions SET session_expiry = ? WHERE session_key = ?"),
      deleteBatch: db.prepare<[number, number]>(
        "DELETE FROM sessions WHERE session_id IN (SELECT session_id FROM sessions WHERE session_expiry < ? LIMIT ?)",
      ),
      countExpired: db.prepare<[number], { n: number }>("SELECT count(*) AS n FROM sessions WHERE session_expiry < ?"),
      stats: db.prepare<[number], { rows: number; active: number | null; bytes: number | null }>(
        `SELECT count(*) AS rows, sum(session_expiry >= ?) AS active, sum(length(CAST(session_value AS BLOB))) AS bytes FROM sessions`,
      ),
      list: db.prepare<[number, number], { session_key: string; session_expiry: number; session_updated: number; bytes: number }>(
        `SELECT session_key, session_expiry, session_updated, length(CAST(session_value AS BLOB)) AS bytes
         FROM sessions ORDER BY session_updated DESC, session_id DESC LIMIT ? OFFSET ?`,
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
    if (expectedVersion === null) {
      const { changes } = this.statements.insert.run(key, value, expiry, now, now);
      return changes === 1 ? { ok: true, version: 1 } : { ok: false, reason: "conflict" };
    }
    const { changes } = this.statements.update.run(value, expiry, now, key, expectedVersion);
    return changes === 1 ? { ok: true, version: expectedVersion + 1 } : { ok: false, reason: "conflict" };
  }

  async delete(key: string): Promise<boolean> {
    return this.statements.delete.run(key).changes > 0;
  }

  async touch(key: string, expiry: number): Promise<boolean> {
    return this.statements.touch.run(expiry, key).changes > 0;
  }

  async deleteExpired(options: CleanupOptions): Promise<CleanupResult> {
    const result = await runBatchedCleanup(options, async (limit) => this.statements.deleteBatch.run(options.before, limit).changes);
    const remaining = this.statements.countExpired.get(options.before)?.n ?? 0;
    if (result.deleted > 0) {
      // Give the freed WAL back to the disk; journal_size_limit caps what stays.
      this.db.pragma("wal_checkpoint(TRUNCATE)");
    }
    return { ...result, remaining };
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
      .map((r) => ({ key: r.session_key, expiry: r.session_expiry, updated: r.session_updated, bytes: r.bytes }));
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }

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
