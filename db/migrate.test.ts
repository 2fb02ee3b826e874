import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { neon } from "@neondatabase/serverless";
import { createTestDatabase, postgresOrSkipReason } from "cartsession/testing";
import { readMigrationFiles } from "drizzle-orm/migrator";
import { describe, expect, it } from "vitest";
import { migrateDemoPostgres, migrateDemoSqlite } from "./migrate";
import { routeNeonToLocalBridge } from "./pg";
import { openSqliteFile } from "./sqlite";

/*
 * Upgrading a store that ran before restore links changed (migration 0000 only, with a
 * link in it): migration 0001 gives the table its new shape and drops the old links,
 * which kept carts and session keys in plain text and were used up by a GET.
 */
const OLD_LINK = { hash: "a".repeat(64), key: "t_" + "1".repeat(30), cart: '[{"productId":"linen-apron","quantity":2}]' };
const NEW_COLUMNS = ["token_hash", "cart_ref", "customer_ref", "payload", "created_at", "expires_at", "used_at", "used_by"];

describe("the restore links migration", () => {
  it("upgrades a SQLite database that holds old links", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "cartsession-migrate-"));
    const db = await openSqliteFile(path.join(dir, "old.db"));
    try {
      const [first] = readMigrationFiles({ migrationsFolder: path.join(process.cwd(), "db/migrations/sqlite") });
      db.exec(`CREATE TABLE "__drizzle_migrations" (id INTEGER PRIMARY KEY, hash text NOT NULL, created_at numeric)`);
      for (const statement of first!.sql) db.exec(statement);
      db.prepare(`INSERT INTO "__drizzle_migrations" (hash, created_at) VALUES (?, ?)`).run(first!.hash, first!.folderMillis);
      db.prepare("INSERT INTO cart_restore_tokens (token_hash, session_key, cart, created_at, expires_at) VALUES (?, ?, ?, 1, 2000000000)").run(OLD_LINK.hash, OLD_LINK.key, OLD_LINK.cart);

      expect(migrateDemoSqlite(db)).toBe(1);
      expect(migrateDemoSqlite(db)).toBe(0);
      const columns = (db.prepare("SELECT name FROM pragma_table_info('cart_restore_tokens')").all() as { name: string }[]).map((c) => c.name);
      expect(columns).toEqual(NEW_COLUMNS);
      expect(db.prepare("SELECT count(*) AS n FROM cart_restore_tokens").all()).toEqual([{ n: 0 }]);
      // The one-live-link-per-cart index is in place.
      const insert = (hash: string, usedAt: number | null) =>
        db.prepare("INSERT INTO cart_restore_tokens (token_hash, cart_ref, payload, created_at, expires_at, used_at) VALUES (?, 'cart', '{}', 1, 2, ?)").run(hash, usedAt);
      insert("h1", null);
      insert("h2", 5);
      expect(() => insert("h3", null)).toThrow(/UNIQUE/);
    } finally {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("upgrades a Postgres database that holds old links", async (context) => {
    if (await postgresOrSkipReason()) return context.skip();
    const db = await createTestDatabase("cartsession_migrate");
    try {
      routeNeonToLocalBridge(db.neon.address);
      const [first] = readMigrationFiles({ migrationsFolder: path.join(process.cwd(), "db/migrations/pg") });
      await db.admin(`CREATE SCHEMA drizzle; CREATE TABLE drizzle."__drizzle_migrations" (id SERIAL PRIMARY KEY, hash text NOT NULL, created_at bigint);
        ${first!.sql.join("\n")};
        INSERT INTO drizzle."__drizzle_migrations" (hash, created_at) VALUES ('${first!.hash}', ${first!.folderMillis});
        INSERT INTO cart_restore_tokens (token_hash, session_key, cart, created_at, expires_at) VALUES ('${OLD_LINK.hash}', '${OLD_LINK.key}', '${OLD_LINK.cart}', 1, 2000000000);`);
      const sql = neon(db.url);
      await Promise.all([migrateDemoPostgres(sql), migrateDemoPostgres(sql)]);
      const columns = await sql.query("SELECT column_name FROM information_schema.columns WHERE table_name = 'cart_restore_tokens' ORDER BY ordinal_position");
      expect(columns.map((c) => c.column_name)).toEqual(NEW_COLUMNS);
      expect(await sql.query("SELECT count(*)::int AS n FROM cart_restore_tokens")).toEqual([{ n: 0 }]);
      expect(await sql.query(`SELECT count(*)::int AS n FROM drizzle."__drizzle_migrations"`)).toEqual([{ n: 2 }]);
    } finally {
      await db.drop();
    }
  });
});
