import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, test, type APIRequestContext } from "@playwright/test";
import { startNextServer, stopServer } from "./helpers/next-server";

/*
 * Issue 27, item 4, on the Redis store (SESSION_STORE=redis, on a redis-server of the
 * test's own, killed mid-service): whichever route opened the store first, a page (a
 * no-JS form) or the API, every route answers 503 while Redis is down, never 500, and
 * recovers when it is back.
 */
const BASE_PORT = Number(process.env.E2E_PORT ?? 3210) + 97;
const REDIS_SERVER = "/usr/bin/redis-server";

async function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, "127.0.0.1");
    socket.once("connect", () => (socket.destroy(), resolve(true)));
    socket.once("error", () => resolve(false));
  });
}

/** A redis-server of this test's own (nothing on disk), which it kills as a crash and restarts (as in lib/session/src/redis/faults.fixture.ts). */
class OwnRedis {
  private child: ChildProcess | undefined;
  constructor(readonly port: number) {}
  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }
  async start(): Promise<void> {
    this.child = spawn(REDIS_SERVER, ["--port", String(this.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], { stdio: "ignore" });
    await expect.poll(() => portOpen(this.port), { timeout: 10_000 }).toBe(true);
  }
  async kill(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGKILL");
    await exited;
    await expect.poll(() => portOpen(this.port), { timeout: 10_000 }).toBe(false);
  }
}

async function expectDown(c: APIRequestContext, method: string, url: string, data?: unknown): Promise<void> {
  const response = await c.fetch(url, { method, data });
  expect(response.status(), `${method} ${url}`).toBe(503);
  expect(response.headers()["retry-after"], `${method} ${url}`).toMatch(/^\d+$/);
  expect(((await response.json()) as { error: { code: string } }).error.code, `${method} ${url}`).toBe("store_unavailable");
}

for (const [order, offset] of [
  ["a page (a no-JS form)", 0],
  ["an API call", 1],
] as const) {
  test(`Redis down after ${order} opened the store: every route answers 503, never 500`, async ({ browser }) => {
    test.skip(!existsSync(REDIS_SERVER), "redis-server is not installed");
    test.setTimeout(120_000);
    const port = BASE_PORT + offset;
    const base = `http://localhost:${port}`;
    const redis = new OwnRedis(BASE_PORT + 10 + offset);
    await redis.start();
    const dir = mkdtempSync(path.join(tmpdir(), "cartsession-redis-outage-"));
    let server: ChildProcess | undefined;
    try {
      server = await startNextServer(port, {
        SESSION_SECRET: "redis-outage-secret-redis-outage-secret-1",
        SITE_URL: base,
        CARTSESSION_DATA_DIR: dir,
        SESSION_STORE: "redis",
        REDIS_URL: redis.url,
      });
      const context = await browser.newContext({ javaScriptEnabled: false, baseURL: base });
      if (offset === 0) {
        const page = await context.newPage();
        await page.goto("/products/linen-apron");
        await page.getByRole("button", { name: "Add to cart" }).click();
        await expect(page).toHaveURL(/\/products\/linen-apron/);
      } else {
        expect((await context.request.post("/api/cart/items", { data: { productId: "linen-apron", quantity: 1 } })).status()).toBe(200);
      }
      // The login form, open before the outage, is sent during it.
      const form = await context.newPage();
      await form.goto("/login");
      await redis.kill();
      const c = context.request;
      await expectDown(c, "POST", "/api/cart/items", { productId: "linen-apron", quantity: 1 });
      await expectDown(c, "GET", "/api/cart");
      await expectDown(c, "GET", "/api/session");
      await expectDown(c, "POST", "/api/auth/login", { email: "demo@example.com", password: "demo-password" });
      await expectDown(c, "POST", "/api/auth/logout");
      const cart = await c.get("/cart");
      expect(cart.status()).toBe(503);
      expect(await cart.text()).toContain("Back in a moment");
      await form.getByLabel("Email").fill("demo@example.com");
      await form.getByLabel("Password").fill("demo-password");
      await form.getByRole("button", { name: "Log in" }).click();
      await expect(form.getByRole("heading", { name: "Back in a moment" })).toBeVisible();

      await redis.start();
      await expect.poll(async () => (await c.post("/api/cart/items", { data: { productId: "linen-apron", quantity: 1 } })).status(), { timeout: 30_000 }).toBe(200);
      await context.close();
    } finally {
      await stopServer(server);
      await redis.kill();
      rmSync(dir, { recursive: true, force: true });
    }
  });
}
