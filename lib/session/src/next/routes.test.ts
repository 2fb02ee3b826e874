import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { fakeSessions } from "../cli/fake-sessions.js";
import type { EngineOptions } from "../options.js";
import { tempSqlite, TEST_SECRET, type TempSqlite } from "../test-helpers.js";
import { createCartSessions } from "./index.js";

/* The route handlers the binding hands an app: `export const GET = sessions.cleanupRoute`. */

const SECRET = "cron-secret-0123456789abcdef";
const DAY = 86_400;
let env: TempSqlite;

beforeEach(async () => {
  env = await tempSqlite();
});
afterEach(() => env.dispose());

function sessions(options: Partial<EngineOptions> & { cronSecret?: string } = {}) {
  return createCartSessions({ store: env.store, secrets: TEST_SECRET, siteUrl: "http://localhost:3000", ...options });
}
const cleanupRequest = (headers: Record<string, string> = {}) => new Request("http://localhost:3000/api/cron/session-cleanup", { headers });
const now = () => Math.floor(Date.now() / 1000);

async function seed(active: number, expired: number): Promise<void> {
  await env.store.bulkInsert(fakeSessions(active, { now: now(), lifetime: 2 * DAY, expired: false, cartKey: "cart" }));
  await env.store.bulkInsert(fakeSessions(expired, { now: now(), lifetime: 2 * DAY, expired: true, cartKey: "cart" }));
}

describe("the cleanup route", () => {
  it.each([
    ["no Authorization header", {}],
    ["a wrong secret", { authorization: "Bearer not-the-secret" }],
    ["the secret without the Bearer scheme", { authorization: SECRET }],
    ["the secret with a suffix", { authorization: `Bearer ${SECRET}x` }],
  ])("refuses %s with a 401 JSON error and deletes nothing", async (_name, headers) => {
    await seed(0, 10);
    const response = await sessions({ cronSecret: SECRET }).cleanupRoute(cleanupRequest(headers));
    expect(response.status).toBe(401);
    expect(response.headers.get("www-authenticate")).toMatch(/^Bearer/);
    expect(await response.json()).toEqual({ error: { code: "unauthorized", message: expect.stringMatching(/Bearer <CRON_SECRET>/) } });
    expect(await env.store.countSessions({})).toBe(10);
  });

  it("refuses everything when no cron secret is configured, and says so", async () => {
    await seed(0, 10);
    for (const authorization of [undefined, "Bearer ", "Bearer undefined"]) {
      const response = await sessions().cleanupRoute(cleanupRequest(authorization === undefined ? {} : { authorization }));
      expect(response.status).toBe(401);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe("cron_secret_unset");
    }
    expect(await env.store.countSessions({})).toBe(10);
  });

  it("with the right secret deletes expired sessions in batches and reports the run", async () => {
    await seed(300, 2_500);
    const response = await sessions({ cronSecret: SECRET, cleanup: { batchSize: 1_000 } }).cleanupRoute(cleanupRequest({ authorization: `Bearer ${SECRET}` }));
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("private, no-store");
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ deleted: 2_500, remaining: 0, purge: null });
    expect(body.batches).toBeGreaterThanOrEqual(3);
    expect(await env.store.countSessions({})).toBe(300);
    expect((await env.store.cleanupRuns(1))[0]).toMatchObject({ source: "cron", kind: "expired", deleted: 2_500 });
  });

  it("never creates a session or sends a cookie, even to a request carrying one", async () => {
    const response = await sessions({ cronSecret: SECRET }).cleanupRoute(cleanupRequest({ authorization: `Bearer ${SECRET}`, cookie: "session_abc=Fe26.2*1*x; cart_hash=1" }));
    expect(response.status).toBe(200);
    expect(response.headers.get("set-cookie")).toBeNull();
    expect(await env.store.countSessions({})).toBe(0);
  });

  it("runs the hard purge when configured and reports it", async () => {
    const t = now();
    await env.store.bulkInsert([{ key: "t_" + "e".repeat(30), value: "{}", expiresAt: t + 100 * DAY, activeUntil: t + 98 * DAY, createdAt: t - 40 * DAY, updatedAt: t - 40 * DAY }]);
    const response = await sessions({ cronSecret: SECRET, cleanup: { purgeAfterDays: 30 } }).cleanupRoute(cleanupRequest({ authorization: `Bearer ${SECRET}` }));
    expect(await response.json()).toMatchObject({ deleted: 0, purge: { deleted: 1, remaining: 0 } });
  });

  it("two runs at once both succeed and together delete each expired row once", async () => {
    await seed(100, 6_000);
    const app = sessions({ cronSecret: SECRET, cleanup: { batchSize: 500 } });
    const responses = await Promise.all([1, 2].map(() => app.cleanupRoute(cleanupRequest({ authorization: `Bearer ${SECRET}` }))));
    expect(responses.map((r) => r.status)).toEqual([200, 200]);
    const bodies = (await Promise.all(responses.map((r) => r.json()))) as { deleted: number }[];
    expect(bodies.reduce((sum, b) => sum + b.deleted, 0)).toBe(6_000);
  });

  it("answers 503 with Retry-After when the store is down, never a 500", async () => {
    const app = createCartSessions({ store: () => Promise.reject(new Error("connect ECONNREFUSED 127.0.0.1:5432")), secrets: TEST_SECRET, siteUrl: "http://localhost:3000", cronSecret: SECRET });
    const response = await app.cleanupRoute(cleanupRequest({ authorization: `Bearer ${SECRET}` }));
    expect(response.status).toBe(503);
    expect(response.headers.get("retry-after")).toBe("5");
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe("store_unavailable");
  });
});

describe("the health route", () => {
  it("answers 200 with the store's probe, and 503 when the store is down", async () => {
    const ok = await sessions().healthRoute(new Request("http://localhost:3000/api/health"));
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ status: "ok", store: "sqlite" });
    const down = createCartSessions({ store: () => Promise.reject(new Error("unable to open database file")), secrets: TEST_SECRET, siteUrl: "http://localhost:3000" });
    const response = await down.healthRoute(new Request("http://localhost:3000/api/health"));
    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({ status: "unavailable" });
  });
});

describe("start-up validation (sessions.validate) and a weak cron secret", () => {
  it("a weak CRON_SECRET refuses the cleanup route and stops validate(), but never a page or an API route", async () => {
    await seed(0, 3);
    const shop = sessions({ cronSecret: "short" });
    // A Route Handler (any page's session read goes the same way) works as usual.
    const push = shop.route(async (_request, session) => {
      session.set("cart", [{ productId: "mug", quantity: 1 }]);
      return new Response(null, { status: 204 });
    });
    expect((await push(new Request("http://localhost:3000/api/cart/items", { method: "POST" }), undefined)).status).toBe(204);
    // The cleanup route refuses to run on it, saying why, even with the "right" secret.
    const response = await shop.cleanupRoute(cleanupRequest({ authorization: "Bearer short" }));
    expect(response.status).toBe(500);
    expect(await response.json()).toEqual({ error: { code: "cron_secret_invalid", message: expect.stringMatching(/CRON_SECRET is 5 characters; use at least 16/) } });
    expect(await env.store.countSessions({})).toBe(4);
    // validate() at start names it.
    await expect(shop.validate()).rejects.toThrow(/CRON_SECRET is 5 characters; use at least 16/);
    await expect(sessions({ cronSecret: "aaaaaaaabbbbbbbbaaaaaaaa" }).validate()).rejects.toThrow(/CRON_SECRET repeats a few characters/);
  });

  it("validate() passes on good options and a reachable store, and names an unreachable store", async () => {
    await expect(sessions({ cronSecret: SECRET }).validate()).resolves.toBeUndefined();
    const down = createCartSessions({ secrets: TEST_SECRET, siteUrl: "http://localhost:3000", store: () => Promise.reject(Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" })) });
    await expect(down.validate()).rejects.toMatchObject({ code: "store_unavailable", message: expect.stringMatching(/cannot be reached: connect ECONNREFUSED 127\.0\.0\.1:5432/) });
  });

  it("validate() names an invalid option", async () => {
    const bad = createCartSessions({ secrets: "too-short", siteUrl: "http://localhost:3000", store: env.store });
    await expect(bad.validate()).rejects.toMatchObject({ code: "invalid_options", message: expect.stringMatching(/secrets/) });
  });
});
