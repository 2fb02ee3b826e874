import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { GET as abandonedCarts } from "../app/api/admin/abandoned-carts/route";
import { GET as health } from "../app/api/health/route";
import { setSessionStoreForTesting } from "../db/client";
import { setConfigForTesting } from "../lib/session/config";
import { testConfig } from "./helpers/config";
import { tempSqliteStore } from "./helpers/sqlite";

const TOKEN = "admin-api-token-0123456789";
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  setSessionStoreForTesting(undefined);
  setConfigForTesting(undefined);
  for (const fn of cleanups.splice(0)) await fn();
});

describe("GET /api/health", () => {
  it("answers 200 with figures when the database is up", async () => {
    const env = tempSqliteStore();
    cleanups.push(() => env.dispose());
    setConfigForTesting(testConfig());
    setSessionStoreForTesting(env.store);
    const response = await health();
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: "ok", db: { ok: true }, sessions: { rows: 0, expired: 0 } });
  });

  it("answers 503 when the database cannot be opened", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "cartsession-health-"));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    writeFileSync(path.join(dir, "blocked"), "a file where the database folder should be");
    setConfigForTesting(testConfig({ DATABASE_URL: `file:${path.join(dir, "blocked", "sessions.db")}` }));
    setSessionStoreForTesting(undefined);
    const response = await health();
    expect(response.status).toBe(503);
    const body = await response.json();
    expect(body).toMatchObject({ status: "unavailable", db: { ok: false }, sessions: null });
    expect(JSON.stringify(body)).not.toContain(dir);
  });
});

describe("GET /api/admin/abandoned-carts", () => {
  const request = (headers: Record<string, string> = {}) => new Request("http://localhost:3000/api/admin/abandoned-carts", { headers });

  it("refuses everything while ADMIN_API_TOKEN is unset", async () => {
    setConfigForTesting(testConfig());
    const response = await abandonedCarts(request({ authorization: `Bearer ${TOKEN}` }));
    expect(response.status).toBe(401);
    expect((await response.json()).error.code).toBe("admin_token_unset");
  });

  it.each([
    ["no Authorization header", {}],
    ["a wrong token", { authorization: "Bearer wrong" }],
    ["the token without the Bearer scheme", { authorization: TOKEN }],
  ])("rejects %s with 401", async (_name, headers) => {
    setConfigForTesting(testConfig({ ADMIN_API_TOKEN: TOKEN }));
    const response = await abandonedCarts(request(headers));
    expect(response.status).toBe(401);
    expect((await response.json()).error.code).toBe("unauthorized");
  });

  it("lists abandoned carts for the right token", async () => {
    const env = tempSqliteStore();
    cleanups.push(() => env.dispose());
    setConfigForTesting(testConfig({ ADMIN_API_TOKEN: TOKEN, ABANDONED_CART_MINUTES: "60" }));
    setSessionStoreForTesting(env.store);
    const now = Math.floor(Date.now() / 1000);
    await env.store.bulkInsert([
      { key: "t_" + "a".repeat(30), value: JSON.stringify({ cart: [{ productId: "linen-apron", quantity: 2 }] }), items: 2, expiry: now + 400_000, created: now - 7200, updated: now - 7200 },
      { key: "t_" + "b".repeat(30), value: JSON.stringify({ cart: [{ productId: "linen-apron", quantity: 1 }] }), items: 1, expiry: now + 400_000, created: now, updated: now },
    ]);
    const response = await abandonedCarts(request({ authorization: `Bearer ${TOKEN}` }));
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body.carts).toHaveLength(1);
    expect(body.carts[0]).toMatchObject({ customerId: "t_" + "a".repeat(30), items: 2, value: 7600 });
    expect(body.carts[0].restoreUrl).toMatch(/^http:\/\/localhost:3000\/cart\/restore\/[A-Za-z0-9_-]{43}$/);
  });
});
