import type { ChildProcess } from "node:child_process";
import { request as httpRequest } from "node:http";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, test, type APIRequestContext, type PlaywrightWorkerArgs } from "@playwright/test";
import { startNextServer, stopServer } from "./helpers/next-server";

/*
 * Issue 19, tried as an attacker would, on a server of its own with small limits (the main
 * test server runs unthrottled, since every request there comes from 127.0.0.1). Each
 * attacker address is an X-Forwarded-For value, as the nearest proxy would append it.
 */
const PORT = Number(process.env.E2E_PORT ?? 3210) + 90;
const BASE = `http://127.0.0.1:${PORT}`;
const STOREFRONT = "https://storefront.example";
let server: ChildProcess | undefined;
let dir = "";

test.beforeAll(async () => {
  test.setTimeout(120_000);
  dir = mkdtempSync(path.join(tmpdir(), "cartsession-hardening-"));
  server = await startNextServer(PORT, {
    CARTSESSION_DATA_DIR: dir,
    SESSION_SECRET: "hardening-secret-hardening-secret-000001",
    // https here, http at build time: HSTS must follow the running configuration.
    SITE_URL: "https://shop.example",
    SESSION_NEW_PER_ADDRESS: "5/600",
    LOGIN_LIMIT_PER_ADDRESS: "6/900",
    LOGIN_LIMIT_PER_ACCOUNT: "3/900",
    CART_API_ALLOWED_ORIGINS: STOREFRONT,
  });
});

test.afterAll(async () => {
  try {
    await stopServer(server);
  } finally {
    if (dir) rmSync(dir, { recursive: true, force: true });
  }
});

async function client(playwright: PlaywrightWorkerArgs["playwright"], address: string): Promise<APIRequestContext> {
  return playwright.request.newContext({ baseURL: BASE, extraHTTPHeaders: { "x-forwarded-for": address }, storageState: { cookies: [], origins: [] } });
}

const login = (c: APIRequestContext, email: string, password: string) => c.post("/api/auth/login", { data: { email, password } });

test("a password guesser on one account is stopped with 429 + Retry-After, even with the right password, from any address", async ({ playwright }) => {
  const statuses: number[] = [];
  for (let i = 0; i < 3; i++) {
    const attacker = await client(playwright, `203.0.113.${10 + i}`);
    statuses.push((await login(attacker, "demo@example.com", `guess-${i}`)).status());
    await attacker.dispose();
  }
  expect(statuses).toEqual([401, 401, 401]);
  const next = await client(playwright, "203.0.113.50");
  const refused = await login(next, "demo@example.com", "demo-password");
  expect(refused.status()).toBe(429);
  expect(Number(refused.headers()["retry-after"])).toBeGreaterThan(0);
  expect((await refused.json()).error).toMatchObject({ code: "rate_limited", message: expect.stringMatching(/Too many login attempts/) });
  // Another account is not locked by it.
  expect((await login(next, "admin@example.com", "admin-password")).status()).toBe(200);
  await next.dispose();
});

test("a sprayer from one address is stopped after the per-address limit, whatever the emails", async ({ playwright }) => {
  const sprayer = await client(playwright, "198.51.100.20");
  const statuses: number[] = [];
  for (let i = 0; i < 8; i++) statuses.push((await login(sprayer, `nobody${i}@example.com`, "password")).status());
  expect(statuses.slice(0, 6)).toEqual([401, 401, 401, 401, 401, 401]);
  expect(statuses.slice(6)).toEqual([429, 429]);
  await sprayer.dispose();
});

test("the login form says when there were too many attempts, without JavaScript", async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false, baseURL: BASE, extraHTTPHeaders: { "x-forwarded-for": "198.51.100.30" } });
  const page = await context.newPage();
  for (let i = 0; i < 7; i++) {
    await page.goto("/login");
    await page.getByLabel("Email").fill(`someone${i}@example.com`);
    await page.getByLabel("Password").fill("wrong");
    await page.getByRole("button", { name: "Log in" }).click();
  }
  await expect(page.getByRole("alert").or(page.getByRole("status")).first()).toContainText("Too many login attempts");
  await context.close();
});

test("cookieless writes from one address create at most the configured number of sessions; the rest get 429", async () => {
  // Plain fetch: no cookie jar, so every request is a new visitor (no cookie, no Cart-Token).
  const push = (address: string, token?: string) =>
    fetch(`${BASE}/api/cart/items`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-forwarded-for": address, ...(token ? { "cart-token": token } : {}) },
      body: JSON.stringify({ productId: "linen-apron", quantity: 1 }),
    });
  const tokens = new Set<string>();
  const statuses: number[] = [];
  for (let i = 0; i < 9; i++) {
    const response = await push("192.0.2.77");
    statuses.push(response.status);
    if (response.status === 200) tokens.add(response.headers.get("cart-token") ?? "");
    else {
      expect(Number(response.headers.get("retry-after"))).toBeGreaterThan(0);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe("rate_limited");
    }
  }
  expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429, 429, 429]);
  expect(tokens.size).toBe(5);
  // A visitor who already has a session keeps using it.
  const again = await push("192.0.2.77", [...tokens][0]);
  expect(again.status).toBe(200);
  expect(((await again.json()) as { itemCount: number }).itemCount).toBe(2);
  // Another address is not affected.
  expect((await push("192.0.2.78")).status).toBe(200);
});

test("HSTS follows SITE_URL at run time (the build had an http SITE_URL)", async ({ request }) => {
  const response = await request.get(`${BASE}/login`);
  expect(response.headers()["strict-transport-security"]).toBe("max-age=63072000; includeSubDomains");
});

test("a storefront on an allowed origin may use the cart API with its Cart-Token (CORS), others may not", async ({ playwright }) => {
  const c = await client(playwright, "192.0.2.90");
  const preflight = await c.fetch("/api/cart/items", {
    method: "OPTIONS",
    headers: { origin: STOREFRONT, "access-control-request-method": "POST", "access-control-request-headers": "content-type, cart-token" },
  });
  expect(preflight.status()).toBe(204);
  expect(preflight.headers()).toMatchObject({ "access-control-allow-origin": STOREFRONT, "access-control-allow-methods": expect.stringContaining("POST") });
  expect(preflight.headers()["access-control-allow-headers"]).toMatch(/Cart-Token/i);
  expect(preflight.headers()["access-control-allow-credentials"]).toBeUndefined();

  const added = await c.post("/api/cart/items", { data: { productId: "linen-apron", quantity: 1 }, headers: { origin: STOREFRONT } });
  expect(added.headers()).toMatchObject({ "access-control-allow-origin": STOREFRONT, "access-control-expose-headers": "Cart-Token" });

  const other = await c.fetch("/api/cart/items", { method: "OPTIONS", headers: { origin: "https://evil.example", "access-control-request-method": "POST" } });
  expect(other.headers()["access-control-allow-origin"]).toBeUndefined();
  const otherPost = await c.post("/api/cart/items", { data: { productId: "linen-apron", quantity: 1 }, headers: { origin: "https://evil.example" } });
  expect(otherPost.headers()["access-control-allow-origin"]).toBeUndefined();
  await c.dispose();
});

/** A raw request whose body trickles in without a Content-Length (chunked). */
function trickle(pathname: string, bytes: number): Promise<{ status: number; ms: number }> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const req = httpRequest(`${BASE}${pathname}`, { method: "POST", headers: { "content-type": "application/json", "x-forwarded-for": "192.0.2.99" } }, (res) => {
      res.resume();
      resolve({ status: res.statusCode ?? 0, ms: Date.now() - started });
      req.destroy();
    });
    req.on("error", (error) => (Date.now() - started < 100 ? reject(error) : undefined));
    const chunk = Buffer.alloc(64 * 1024, "x");
    let sent = 0;
    const pump = () => {
      while (sent < bytes && req.write(chunk)) sent += chunk.length;
      if (sent < bytes) req.once("drain", pump);
      else req.end();
    };
    req.write('{"productId":"');
    pump();
  });
}

test("oversized bodies are refused with 413 before they are buffered, declared or not", async ({ playwright }) => {
  const c = await client(playwright, "192.0.2.98");
  const big = "x".repeat(200 * 1024);
  const api = await c.post("/api/cart/items", { data: { productId: big, quantity: 1 } });
  expect(api.status()).toBe(413);
  expect((await api.json()).error.code).toBe("payload_too_large");
  const page = await c.post("/cart", { data: big, headers: { "content-type": "text/plain" } });
  expect(page.status()).toBe(413);
  await c.dispose();
  // 64 MiB trickled without a Content-Length: answered long before it could all arrive.
  const streamed = await trickle("/api/cart/items", 64 * 1024 * 1024);
  expect(streamed.status).toBe(413);
  expect(streamed.ms).toBeLessThan(5_000);
});
