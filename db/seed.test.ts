import Database from "better-sqlite3";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { demoDatabase, setDemoDatabaseForTesting, unseedDemoDatabase } from ".";
import { authenticate } from "../lib/auth/authenticate";
import { setShopConfigForTesting } from "../lib/shop-config";
import { shouldSeed } from "./seed";

const dirs: string[] = [];
const original = { ...process.env };
afterEach(async () => {
  await (await demoDatabase().catch(() => null))?.close();
  setDemoDatabaseForTesting(undefined);
  setShopConfigForTesting(undefined);
  process.env = { ...original };
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function freshDemo(env: Record<string, string | undefined>) {
  const dir = mkdtempSync(path.join(tmpdir(), "cartsession-seed-"));
  dirs.push(dir);
  Object.assign(process.env, { CARTSESSION_DATA_DIR: dir, ...env });
  delete process.env.DATABASE_URL;
  setShopConfigForTesting(undefined);
  setDemoDatabaseForTesting(undefined);
  return demoDatabase();
}

describe("demo data", () => {
  it("is seeded in development and tests: a dozen products in order, and the two documented accounts", async () => {
    const db = await freshDemo({ NODE_ENV: "test" });
    const products = await db.catalog.list();
    expect(products).toHaveLength(12);
    expect(products[0]).toMatchObject({ id: "linen-apron", priceCents: 3800, currency: "USD" });
    expect(await db.catalog.get("nope")).toBeNull();
    expect(db.dialect).toBe("sqlite");
    expect(await authenticate(db.users, "demo@example.com", "demo-password")).toMatchObject({ role: "customer" });
    expect(await authenticate(db.users, "admin@example.com", "admin-password")).toMatchObject({ role: "admin" });
    expect(await authenticate(db.users, "admin@example.com", "wrong")).toBeNull();
  });

  it("is never seeded in production unless DEMO_STORE=1: no admin with a published password", async () => {
    const db = await freshDemo({ NODE_ENV: "production", DEMO_STORE: "" });
    expect(await db.users.findByEmail("admin@example.com")).toBeNull();
    expect(await db.catalog.list()).toEqual([]);
    expect(shouldSeed({ NODE_ENV: "production", DEMO_STORE: "1" })).toBe(true);
    expect(shouldSeed({ NODE_ENV: "production" })).toBe(false);
    expect(shouldSeed({ NODE_ENV: "development" })).toBe(true);
  });

  it("is removed by unseed (npm run demo:unseed), which leaves other accounts and products alone", async () => {
    const db = await freshDemo({ NODE_ENV: "test" });
    expect(await db.unseed(["someone@example.com"], ["not-a-demo-product"])).toEqual({ users: 0, products: 0 });
    expect(await unseedDemoDatabase()).toEqual({ users: 2, products: 12 });
    expect(await db.catalog.list()).toEqual([]);
    expect(await db.users.findByEmail("demo@example.com")).toBeNull();
  });

  it("keeps the engine's tables and journal apart from the demo's own Drizzle migrations", async () => {
    await freshDemo({ NODE_ENV: "test" });
    const file = new Database(path.join(process.env.CARTSESSION_DATA_DIR!, "sessions.db"), { readonly: true });
    const tables = (file.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as { name: string }[]).map((r) => r.name);
    file.close();
    expect(tables).toEqual(["__drizzle_migrations", "cart_restore_tokens", "cartsession_health", "cartsession_migrations", "cartsession_rate_limits", "products", "session_cleanup_runs", "sessions", "users"]);
  });
});
