import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { PassThrough } from "node:stream";
import Database from "better-sqlite3";
import { neon } from "@neondatabase/serverless";
import { postgresStore } from "cartsession/postgres";
import { sqliteStore } from "cartsession/sqlite";
import type { CompleteSessionStore } from "cartsession/store";
import { createTestDatabase, postgresOrSkipReason, setLocalNeonEndpoint, type TestDatabase } from "cartsession/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

/*
 * Two ways to own cartsession's tables (docs/drizzle.md, "Two ways to own the tables"), each run with a
 * host app's own drizzle-kit — generate, migrate and push of a host schema change, before
 * and after cartsession's tables exist — on SQLite and on Postgres:
 *   engine-managed: the store migrates its tables; the host's config leaves them alone;
 *   Drizzle-managed: the host's schema includes cartsession's tables and its drizzle-kit
 *   creates them; the store runs with migrate: false and checks them at open.
 */
const ROOT = path.resolve(import.meta.dirname, "..");
const DRIZZLE_KIT = path.join(ROOT, "node_modules", "drizzle-kit", "bin.cjs");
const ENGINE_TABLES_FILTER = `["!sessions", "!session_cleanup_runs", "!cartsession_*"]`;
const KEY = `t_${"a".repeat(30)}`;

let work = "";
/** The package as an adopter installs it: `npm pack` output, unpacked once for every host project. */
let packed = "";
beforeAll(() => {
  work = mkdtempSync(path.join(tmpdir(), "cartsession-drizzle-"));
  const out = spawnSync("npm", ["pack", "--pack-destination", work, "--json", "--ignore-scripts"], { cwd: path.join(ROOT, "lib", "session"), encoding: "utf8" });
  const tarball = path.join(work, (JSON.parse(out.stdout) as { filename: string }[])[0]!.filename);
  spawnSync("tar", ["-xzf", tarball, "-C", work]);
  packed = path.join(work, "package");
}, 120_000);
afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

/** A host project: its schema file, its drizzle.config.ts, this repository's node_modules. */
interface HostProject {
  dir: string;
  schema: (text: string) => void;
  kit: (...args: string[]) => string;
  migrationsSql: () => string;
  latestMigrationSql: () => string;
}

/** The SQL statements a `drizzle-kit push --verbose` ran (what it printed before applying them). */
const pushedStatements = (output: string): string[] => output.split("\n").filter((line) => /^\s*(ALTER|CREATE|DROP|INSERT|DELETE|TRUNCATE|COMMENT)\b/i.test(line)).map((line) => line.trim());

function hostProject(name: string, config: { dialect: "sqlite" | "postgresql"; url: string; tablesFilter?: string }): HostProject {
  const dir = path.join(work, name);
  // The host's node_modules: the packed cartsession, and everything else from this repository's.
  mkdirSync(path.join(dir, "node_modules"), { recursive: true });
  for (const entry of readdirSync(path.join(ROOT, "node_modules"))) {
    if (entry === "cartsession" || entry.startsWith(".")) continue;
    symlinkSync(path.join(ROOT, "node_modules", entry), path.join(dir, "node_modules", entry));
  }
  // A copy, not a link: the package resolves its peers (drizzle-orm) from the host's node_modules, as installed.
  cpSync(packed, path.join(dir, "node_modules", "cartsession"), { recursive: true });
  writeFileSync(
    path.join(dir, "drizzle.config.ts"),
    `import { defineConfig } from "drizzle-kit";\nexport default defineConfig({ dialect: "${config.dialect}", schema: "./schema.ts", out: "./drizzle", dbCredentials: { url: ${JSON.stringify(config.url)} }${config.tablesFilter ? `, tablesFilter: ${config.tablesFilter}` : ""} });\n`,
  );
  return {
    dir,
    schema: (text) => writeFileSync(path.join(dir, "schema.ts"), text),
    kit: (...args) => {
      const run = spawnSync(process.execPath, [DRIZZLE_KIT, ...args], { cwd: dir, encoding: "utf8", env: { ...process.env, FORCE_COLOR: "0" }, timeout: 120_000 });
      const output = `${run.stdout}\n${run.stderr}`;
      if (run.status !== 0) throw new Error(`drizzle-kit ${args.join(" ")} failed (${run.status}):\n${output}`);
      return output;
    },
    migrationsSql: () => {
      const out = path.join(dir, "drizzle");
      return readdirSync(out).filter((f) => f.endsWith(".sql")).sort().map((f) => readFileSync(path.join(out, f), "utf8")).join("\n");
    },
    latestMigrationSql: () => {
      const out = path.join(dir, "drizzle");
      const last = readdirSync(out).filter((f) => f.endsWith(".sql")).sort().at(-1);
      return last ? readFileSync(path.join(out, last), "utf8") : "";
    },
  };
}

const hostSchema = (dialect: "sqlite" | "pg", columns: string[], withCartsession: boolean) => {
  const core = dialect === "sqlite" ? "drizzle-orm/sqlite-core" : "drizzle-orm/pg-core";
  const table = dialect === "sqlite" ? "sqliteTable" : "pgTable";
  return [
    `import { ${table}, text } from "${core}";`,
    withCartsession ? `export * from "cartsession/${dialect === "sqlite" ? "sqlite" : "postgres"}/schema";` : "",
    `export const users = ${table}("users", { id: text("id").primaryKey(), ${columns.map((c) => `${c}: text("${c}")`).join(", ")} });`,
    "",
  ].join("\n");
};

/** One session saved, read back, the probe and a rate-limit hit: the store works on these tables. */
async function exercise(store: CompleteSessionStore): Promise<void> {
  const saved = await store.save({ key: KEY, customerId: null, logins: [], value: '{"cart":[]}', expiresAt: 2e9, activeUntil: 2e9, items: 0, now: 1, expectedVersion: null });
  expect(saved).toEqual({ ok: true, version: 1 });
  expect((await store.load(KEY))?.value).toBe('{"cart":[]}');
  await store.probe();
  expect((await store.hit("bucket", 60, 1_000)).count).toBe(1);
}

describe("on SQLite", () => {
  it("engine-managed: the host's generate, migrate and push leave every cartsession object alone", async () => {
    const file = path.join(work, "engine.db");
    const host = hostProject("sqlite-engine", { dialect: "sqlite", url: file, tablesFilter: ENGINE_TABLES_FILTER });
    host.schema(hostSchema("sqlite", ["email"], false));
    host.kit("generate");
    host.kit("migrate"); // before cartsession's tables exist
    const store = await sqliteStore({ file });
    await exercise(store);
    await store.close();
    host.schema(hostSchema("sqlite", ["email", "name"], false));
    host.kit("generate");
    host.kit("migrate"); // after
    host.schema(hostSchema("sqlite", ["email", "name", "nick"], false));
    expect(pushedStatements(host.kit("push", "--force", "--verbose"))).toEqual([expect.stringMatching(/^ALTER TABLE [`"]users[`"] ADD [`"]nick[`"] text;?$/)]);
    expect(host.migrationsSql()).not.toMatch(/sessions|cartsession/);
    const again = await sqliteStore({ file, migrate: false }); // every table, column and index still there
    expect((await again.load(KEY))?.value).toBe('{"cart":[]}');
    await again.close();
    const db = new Database(file);
    expect((db.prepare("SELECT name FROM pragma_table_info('users')").all() as { name: string }[]).map((c) => c.name)).toEqual(["id", "email", "name", "nick"]);
    db.close();
  }, 180_000);

  it("Drizzle-managed: the host's drizzle-kit creates the tables, the store checks them at open, later host changes leave them alone", async () => {
    const file = path.join(work, "drizzle.db");
    const host = hostProject("sqlite-drizzle", { dialect: "sqlite", url: file });
    // Before: the store refuses an empty database with migrate: false, naming what is missing and what to run.
    await expect(sqliteStore({ file, migrate: false })).rejects.toThrow(/missing table "sessions".*drizzle-kit generate and migrate/);
    host.schema(hostSchema("sqlite", ["email"], true));
    host.kit("generate");
    host.kit("migrate");
    const store = await sqliteStore({ file, migrate: false });
    await exercise(store);
    await store.close();
    host.schema(hostSchema("sqlite", ["email", "name"], true));
    host.kit("generate");
    expect(host.latestMigrationSql()).not.toMatch(/sessions|cartsession/);
    host.kit("migrate");
    host.schema(hostSchema("sqlite", ["email", "name", "nick"], true));
    // drizzle-kit does not read a partial index's condition back from SQLite, so each push
    // drops and recreates that one index (docs/drizzle.md, "Two ways to own the tables"); nothing else of ours.
    expect(pushedStatements(host.kit("push", "--force", "--verbose"))).toEqual([
      "DROP INDEX `sessions_open_carts_idx`;",
      expect.stringMatching(/^CREATE INDEX `sessions_open_carts_idx` ON `sessions` .* WHERE session_items > 0;$/),
      "ALTER TABLE `users` ADD `nick` text;",
    ]);
    const again = await sqliteStore({ file, migrate: false });
    expect((await again.load(KEY))?.value).toBe('{"cart":[]}');
    await again.close();
    // A missing index is named.
    const db = new Database(file);
    db.exec('DROP INDEX "sessions_open_carts_idx"');
    db.close();
    await expect(sqliteStore({ file, migrate: false })).rejects.toThrow(/missing index "sessions_open_carts_idx"/);
  }, 180_000);
});

describe("on Postgres", () => {
  let skip: string | null = null;
  let engineDb: TestDatabase | undefined;
  let drizzleDb: TestDatabase | undefined;
  beforeAll(async () => {
    skip = await postgresOrSkipReason();
    if (skip) return;
    [engineDb, drizzleDb] = await Promise.all([createTestDatabase(), createTestDatabase()]);
  }, 60_000);
  afterAll(async () => {
    await Promise.all([engineDb?.drop(), drizzleDb?.drop()]);
  }, 60_000);

  it("engine-managed: the host's generate, migrate and push leave every cartsession object alone (no sequence to drop)", async (context) => {
    if (skip || !engineDb) return context.skip();
    setLocalNeonEndpoint(engineDb.neon.address);
    const host = hostProject("pg-engine", { dialect: "postgresql", url: engineDb.url, tablesFilter: ENGINE_TABLES_FILTER });
    host.schema(hostSchema("pg", ["email"], false));
    host.kit("generate");
    host.kit("migrate");
    const store = await postgresStore({ connectionString: engineDb.url });
    await exercise(store);
    host.schema(hostSchema("pg", ["email", "name"], false));
    host.kit("generate");
    host.kit("migrate");
    host.schema(hostSchema("pg", ["email", "name", "nick"], false));
    expect(pushedStatements(host.kit("push", "--force", "--verbose"))).toEqual(['ALTER TABLE "users" ADD COLUMN "nick" text;']);
    expect(host.migrationsSql()).not.toMatch(/sessions|cartsession/);
    const again = await postgresStore({ connectionString: engineDb.url, migrate: false });
    expect((await again.load(KEY))?.value).toBe('{"cart":[]}');
    const columns = await neon(engineDb.url).query("SELECT column_name FROM information_schema.columns WHERE table_name = 'users' ORDER BY ordinal_position");
    expect(columns.map((c) => c.column_name)).toEqual(["id", "email", "name", "nick"]);
  }, 180_000);

  it("Drizzle-managed: the host's drizzle-kit creates the tables, a role with only the documented grants runs the store, later host changes leave them alone", async (context) => {
    if (skip || !drizzleDb) return context.skip();
    setLocalNeonEndpoint(drizzleDb.neon.address);
    const host = hostProject("pg-drizzle", { dialect: "postgresql", url: drizzleDb.url });
    host.schema(hostSchema("pg", ["email"], true));
    host.kit("generate");
    host.kit("migrate");
    const role = `cs_host_${process.pid}`;
    await drizzleDb.admin(`DROP ROLE IF EXISTS ${role}; CREATE ROLE ${role} LOGIN; GRANT CONNECT ON DATABASE "${drizzleDb.name}" TO ${role}; ${await documentedGrants(role)}`);
    try {
      const url = new URL(drizzleDb.url);
      url.username = role;
      const store = await postgresStore({ connectionString: url.toString(), migrate: false });
      await exercise(store);
      host.schema(hostSchema("pg", ["email", "name"], true));
      host.kit("generate");
      expect(host.latestMigrationSql()).not.toMatch(/sessions|cartsession/);
      host.kit("migrate");
      host.schema(hostSchema("pg", ["email", "name", "nick"], true));
      expect(pushedStatements(host.kit("push", "--force", "--verbose"))).toEqual(['ALTER TABLE "users" ADD COLUMN "nick" text;']);
      const again = await postgresStore({ connectionString: url.toString(), migrate: false });
      expect((await again.load(KEY))?.value).toBe('{"cart":[]}');
    } finally {
      await drizzleDb.admin(`DROP OWNED BY ${role}; DROP ROLE IF EXISTS ${role}`);
    }
  }, 180_000);
});

/** The documented grants, as `npx cartsession grants <role>` prints them. */
async function documentedGrants(role: string): Promise<string> {
  const { runCli } = await import("cartsession/cli");
  let out = "";
  const stdout = new PassThrough();
  stdout.on("data", (c: Buffer) => (out += c.toString()));
  expect(await runCli(["grants", role], { stdout, stderr: new PassThrough(), env: {} })).toBe(0);
  await new Promise((resolve) => setImmediate(resolve));
  return out;
}
