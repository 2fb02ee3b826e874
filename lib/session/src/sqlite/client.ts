import { mkdirSync } from "node:fs";
import path from "node:path";
import type { SqlClient, SqlParam, SqlRow } from "../sql/client.js";

/** The parts of a better-sqlite3 `Database` the store uses (structural, so no type package is needed). */
export interface SqliteDatabase {
  readonly name: string;
  readonly open: boolean;
  prepare(sql: string): SqliteStatement;
  exec(sql: string): unknown;
  pragma(source: string, options?: { simple?: boolean }): unknown;
  close(): unknown;
}

export interface SqliteStatement {
  readonly reader: boolean;
  all(...params: unknown[]): unknown[];
  run(...params: unknown[]): { changes: number };
}

/**
 * better-sqlite3 through the SQL store's client interface: statements are prepared once
 * per connection and cached by their text; calls are synchronous underneath (microseconds).
 */
export function sqliteClient(db: SqliteDatabase): SqlClient {
  const statements = new Map<string, SqliteStatement>();
  const prepared = (sql: string): SqliteStatement => {
    let statement = statements.get(sql);
    if (!statement) {
      statement = db.prepare(sql);
      statements.set(sql, statement);
    }
    return statement;
  };
  const runNow = (sql: string, params: readonly SqlParam[] = []): number => prepared(sql).run(...params).changes;
  return {
    dialect: "sqlite",
    all: async (sql, params = []) => prepared(sql).all(...params) as SqlRow[],
    run: async (sql, params = []) => runNow(sql, params),
    async transaction(list) {
      // better-sqlite3 is synchronous, so nothing else can run between BEGIN and COMMIT.
      db.exec("BEGIN IMMEDIATE");
      try {
        let changes = 0;
        let rows: SqlRow[] = [];
        for (const statement of list) {
          const prepared_ = prepared(statement.sql);
          if (prepared_.reader) rows = prepared_.all(...(statement.params ?? [])) as SqlRow[];
          else changes += prepared_.run(...(statement.params ?? [])).changes;
        }
        db.exec("COMMIT");
        return { changes, rows };
      } catch (error) {
        db.exec("ROLLBACK");
        throw error;
      }
    },
  };
}

/**
 * Opens a SQLite file with the pragmas the store relies on. WAL lets readers run beside
 * the writer; `synchronous = NORMAL` in WAL mode loses nothing acknowledged on a process
 * crash (only a power cut can drop the last transactions). The driver is loaded here, on
 * first open, not when `cartsession/sqlite` is imported: an app that passes its own
 * `database` never needs this module to load it, and importing the entry stays cheap
 * (BENCHMARKS.md, "Cold start").
 */
export async function openSqliteDatabase(file: string): Promise<SqliteDatabase> {
  if (file !== ":memory:") mkdirSync(path.dirname(path.resolve(/*turbopackIgnore: true*/ file)), { recursive: true });
  const { default: Database } = await import("better-sqlite3");
  const db = new Database(file);
  db.pragma("busy_timeout = 10000");
  // SQLite's default 4 KB pages: a cart change rewrites one page per changed index, and
  // measured against 8 KB pages (even with 2 KB sessions) it is 10-25% faster.
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = NORMAL");
  db.pragma("journal_size_limit = 67108864");
  return db as unknown as SqliteDatabase;
}
