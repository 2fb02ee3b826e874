import { neon } from "@neondatabase/serverless";
import { getTableConfig } from "drizzle-orm/pg-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, postgresOrSkipReason, type TestDatabase } from "../testing/postgres.js";
import { migratePostgres, postgresStore } from "./index.js";
import { setLocalNeonEndpoint } from "../testing/local-neon.js";
import { postgresGrants } from "../sql/grants.js";
import { OWNED_TABLES } from "../sql/migrations.js";
import { tableNames } from "../sql/tables.js";
import { createSessionEngine } from "../engine.js";
import { TEST_SECRET } from "../test-helpers.js";
import { cartsessionPgTables } from "./schema.js";

let db: TestDatabase | undefined;

beforeAll(async () => {
  if (await postgresOrSkipReason()) return;
  db = await createTestDatabase();
  setLocalNeonEndpoint(db.neon.address);
}, 60_000);
afterAll(async () => {
  await db?.drop();
}, 60_000);

const sql = () => neon(db!.url);

describe("cartsession's Postgres migrations", () => {
  it("live beside a host's users table and newer Drizzle migrations, touching neither, in one transaction per run", async (context) => {
    if (!db) return context.skip();
    await db.admin(`CREATE TABLE users (id uuid PRIMARY KEY, email text NOT NULL);
      INSERT INTO users VALUES ('550e8400-e29b-41d4-a716-446655440000', 'ann@example.com');
      CREATE SCHEMA drizzle; CREATE TABLE drizzle."__drizzle_migrations" (id SERIAL PRIMARY KEY, hash text NOT NULL, created_at bigint);
      INSERT INTO drizzle."__drizzle_migrations" (hash, created_at) VALUES ('host-migration', 99999999999999);`);
    const [first, second] = await Promise.all([migratePostgres({ connectionString: db.url }), migratePostgres({ connectionString: db.url })]);
    expect([...first, ...second]).toEqual(["0001_sessions", "0002_rate_limits", "0003_one_cart_index", "0004_no_sequences"]);
    expect(await sql().query("SELECT email FROM users")).toEqual([{ email: "ann@example.com" }]);
    expect(await sql().query(`SELECT hash FROM drizzle."__drizzle_migrations"`)).toEqual([{ hash: "host-migration" }]);
    const store = await postgresStore({ connectionString: db.url });
    expect(await store.countSessions({})).toBe(0);
  });

  it("refuse a host table of the same name with a clear message, and live beside it with a prefix", async (context) => {
    if (!db) return context.skip();
    await db.admin(`CREATE TABLE host_sessions_probe (id int); CREATE TABLE "shopsessions" (id text PRIMARY KEY)`);
    await expect(postgresStore({ connectionString: db.url, tablePrefix: "shop" })).rejects.toThrow(/"shopsessions" already exists and was not created by cartsession/);
    const store = await postgresStore({ connectionString: db.url, tablePrefix: "shop_" });
    expect(await store.countSessions({})).toBe(0);
  });

  it("start a least-privilege role with migrate: false (no DDL, no CREATE SCHEMA), and refuse it on an unmigrated database", async (context) => {
    if (!db) return context.skip();
    const role = `cs_app_${process.pid}`;
    await db.admin(`DROP ROLE IF EXISTS ${role}; CREATE ROLE ${role} LOGIN;
      GRANT CONNECT ON DATABASE "${db.name}" TO ${role};
      REVOKE CREATE ON SCHEMA public FROM PUBLIC;
      ${postgresGrants(role).join("\n")}`);
    try {
      const url = new URL(db.url);
      url.username = role;
      const store = await postgresStore({ connectionString: url.toString(), migrate: false });
      await expect(store.save({ key: "t_" + "1".repeat(30), customerId: null, logins: [], value: "{}", expiresAt: 2e9, activeUntil: 2e9, items: 0, now: 1, expectedVersion: null })).resolves.toEqual({ ok: true, version: 1 });
      await expect(store.probe()).resolves.toBeUndefined();
      // Every capability the engine uses with exactly those grants: limits, cleanup and its log, purge, listing.
      await expect(store.hit("bucket-1", 60, 1_000)).resolves.toMatchObject({ count: 1 });
      await expect(store.pruneHits(10_000)).resolves.toBe(1);
      const engine = createSessionEngine({ store, secrets: TEST_SECRET, siteUrl: "http://localhost:3000", limits: { newSessionsPerAddress: { limit: 5, windowSeconds: 60 } } });
      const guest = await engine.open((await engine.identify({})).cookie, { writable: true, clientAddress: "203.0.113.9" });
      guest.set("cart", [{ productId: "mug", quantity: 1 }]);
      await expect(guest.save()).resolves.toBe("saved");
      await expect(engine.cleanup("cli")).resolves.toMatchObject({ deleted: expect.any(Number) });
      await expect(store.purgeInactive({ updatedBefore: 0 })).resolves.toMatchObject({ deleted: 0 });
      await expect(store.countSessions({})).resolves.toBe(2);
      // The same role cannot migrate, and an unmigrated prefix is refused with the command to run.
      await expect(postgresStore({ connectionString: url.toString(), tablePrefix: "other_", migrate: false })).rejects.toMatchObject({ code: "store_not_migrated" });
      await expect(postgresStore({ connectionString: url.toString(), tablePrefix: "other_" })).rejects.toThrow(/permission denied/);
    } finally {
      await db.admin(`DROP OWNED BY ${role}; DROP ROLE IF EXISTS ${role}`);
    }
  });

  it("create exactly the tables the least-privilege grants name, and no sequence (one source)", async (context) => {
    if (!db) return context.skip();
    await migratePostgres({ connectionString: db.url, tablePrefix: "lp_" });
    const t = tableNames("lp_");
    const tables = (await sql().query("SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename LIKE 'lp\\_%' ORDER BY 1")).map((r) => r.tablename);
    const sequences = (await sql().query("SELECT sequencename FROM pg_sequences WHERE schemaname = 'public' AND sequencename LIKE 'lp\\_%' ORDER BY 1")).map((r) => r.sequencename);
    expect(tables).toEqual([...OWNED_TABLES(t), t.migrations].sort());
    // No sequences: a host's drizzle-kit push would try to drop them (docs: "Two ways to own the tables").
    expect(sequences).toEqual([]);
    const grants = postgresGrants("app", { tablePrefix: "lp_" }).join("\n");
    for (const name of [...tables, ...sequences]) expect(grants).toContain(`"${name}"`);
  });

  it("create exactly the tables the exported Drizzle schema describes", async (context) => {
    if (!db) return context.skip();
    await migratePostgres({ connectionString: db.url, tablePrefix: "drz_" });
    for (const table of Object.values(cartsessionPgTables("drz_"))) {
      const config = getTableConfig(table);
      const columns = (await sql().query("SELECT column_name, is_nullable, data_type FROM information_schema.columns WHERE table_name = $1", [config.name])) as {
        column_name: string;
        is_nullable: string;
      }[];
      expect(columns.map((c) => c.column_name).sort()).toEqual(config.columns.map((c) => c.name).sort());
      for (const column of config.columns) {
        expect(columns.find((c) => c.column_name === column.name)?.is_nullable === "NO", `${config.name}.${column.name}`).toBe(column.notNull);
      }
      const indexes = (await sql().query("SELECT indexname FROM pg_indexes WHERE tablename = $1 AND indexname NOT LIKE '%_pkey'", [config.name])) as { indexname: string }[];
      expect(indexes.map((i) => i.indexname).sort()).toEqual(config.indexes.map((i) => i.config.name).sort());
    }
  });
});
