import type { ChildProcess } from "node:child_process";
import { request as httpRequest } from "node:http";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
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
    // Issue 27: the address is the hop the one (simulated) proxy in front appended.
    SESSION_TRUSTED_PROXY: "1",
    CRON_SECRET: "hardening-cron-secret-0001",
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

test("a password guesser on one account is stopped with 429 + Retry-After, even with the right password, from their address only", async ({ playwright }) => {
  const attacker = await client(playwright, "203.0.113.10");
  const statuses: number[] = [];
  for (let i = 0; i < 3; i++) statuses.push((await login(attacker, "demo@example.com", `guess-${i}`)).status());
  expect(statuses).toEqual([401, 401, 401]);
  const refused = await login(attacker, "demo@example.com", "demo-password");
  expect(refused.status()).toBe(429);
  expect(Number(refused.headers()["retry-after"])).toBeGreaterThan(0);
  expect((await refused.json()).error).toMatchObject({ code: "rate_limited", message: expect.stringMatching(/Too many login attempts/) });
  await attacker.dispose();
  // Issue 27, item 2: the owner, from an address that is not over its limit, is never locked out by them.
  const owner = await client(playwright, "203.0.113.50");
  expect((await login(owner, "demo@example.com", "demo-password")).status()).toBe(200);
  expect((await login(owner, "admin@example.com", "admin-password")).status()).toBe(200);
  await owner.dispose();
});

/** Rows in the server's rate-limit table (its SQLite file, read-only). */
async function rateLimitRows(): Promise<number> {
  const { default: Database } = await import("better-sqlite3");
  const db = new Database(path.join(dir, "sessions.db"), { readonly: true, fileMustExist: true });
  try {
    return (db.prepare("SELECT count(*) AS n FROM cartsession_rate_limits").get() as { n: number }).n;
  } finally {
    db.close();
  }
}

test("a login flood cannot lock the owner out and writes a bounded number of limit rows (issue 27, items 2 and 5)", async () => {
  test.setTimeout(120_000);
  const post = (address: string, email: string, password: string) =>
    fetch(`${BASE}/api/auth/login`, { method: "POST", headers: { "content-type": "application/json", "x-forwarded-for": address }, body: JSON.stringify({ email, password }) });
  const before = await rateLimitRows();
  // One attacker address: 300 attempts, random emails and the victim's, and spoofed hops
  // in front of the one the proxy appended (which never buy a fresh bucket).
  const statuses = new Map<number, number>();
  for (let i = 0; i < 300; i++) {
    const email = i % 2 === 0 ? "admin@example.com" : `random-${i}-${Math.random().toString(36).slice(2)}@example.com`;
    const response = await post(`10.${i % 250}.0.1, 198.51.100.200`, email, "wrong");
    statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
  }
  expect(statuses.get(429)).toBeGreaterThanOrEqual(300 - 6);
  // Refused attempts wrote nothing: one address bucket and at most 6 account buckets.
  expect((await rateLimitRows()) - before).toBeLessThanOrEqual(7);
  // During the attack on admin@, the owner's correct password from a clean address works.
  const owner = await post("198.51.100.201", "admin@example.com", "admin-password");
  expect(owner.status).toBe(200);
});

test("a spoofed X-Forwarded-For never buys a fresh bucket: without a declared proxy every such request shares one (issue 27, item 3)", async () => {
  test.setTimeout(120_000);
  const bare = await startNextServer(PORT + 1, {
    CARTSESSION_DATA_DIR: path.join(dir, "bare"),
    SESSION_SECRET: "hardening-secret-hardening-secret-000002",
    SITE_URL: `http://127.0.0.1:${PORT + 1}`,
    SESSION_NEW_PER_ADDRESS: "5/600",
    SESSION_TRUSTED_PROXY: "",
  });
  try {
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) {
      const response = await fetch(`http://127.0.0.1:${PORT + 1}/api/cart/items`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-forwarded-for": `203.0.113.${i + 1}`, "x-real-ip": `198.51.100.${i + 1}` },
        body: JSON.stringify({ productId: "linen-apron", quantity: 1 }),
      });
      statuses.push(response.status);
    }
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429, 429, 429, 429, 429, 429]);
  } finally {
    await stopServer(bare);
  }
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

test("the no-JS add-to-cart past the new-session limit lands on a 429 page, not a 500 (issue 27, item 6)", async ({ browser }) => {
  const address = "192.0.2.79";
  for (let i = 0; i < 5; i++) {
    const response = await fetch(`${BASE}/api/cart/items`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-forwarded-for": address },
      body: JSON.stringify({ productId: "linen-apron", quantity: 1 }),
    });
    expect(response.status).toBe(200);
  }
  const context = await browser.newContext({ javaScriptEnabled: false, baseURL: BASE, extraHTTPHeaders: { "x-forwarded-for": address } });
  const page = await context.newPage();
  await page.goto("/products/linen-apron");
  const [landed] = await Promise.all([
    page.waitForResponse((r) => r.url().includes("/unavailable")),
    page.getByRole("button", { name: "Add to cart" }).click(),
  ]);
  expect(landed.status()).toBe(429);
  expect(Number(landed.headers()["retry-after"])).toBeGreaterThan(0);
  await expect(page.getByRole("heading", { name: "Too many new carts" })).toBeVisible();
  await context.close();
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

/**
 * A bounded trickle (loopback only): a chunked body, no Content-Length, sent as fast as the
 * server takes it until the answer comes, 1 GiB is sent, or 20 s pass, whichever is first.
 */
function boundedTrickle(pathname: string, method: string, headers: Record<string, string>): Promise<{ status: number; ms: number; sent: number }> {
  const LIMIT = 1024 * 1024 * 1024;
  return new Promise((resolve) => {
    const started = Date.now();
    let sent = 0;
    let done = false;
    const finish = (status: number) => {
      if (done) return;
      done = true;
      clearTimeout(deadline);
      resolve({ status, ms: Date.now() - started, sent });
      req.destroy();
    };
    const req = httpRequest(`${BASE}${pathname}`, { method, headers: { "x-forwarded-for": "192.0.2.97", ...headers } }, (res) => {
      res.resume();
      finish(res.statusCode ?? 0);
    });
    // The server closes the connection right after its answer, so our next write may fail
    // (EPIPE) just before the answer is read: give it a moment to arrive.
    req.on("error", () => setTimeout(() => finish(0), 1_000));
    const deadline = setTimeout(() => finish(-1), 20_000);
    const chunk = Buffer.alloc(64 * 1024, "x");
    const pump = () => {
      while (!done && sent < LIMIT) {
        sent += chunk.length;
        if (!req.write(chunk)) return void req.once("drain", pump);
      }
      if (!done) req.end();
    };
    req.write('{"productId":"');
    pump();
  });
}

/** The server's resident memory (its process tree), in MB. */
function serverRssMb(): number {
  const pids = [server!.pid!];
  for (let i = 0; i < pids.length; i++) {
    try {
      pids.push(...readFileSync(`/proc/${pids[i]}/task/${pids[i]}/children`, "utf8").split(" ").filter(Boolean).map(Number));
    } catch {
      // gone
    }
  }
  return pids.reduce((sum, pid) => {
    try {
      return sum + Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0) / 1024;
    } catch {
      return sum;
    }
  }, 0);
}

test("every body-reading route and action answers a 1 GiB trickle with 413 or 408 promptly, memory flat (issue 27, items 1 and 6)", async () => {
  test.setTimeout(240_000);
  const json = { "content-type": "application/json" };
  const targets: [string, string, Record<string, string>][] = [
    ["POST", "/api/cart/items", json],
    ["PATCH", "/api/cart/items/linen-apron", json],
    ["POST", "/api/auth/login", json],
    ["POST", "/api/auth/logout", json],
    ["POST", "/api/auth/logout", { "content-type": "text/plain" }],
    ["POST", "/api/account/erase", json],
    // Server Actions: a form post to a page, with an action id (any: the guard runs first).
    ["POST", "/cart", { "content-type": "multipart/form-data; boundary=x", "next-action": "0".repeat(42) }],
    ["POST", "/login", { "content-type": "application/x-www-form-urlencoded", "next-action": "0".repeat(42) }],
    ["POST", "/products/linen-apron", { "content-type": "text/plain;charset=UTF-8", "next-action": "0".repeat(42) }],
  ];
  const baseline = serverRssMb();
  let peak = baseline;
  const sampler = setInterval(() => (peak = Math.max(peak, serverRssMb())), 100);
  try {
    for (const [method, pathname, headers] of targets) {
      const result = await boundedTrickle(pathname, method, headers);
      expect([413, 408], `${method} ${pathname}`).toContain(result.status);
      expect(result.ms, `${method} ${pathname}`).toBeLessThan(12_000);
      expect(result.sent, `${method} ${pathname}`).toBeLessThan(512 * 1024 * 1024);
    }
  } finally {
    clearInterval(sampler);
  }
  expect(peak - baseline).toBeLessThan(150);
});

test("the smaller items of issue 27: TRACE, methods, HSTS on the API, the logout API's origin check, unknown products", async ({ playwright }) => {
  const raw = (method: string, pathname: string, headers: Record<string, string> = {}) =>
    new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }>((resolve, reject) => {
      const req = httpRequest(`${BASE}${pathname}`, { method, headers }, (res) => {
        let body = "";
        res.on("data", (d) => (body += d));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      });
      req.on("error", reject);
      req.end();
    });
  for (const pathname of ["/", "/cart", "/api/cart", "/api/session"]) {
    expect((await raw("TRACE", pathname)).status, `TRACE ${pathname}`).toBe(405);
  }
  const erase = await raw("GET", "/api/account/erase");
  expect(erase.status).toBe(405);
  expect(erase.headers.allow).toContain("POST");
  expect(JSON.parse(erase.body).error.code).toBe("method_not_allowed");
  expect((await raw("DELETE", "/cart")).status).toBe(405);
  expect((await raw("PATCH", "/login")).status).toBe(405);
  // SITE_URL is https here: HSTS on the API too.
  expect((await raw("GET", "/api/session")).headers["strict-transport-security"]).toBe("max-age=63072000; includeSubDomains");
  // The logout API refuses another site, like erase and the forms.
  const c = await client(playwright, "192.0.2.91");
  const crossSite = await c.post("/api/auth/logout", { headers: { origin: "https://evil.example", "sec-fetch-site": "cross-site" } });
  expect(crossSite.status()).toBe(403);
  expect((await c.post("/api/auth/logout")).status()).toBe(200);
  await c.dispose();
});

test("an unknown product is a 404 for a shopper with a cart too, not only for a guest (main server, http)", async ({ playwright }) => {
  const shopper = await playwright.request.newContext({ storageState: { cookies: [], origins: [] } });
  expect((await shopper.get("/products/nope")).status()).toBe(404);
  expect((await shopper.post("/api/cart/items", { data: { productId: "linen-apron", quantity: 1 } })).status()).toBe(200);
  expect((await shopper.get("/products/nope")).status()).toBe(404);
  const known = await shopper.get("/products/linen-apron");
  expect(known.status()).toBe(200);
  expect(known.headers()["cache-control"]).toContain("private");
  await shopper.dispose();
});
