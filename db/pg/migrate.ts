import path from "node:path";
import type { Pool } from "@neondatabase/serverless";
import { readMigrationFiles } from "drizzle-orm/migrator";

export function pgMigrationsFolder(): string {
  return path.join(process.cwd(), "db", "migrations", "pg");
}

/**
 * Applies drizzle-kit's Postgres migrations in one transaction holding an advisory lock,
 * so many instances starting together apply them exactly once and none can query a table
 * before it exists. Bookkeeping is drizzle's (`drizzle.__drizzle_migrations`), so
 * `npm run db:migrate` (drizzle-kit) and this agree on what was applied.
 */
export async function migratePg(pool: Pool, migrationsFolder = pgMigrationsFolder()): Promise<number> {
  const migrations = readMigrationFiles({ migrationsFolder });
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    await client.query("SELECT pg_advisory_xact_lock(hashtext('cartsession:migrations'))");
    await client.query("CREATE SCHEMA IF NOT EXISTS drizzle");
    await client.query(
      'CREATE TABLE IF NOT EXISTS drizzle."__drizzle_migrations" (id SERIAL PRIMARY KEY, hash text NOT NULL, created_at bigint)',
    );
    const last = await client.query<{ created_at: string }>(
      'SELECT created_at FROM drizzle."__drizzle_migrations" ORDER BY created_at DESC LIMIT 1',
    );
    const lastApplied = last.rows[0] ? Number(last.rows[0].created_at) : -1;
    let applied = 0;
    for (const migration of migrations) {
      if (migration.folderMillis <= lastApplied) continue;
      for (const statement of migration.sql) if (statement.trim()) await client.query(statement);
      await client.query('INSERT INTO drizzle."__drizzle_migrations" (hash, created_at) VALUES ($1, $2)', [migration.hash, migration.folderMillis]);
      applied++;
    }
    await client.query("COMMIT");
    return applied;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}
