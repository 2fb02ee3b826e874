import type { ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { createTestRedis, redisOrSkipReason, type TestRedis } from "cartsession/testing";
import { runCartLoad } from "../test/load/cart-load";
import { startNextServer, stopServer } from "./helpers/next-server";

/*
 * Issue 17: sessions in Redis across app instances. Two `next start` processes (the same
 * production build) keep their sessions in one Redis (SESSION_STORE=redis), two more keep
 * them in one SQLite file behind the Redis object cache (SESSION_CACHE=redis); the catalog
 * and accounts stay in the shared SQLite file. Every pair serves one cart, and 200
 * concurrent adds spread over both instances leave exactly 200 units. Redis is mandatory
 * on CI; elsewhere skipped with a reason when unreachable.
 */
const BASE_PORT = Number(process.env.E2E_PORT ?? 3210) + 21;
const url = (port: number) => `http://localhost:${port}`;
const STORE = [url(BASE_PORT), url(BASE_PORT + 1)] as const;
const CACHED = [url(BASE_PORT + 2), url(BASE_PORT + 3)] as const;
let redis: TestRedis | undefined;
const dirs: string[] = [];
const servers: ChildProcess[] = [];
let skipReason: string | null = null;

test.beforeAll(async () => {
  test.setTimeout(180_000);
  skipReason = await redisOrSkipReason();
  if (skipReason) return;
  redis = createTestRedis("e2e");
  const shared = (dir: string, extra: Record<string, string>) => ({
    SESSION_SECRET: "redis-instances-secret-redis-instances-01",
    // One site, two instances: the same cookie name on both.
    SITE_URL: "http://localhost",
    CARTSESSION_DATA_DIR: dir,
    REDIS_URL: redis!.url,
    REDIS_KEY_PREFIX: redis!.prefix,
    ...extra,
  });
  const storeDir = mkdtempSync(path.join(tmpdir(), "cartsession-redis-"));
  const cacheDir = mkdtempSync(path.join(tmpdir(), "cartsession-redis-cache-"));
  dirs.push(storeDir, cacheDir);
  // One of each pair first, opening the shared SQLite file (the health probe opens the
  // database), so it is created, migrated and seeded once.
  servers.push(await startNextServer(BASE_PORT, shared(storeDir, { SESSION_STORE: "redis" })));
  servers.push(await startNextServer(BASE_PORT + 2, shared(cacheDir, { SESSION_CACHE: "redis" })));
  for (const base of [STORE[0], CACHED[0]]) expect((await fetch(`${base}/api/health`)).status).toBe(200);
  servers.push(
    ...(await Promise.all([
      startNextServer(BASE_PORT + 1, shared(storeDir, { SESSION_STORE: "redis" })),
      startNextServer(BASE_PORT + 3, shared(cacheDir, { SESSION_CACHE: "redis" })),
    ])),
  );
});

test.afterAll(async () => {
  try {
    await Promise.all(servers.map(stopServer));
  } finally {
    try {
      await redis?.drop();
    } finally {
      for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
    }
  }
});

for (const [label, [A, B], store] of [
  ["Redis store (SESSION_STORE=redis)", STORE, "redis"],
  ["SQLite behind the Redis object cache (SESSION_CACHE=redis)", CACHED, "sqlite+redis"],
] as const) {
  test.describe(`two instances, ${label}`, () => {
    test.beforeEach(() => test.skip(skipReason !== null, skipReason ?? ""));

    test("the health probe names the store", async ({ request }) => {
      for (const base of [A, B]) {
        const health = await request.get(`${base}/api/health`);
        expect(health.status()).toBe(200);
        expect(await health.json()).toMatchObject({ status: "ok", store });
      }
    });

    test("one cart, seen and changed by both instances in turn", async ({ request }) => {
      const first = await request.get(`${A}/api/cart`);
      let token = first.headers()["cart-token"] as string;
      for (let i = 0; i < 10; i++) {
        const [writer, reader] = i % 2 === 0 ? [A, B] : [B, A];
        const added = await request.post(`${writer}/api/cart/items`, { headers: { "cart-token": token }, data: { productId: i % 2 === 0 ? "merino-socks" : "enamel-mug", quantity: 1 } });
        expect(added.status()).toBe(200);
        token = added.headers()["cart-token"] as string;
        const seen = await request.get(`${reader}/api/cart`, { headers: { "cart-token": token } });
        expect((await seen.json()).itemCount).toBe(i + 1);
      }
      const cart = await (await request.get(`${B}/api/cart`, { headers: { "cart-token": token } })).json();
      expect(cart.items.map((line: { productId: string; quantity: number }) => [line.productId, line.quantity])).toEqual([
        ["merino-socks", 5],
        ["enamel-mug", 5],
      ]);
    });

    test("load: 200 concurrent adds on one session, and 50 sessions x 20, spread over both: all exact, no 5xx", async () => {
      test.setTimeout(240_000);
      const one = await runCartLoad({ sessions: 1, requestsPerSession: 200, productId: "field-notebook", baseUrls: [A, B] });
      console.log(`${store} one session x 200:`, JSON.stringify({ ...one, mismatches: one.mismatches.length }));
      expect(one.statuses).toEqual({ "200": 200 });
      expect(one.mismatches).toEqual([]);
      const many = await runCartLoad({ sessions: 50, requestsPerSession: 20, productId: "enamel-mug", baseUrls: [A, B] });
      console.log(`${store} 50 sessions x 20:`, JSON.stringify({ ...many, mismatches: many.mismatches.length }));
      expect(many.statuses).toEqual({ "200": 1000 });
      expect(many.mismatches).toEqual([]);
    });
  });
}

test.describe("a shopper on the Redis store", () => {
  test.beforeEach(() => test.skip(skipReason !== null, skipReason ?? ""));

  test("whose page views alternate between the instances sees one cart and each notice once", async ({ browser }) => {
    const [A, B] = STORE;
    // Without JavaScript every form post is a navigation, so each request can be routed.
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${A}/products/linen-apron`);
    const fields = await page.locator("form.add-form input").evaluateAll((inputs) =>
      Object.fromEntries(inputs.map((i) => [(i as HTMLInputElement).name, (i as HTMLInputElement).value])),
    );
    const posted = await context.request.post(`${A}/products/linen-apron`, { multipart: { ...fields, quantity: "2" }, maxRedirects: 0 });
    expect(posted.status()).toBe(303);
    await page.goto(`${B}/products/linen-apron`);
    await expect(page.getByRole("status").filter({ hasText: "Added 2 ×" })).toBeVisible();
    await page.goto(`${A}/products/linen-apron`);
    await expect(page.getByTestId("mini-cart-count")).toHaveText("2");
    await expect(page.getByRole("status").filter({ hasText: "Added 2 ×" })).toHaveCount(0);
    await page.goto(`${B}/cart`);
    await page.getByRole("spinbutton", { name: "Quantity of Linen Apron" }).fill("5");
    await page.getByRole("button", { name: "Update quantity of Linen Apron" }).click();
    await expect(page.getByTestId("mini-cart-count")).toHaveText("5");
    await page.goto(`${A}/cart`);
    await expect(page.getByRole("spinbutton", { name: "Quantity of Linen Apron" })).toHaveValue("5");
    await context.close();
  });
});
