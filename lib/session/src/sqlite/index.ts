/**
 * `cartsession/sqlite`: the embedded default store on better-sqlite3 (WAL mode).
 *
 *   import { sqliteStore } from "cartsession/sqlite";
 *   store: () => sqliteStore({ file: ".data/sessions.db" })
 */
import { statSync, accessSync, constants as fs } from "node:fs";
import path from "node:path";
import { SqlSessionStore } from "../sql/store.js";
import { tableNames } from "../sql/tables.js";
import { openSqliteDatabase, sqliteClient, type SqliteDatabase } from "./client.js";
import { assertSqliteMigrated, migrateSqliteTables } from "./migrate.js";

import { reportOutages } from "../store/outage.js";
import type { CompleteSessionStore } from "../store/port.js";
import { isSqliteOutage } from "./outage.js";

export type { SqliteDatabase, SqliteStatement } from "./client.js";

export interface SqliteStoreOptions {
  /** A database file to open (created with its folder if missing). The store closes what it opened. */
  file?: string;
  /** Or an open better-sqlite3 database of the app's (e.g. shared with its own tables); never closed by the store. */
  database?: SqliteDatabase;
  /** Prefix for cartsession's tables (`<prefix>sessions`, …), to live beside an app's own. Default none. */
  tablePrefix?: string;
  /** Apply cartsession's migrations on open (default true). Off: refuse to start unless `cartsession migrate` ran. */
  migrate?: boolean;
}


/** Applies cartsession's migrations to a database (what `cartsession migrate` runs); returns the ids applied. */
export function migrateSqlite(database: SqliteDatabase, options: { tablePrefix?: string } = {}): string[] {
  return migrateSqliteTables(database, tableNames(options.tablePrefix));
}

/** The file's identity, so a probe notices it was deleted or replaced under an open connection. */
function fileIdentity(file: string): string | null {
  if (file === ":memory:" || file === "") return null;
  const stat = statSync(file);
  return `${stat.dev}:${stat.ino}`;
}

/** The SQLite store: the core and every optional capability. */
export type SqliteSessionStore = CompleteSessionStore;

/** How often a save re-checks that the SQLite file is still the one open, ms. */
const FILE_CHECK_MS = 1_000;

export async function sqliteStore(options: SqliteStoreOptions): Promise<SqliteSessionStore> {
  if (!options.database && !options.file) throw new TypeError("sqliteStore needs a `file` or an open `database`");
  const ownsDatabase = !options.database;
  const db = options.database ?? (await openSqliteDatabase(options.file as string));
  const t = tableNames(options.tablePrefix);
  try {
    if (options.migrate === false) assertSqliteMigrated(db, t);
    else migrateSqliteTables(db, t);
  } catch (error) {
    if (ownsDatabase) db.close();
    throw error;
  }
  const file = db.name;
  const identity = fileIdentity(file);
  let lastFileCheck = 0;
  /**
   * A deleted or replaced file still answers through the open handle, but nothing written
   * to it survives a restart; a read-only one fails later (or worse, its WAL). Both are
   * outages: the error carries SQLITE_CANTOPEN, so the engine answers 503.
   */
  const checkFile = () => {
    if (identity === null) return;
    try {
      if (fileIdentity(file) !== identity) throw new Error(`the SQLite file ${file} was deleted or replaced while open`);
      accessSync(file, fs.W_OK);
      accessSync(path.dirname(file), fs.W_OK);
    } catch (error) {
      lastFileCheck = 0;
      throw Object.assign(new Error(`SQLite file unusable: ${(error as Error).message}`, { cause: error }), { code: "SQLITE_CANTOPEN" });
    }
  };
  return reportOutages(new SqlSessionStore({
    name: "sqlite",
    client: sqliteClient(db),
    tables: t,
    // Writers take turns on one file: 5 ms batches, each followed by a pause twice as long,
    // keep a concurrent save's wait short (measured in `npm run bench`).
    batching: { targetBatchMs: 5, pauseRatio: 2 },
    afterDelete() {
      // Give the freed WAL back to the disk; journal_size_limit caps what stays.
      db.pragma("wal_checkpoint(TRUNCATE)");
    },
    async tableBytes() {
      const pages = Number(db.pragma("page_count", { simple: true }));
      const size = Number(db.pragma("page_size", { simple: true }));
      return pages * size;
    },
    async probeExtra() {
      checkFile();
    },
    beforeWrite() {
      // A stat per second at most: a save to a deleted file would be acknowledged and lost.
      const now = Date.now();
      if (now - lastFileCheck < FILE_CHECK_MS) return;
      lastFileCheck = now;
      checkFile();
    },
    async close() {
      if (ownsDatabase && db.open) db.close();
    },
  }), isSqliteOutage);
}
