import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { getTableConfig } from "drizzle-orm/sqlite-core";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { migrateSqlite, sqliteStore, type SqliteDatabase } from "./index.js";
import { openSqliteDatabase } from "./client.js";
import { cartsessionSqliteTables } from "./schema.js";
import { MIGRATIONS } from "../sql/migrations.js";
import { tableNames } from "../sql/tables.js";

let dir: string;
let file: string;
const opened: SqliteDatabase[] = [];
const open = async () => {
  const db = await openSqliteDatabase(file);
  opened.push(db);
  return db;
};

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), "cartsession-migrate-"));
  file = path.join(dir, "shop.db");
});
afterEach(() => {
  for (const db of opened.splice(0)) if (db.open) db.close();
  rmSync(dir, { recursive: true, force: true });
});

const tables = (db: SqliteDatabase) =>
  (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as { name: string }[]).map((r) => r.name);

describe("cartsession's SQLite migrations", () => {
  it("create the tables in WAL mode under their own journal, and run once", async () => {
    const db = await open();
    expect(migrateSqlite(db)).toEqual(["0001_sessions", "0002_rate_limits", "0003_one_cart_index", "0004_no_sequences"]);
    expect(migrateSqlite(db)).toEqual([]);
    expect(tables(db)).toEqual(["cartsession_health", "cartsession_migrations", "cartsession_rate_limits", "session_cleanup_runs", "sessions"]);
    expect(db.pragma("journal_mode", { simple: true })).toBe("wal");
  });

  it("upgrade an install made before 0002 (rate limits) without touching its sessions", async () => {
    const db = await open();
    const t = tableNames();
    db.exec(`CREATE TABLE "${t.migrations}" (id TEXT PRIMARY KEY, applied_at INTEGER NOT NULL)`);
    for (const statement of MIGRATIONS[0]!.sqlite(t)) db.exec(statement);
    db.prepare(`INSERT INTO "${t.migrations}" VALUES ('0001_sessions', 1)`).run();
    const store = await sqliteStore({ database: db, migrate: false }).catch((error: unknown) => error);
    // Refused by what is missing, named, with what to run.
    expect(String(store)).toMatch(/missing index "sessions_open_carts_idx", table "cartsession_rate_limits"\).*npx cartsession migrate/);
    db.exec(`INSERT INTO sessions (session_key, session_value, session_expiry, session_active_until, session_created, session_updated) VALUES ('t_${"0".repeat(30)}', '{"a":1}', 9999999999, 9999999999, 1, 1)`);
    expect(migrateSqlite(db)).toEqual(["0002_rate_limits", "0003_one_cart_index", "0004_no_sequences"]);
    expect((await (await sqliteStore({ database: db })).load(`t_${"0".repeat(30)}`))?.value).toBe('{"a":1}');
  });

  it("live beside a host app's own users table and newer Drizzle migrations, touching neither", async () => {
    const db = await open();
    db.exec(`CREATE TABLE users (id TEXT PRIMARY KEY, email TEXT NOT NULL)`);
    db.exec(`INSERT INTO users VALUES ('550e8400-e29b-41d4-a716-446655440000', 'ann@example.com')`);
    db.exec(`CREATE TABLE "__drizzle_migrations" (id INTEGER PRIMARY KEY, hash text NOT NULL, created_at numeric)`);
    db.exec(`INSERT INTO "__drizzle_migrations" (hash, created_at) VALUES ('host-migration', 99999999999999)`);
    const store = await sqliteStore({ database: db });
    expect(await store.load("t_000000000000000000000000000000")).toBeNull();
    expect(db.prepare("SELECT email FROM users").all()).toEqual([{ email: "ann@example.com" }]);
    expect(db.prepare(`SELECT hash FROM "__drizzle_migrations"`).all()).toEqual([{ hash: "host-migration" }]);
    expect(tables(db)).toContain("sessions");
  });

  it("refuse a host table of the same name with a clear message, and live beside it with a prefix", async () => {
    const db = await open();
    db.exec(`CREATE TABLE sessions (id TEXT PRIMARY KEY, user_id TEXT)`);
    await expect(sqliteStore({ database: db })).rejects.toThrow(/"sessions" already exists and was not created by cartsession.*tablePrefix/);
    const store = await sqliteStore({ database: db, tablePrefix: "cs_" });
    expect(tables(db)).toEqual(expect.arrayContaining(["sessions", "cs_sessions", "cs_cartsession_migrations"]));
    expect(await store.countSessions({})).toBe(0);
  });

  it("with migrate: false, refuse a database that was not migrated, then start once `cartsession migrate` ran", async () => {
    const db = await open();
    await expect(sqliteStore({ database: db, migrate: false })).rejects.toMatchObject({ code: "store_not_migrated", message: expect.stringMatching(/cartsession migrate/) });
    expect(tables(db)).toEqual([]);
    migrateSqlite(db);
    await expect(sqliteStore({ database: db, migrate: false })).resolves.toBeDefined();
  });

  it("let several processes open a new file at once without a missing-table race", async () => {
    const script = `
      import { sqliteStore } from ${JSON.stringify(path.join(path.dirname(fileURLToPath(import.meta.url)), "index.ts"))};
      const store = await sqliteStore({ file: process.argv[1] });
      await store.save({ key: "t_" + String(process.pid).padStart(30, "0"), customerId: null, logins: [], value: "{}", expiresAt: 2e9, activeUntil: 2e9, items: 0, now: 1, expectedVersion: null });
      await store.close();`;
    const runs = Array.from({ length: 4 }, () =>
      new Promise<number>((resolve) => spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script, file], { stdio: "inherit" }).on("exit", (code) => resolve(code ?? 1))),
    );
    expect(await Promise.all(runs)).toEqual([0, 0, 0, 0]);
    expect((await open()).prepare("SELECT count(*) AS n FROM sessions").all()).toEqual([{ n: 4 }]);
  }, 60_000);

  it("create exactly the tables the exported Drizzle schema describes", async () => {
    const db = await open();
    migrateSqlite(db, { tablePrefix: "shop_" });
    for (const table of Object.values(cartsessionSqliteTables("shop_"))) {
      const config = getTableConfig(table);
      const columns = db.prepare(`PRAGMA table_info("${config.name}")`).all() as { name: string; notnull: number; pk: number }[];
      expect(columns.map((c) => c.name).sort()).toEqual(config.columns.map((c) => c.name).sort());
      for (const column of config.columns) {
        const actual = columns.find((c) => c.name === column.name);
        expect(Boolean(actual?.notnull) || Boolean(actual?.pk), `${config.name}.${column.name} NOT NULL`).toBe(column.notNull);
      }
      const indexes = (db.prepare(`PRAGMA index_list("${config.name}")`).all() as { name: string }[]).map((i) => i.name).filter((n) => !n.startsWith("sqlite_"));
      expect(indexes.sort()).toEqual(config.indexes.map((i) => i.config.name).sort());
    }
  });
});
