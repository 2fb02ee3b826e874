import Database from "better-sqlite3";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { readMigrationFiles } from "drizzle-orm/migrator";

export type SqliteDatabase = Database.Database;

export function sqliteMigrationsFolder(): string {
  return path.join(process.cwd(), "db", "migrations", "sqlite");
}

/**
 * Applies drizzle-kit's migrations inside one `BEGIN IMMEDIATE` transaction. drizzle's own
 * migrator reads the applied list before taking the write lock, so two processes starting
 * together can both try to create the table; here the check and the DDL happen under the
 * lock, so the second process waits and then finds nothing to do. The bookkeeping table is
 * drizzle's, so `drizzle-kit migrate` and this agree on what was applied.
 */
export function migrateSqlite(db: SqliteDatabase, migrationsFolder = sqliteMigrationsFolder()): number {
  const migrations = readMigrationFiles({ migrationsFolder });
  const apply = db.transaction(() => {
    db.exec(`CREATE TABLE IF NOT EXISTS "__drizzle_migrations" (id SERIAL PRIMARY KEY, hash text NOT NULL, created_at numeric)`);
    const last = db.prepare(`SELECT created_at FROM "__drizzle_migrations" ORDER BY created_at DESC LIMIT 1`).get() as
      | { created_at: number }
      | undefined;
    let applied = 0;
    for (const migration of migrations) {
      if (last && Number(last.created_at) >= migration.folderMillis) continue;
      for (const statement of migration.sql) {
        if (statement.trim()) db.exec(statement);
      }
      db.prepare(`INSERT INTO "__drizzle_migrations" ("hash", "created_at") VALUES (?, ?)`).run(migration.hash, migration.folderMillis);
      applied++;
    }
    return applied;
  });
  return apply.immediate();
}

/**
 * Opens (creating if needed) the SQLite file with the pragmas the store relies on, and
 * migrates it before returning, so no query can ever run against a missing table.
 */
export function openSqlite(file: string): SqliteDatabase {
  if (file !== ":memory:") mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const db = new Database(file);
  db.pragma("busy_timeout = 10000");
  // 2 KB sessions fill half a 4 KB page; 8 KB pages hold three. Only takes effect on a new file.
  db.pragma("page_size = 8192");
  db.pragma("journal_mode = WAL");
  // In WAL mode NORMAL survives a process crash (SIGKILL) losing nothing acknowledged;
  // only a power cut can drop the last transactions.
  db.pragma("synchronous = NORMAL");
  db.pragma("journal_size_limit = 67108864");
  db.pragma("foreign_keys = ON");
  migrateSqlite(db);
  return db;
}
