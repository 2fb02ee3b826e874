import { assertSchema, tableTaken } from "../sql/journal.js";
import { MIGRATIONS, OWNED_TABLES } from "../sql/migrations.js";
import type { TableNames } from "../sql/tables.js";
import type { SqliteDatabase } from "./client.js";

function appliedIds(db: SqliteDatabase, t: TableNames): Set<string> {
  const exists = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").all(t.migrations).length > 0;
  if (!exists) return new Set();
  return new Set((db.prepare(`SELECT id FROM "${t.migrations}"`).all() as { id: string }[]).map((r) => r.id));
}

/**
 * Applies cartsession's migrations inside one `BEGIN IMMEDIATE` transaction: the check and
 * the DDL happen under the write lock, so processes opening a new file together never race
 * (the second waits, then finds nothing to do). Returns the ids applied.
 */
export function migrateSqliteTables(db: SqliteDatabase, t: TableNames): string[] {
  db.exec("BEGIN IMMEDIATE");
  try {
    db.exec(`CREATE TABLE IF NOT EXISTS "${t.migrations}" (id TEXT PRIMARY KEY, applied_at INTEGER NOT NULL)`);
    const applied = appliedIds(db, t);
    const done: string[] = [];
    for (const migration of MIGRATIONS) {
      if (applied.has(migration.id)) continue;
      if (migration.id === MIGRATIONS[0]?.id) {
        for (const table of OWNED_TABLES(t)) {
          if (db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").all(table).length > 0) throw tableTaken(table, null);
        }
      }
      for (const statement of migration.sqlite(t)) db.exec(statement);
      db.prepare(`INSERT INTO "${t.migrations}" (id, applied_at) VALUES (?, ?)`).run(migration.id, Math.floor(Date.now() / 1000));
      done.push(migration.id);
    }
    db.exec("COMMIT");
    return done;
  } catch (error) {
    db.exec("ROLLBACK");
    throw error;
  }
}

/** With migrations off, refuse to start on a database that lacks a table, column or index (a clear error, not "no such table"). */
export function assertSqliteMigrated(db: SqliteDatabase, t: TableNames): void {
  const columns = new Map<string, Set<string>>();
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[];
  for (const { name } of tables) {
    if (!name.startsWith(t.prefix)) continue;
    columns.set(name, new Set((db.prepare(`SELECT name FROM pragma_table_info(?)`).all(name) as { name: string }[]).map((c) => c.name)));
  }
  const indexes = new Set((db.prepare("SELECT name FROM sqlite_master WHERE type = 'index'").all() as { name: string }[]).map((i) => i.name));
  assertSchema(t, { columns, indexes });
}
