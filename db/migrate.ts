import path from "node:path";
import { readMigrationFiles } from "drizzle-orm/migrator";
import type { NeonQueryFunction } from "@neondatabase/serverless";
import type Database from "better-sqlite3";

/**
 * The demo's own migrations (drizzle-kit output in db/migrations), applied at first use so
 * the demo needs no setup step. Bookkeeping is Drizzle's own journal, so `drizzle-kit
 * migrate` and this agree; cartsession's tables have a journal of their own.
 */
function migrationsFolder(dialect: "sqlite" | "pg"): string {
  return path.join(process.cwd(), "db", "migrations", dialect);
}

/**
 * SQLite: the check and the DDL under one `BEGIN IMMEDIATE`, so processes opening a new
 * file together (next build's workers) never race: the second waits, then finds nothing to do.
 */
export function migrateDemoSqlite(db: Database.Database): number {
  const migrations = readMigrationFiles({ migrationsFolder: migrationsFolder("sqlite") });
  db.exec("BEGIN IMMEDIATE");
  try {
    db.exec(`CREATE TABLE IF NOT EXISTS "__drizzle_migrations" (id INTEGER PRIMARY KEY, hash text NOT NULL, created_at numeric)`);
    const applied = new Set((db.prepare(`SELECT hash FROM "__drizzle_migrations"`).all() as { hash: string }[]).map((r) => r.hash));
    let count = 0;
    for (const migration of migrations) {
      if (applied.has(migration.hash)) continue;
      for (const statement of migration.sql) if (statement.trim()) db.exec(statement);
      db.prepare(`INSERT INTO "__drizzle_migrations" ("hash", "created_at") VALUES (?, ?)`).run(migration.hash, migration.folderMillis);
      count++;
    }
    db.exec("COMMIT");
    return count;
  } catch (error) {
    db.exec("ROLLBACK");
    throw error;
  }
}

/**
 * Postgres over Neon's HTTP driver: one transaction holding an advisory lock, with each
 * migration in a `DO` block that runs only when Drizzle's journal lacks its hash, so
 * instances starting together apply each migration once.
 */
export async function migrateDemoPostgres(sql: NeonQueryFunction<false, false>): Promise<void> {
  const migrations = readMigrationFiles({ migrationsFolder: migrationsFolder("pg") });
  const quote = "$demo_statement$";
  await sql.transaction([
    sql.query("SELECT pg_advisory_xact_lock(hashtext('cartsession-demo:migrations'))"),
    sql.query("CREATE SCHEMA IF NOT EXISTS drizzle"),
    sql.query('CREATE TABLE IF NOT EXISTS drizzle."__drizzle_migrations" (id SERIAL PRIMARY KEY, hash text NOT NULL, created_at bigint)'),
    ...migrations.map((m) =>
      sql.query(`DO $demo_migration$ BEGIN
        IF NOT EXISTS (SELECT 1 FROM drizzle."__drizzle_migrations" WHERE hash = '${m.hash}') THEN
          ${m.sql.filter((s) => s.trim()).map((s) => `EXECUTE ${quote}${s}${quote};`).join("\n")}
          INSERT INTO drizzle."__drizzle_migrations" (hash, created_at) VALUES ('${m.hash}', ${m.folderMillis});
        END IF;
      END $demo_migration$`),
    ),
  ]);
}
