import type { ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { startLocalNeon, type LocalNeon } from "cartsession/testing";
import { createTestDatabase, postgresOrSkipReason, type TestDatabase } from "../test/helpers/postgres";
import { startNextServer, stopServer } from "./helpers/next-server";

/*
 * Issue 19, item 4: with the database gone mid-service (Postgres through the Neon bridge,
 * which this test stops and restarts), every route that needs it answers 503 with
 * Retry-After (JSON in the error shape for the API, a 503 page for pages and forms),
 * pages that need no database still render, and the app recovers by itself.
 */
const PORT = Number(process.env.E2E_PORT ?? 3210) + 95;
const BASE = `http://localhost:${PORT}`;
const ADMIN_TOKEN = "outage-admin-api-token-0001";
const CRON = "outage-cron-secret-0000001";
let db: TestDatabase | undefined;
let bridge: LocalNeon | undefined;
let bridgePort = 0;
let dir = "";
let server: ChildProcess | undefined;
let skipReason: string | null = null;

test.beforeAll(async () => {
  test.setTimeout(120_000);
  skipReason = await postgresOrSkipReason();
  if (skipReason) return;
  db = await createTestDatabase("cartsession_outage");
  bridge = await startLocalNeon(0);
  bridgePort = bridge.port;
  dir = mkdtempSync(path.join(tmpdir(), "cartsession-outage-"));
  server = await startNextServer(PORT, {
    DATABASE_URL: db.url,
    NEON_LOCAL_PROXY: bridge.address,
    SESSION_SECRET: "outage-secret-outage-secret-outage-0001",
    SITE_URL: BASE,
    CARTSESSION_DATA_DIR: dir,
    ADMIN_API_TOKEN: ADMIN_TOKEN,
    CRON_SECRET: CRON,
  });
});

test.afterAll(async () => {
  try {
    await stopServer(server);
    await bridge?.close().catch(() => {});
  } finally {
    try {
      await db?.drop();
    } finally {
      if (dir) rmSync(dir, { recursive: true, force: true });
    }
  }
});

test("every route that needs the database answers 503 while it is gone, and all recover without a restart", async ({ playwright, browser }) => {
  test.skip(skipReason !== null, skipReason ?? "");
  test.setTimeout(120_000);
  const shopper = await playwright.request.newContext({ baseURL: BASE, storageState: { cookies: [], origins: [] } });
  expect((await shopper.post("/api/cart/items", { data: { productId: "linen-apron", quantity: 2 } })).status()).toBe(200);
  expect((await shopper.get("/cart")).status()).toBe(200);
  // Issue 27, item 4: a logged-in customer (the account export) and two no-JS forms, open before the outage.
  const customer = await playwright.request.newContext({ baseURL: BASE, storageState: { cookies: [], origins: [] } });
  expect((await customer.post("/api/auth/login", { data: { email: "demo@example.com", password: "demo-password" } })).status()).toBe(200);
  const noJs = await browser.newContext({ javaScriptEnabled: false, baseURL: BASE });
  const productPage = await noJs.newPage();
  await productPage.goto("/products/linen-apron");
  const loginPage = await noJs.newPage();
  await loginPage.goto("/login");

  await bridge!.close();
  const api = async (method: string, url: string, options: { data?: unknown; headers?: Record<string, string> } = {}) => {
    const response = await shopper.fetch(url, { method, ...options });
    return { status: response.status(), retryAfter: response.headers()["retry-after"], code: ((await response.json().catch(() => ({}))) as { error?: { code?: string } }).error?.code };
  };
  const down = { status: 503, retryAfter: expect.stringMatching(/^\d+$/), code: "store_unavailable" };
  expect(await api("POST", "/api/cart/items", { data: { productId: "linen-apron", quantity: 1 } })).toEqual(down);
  expect(await api("GET", "/api/cart")).toEqual(down);
  expect(await api("POST", "/api/auth/login", { data: { email: "demo@example.com", password: "demo-password" } })).toEqual(down);
  expect(await api("GET", "/api/admin/abandoned-carts", { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } })).toEqual(down);
  expect(await api("GET", "/api/products")).toEqual(down);
  expect((await shopper.get("/api/health")).status()).toBe(503);
  // Issue 27, item 4: these answered 500.
  expect(await api("GET", "/api/session")).toEqual(down);
  const exported = await customer.get("/api/account/export");
  expect(exported.status()).toBe(503);
  expect(exported.headers()["retry-after"]).toMatch(/^\d+$/);
  expect((await exported.json()).error.code).toBe("store_unavailable");
  expect(await api("GET", "/api/cron/session-cleanup", { headers: { authorization: `Bearer ${CRON}` } })).toEqual(down);
  await productPage.getByRole("button", { name: "Add to cart" }).click();
  await expect(productPage.getByRole("heading", { name: "Back in a moment" })).toBeVisible();
  await loginPage.getByLabel("Email").fill("demo@example.com");
  await loginPage.getByLabel("Password").fill("demo-password");
  await loginPage.getByRole("button", { name: "Log in" }).click();
  await expect(loginPage.getByRole("heading", { name: "Back in a moment" })).toBeVisible();
  await noJs.close();
  await customer.dispose();
  // Pages that need the session land on the 503 page (they cannot set a status themselves).
  for (const url of ["/cart", "/live", "/checkout", "/account"]) {
    const response = await shopper.get(url);
    expect(response.status(), url).toBe(503);
    expect(response.headers()["retry-after"]).toMatch(/^\d+$/);
    expect(await response.text()).toContain("Back in a moment");
  }
  // Pages that need no database still render: the shared catalog pages, for a new visitor.
  const visitor = await playwright.request.newContext({ baseURL: BASE, storageState: { cookies: [], origins: [] } });
  expect((await visitor.get("/")).status()).toBe(200);
  expect((await visitor.get("/products/linen-apron")).status()).toBe(200);
  await visitor.dispose();

  bridge = await startLocalNeon(bridgePort);
  await expect.poll(async () => (await shopper.get("/api/health")).status(), { timeout: 30_000 }).toBe(200);
  expect((await (await shopper.get("/api/cart")).json()).itemCount).toBe(2);
  expect((await shopper.get("/cart")).status()).toBe(200);
  expect((await shopper.post("/api/cart/items", { data: { productId: "linen-apron", quantity: 1 } })).status()).toBe(200);
  await shopper.dispose();
});
