import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { SessionError } from "./errors.js";
import { createCartSessions, defaultClientAddress } from "./next/index.js";
import { bucketFor } from "./rate-limit.js";
import { tempSqlite, testEngine, TEST_SECRET, type TempSqlite } from "./test-helpers.js";

/* An attacker without cookies cannot fill the store with sessions; limits hold across instances. */

let env: TempSqlite;
beforeEach(async () => {
  env = await tempSqlite();
});
afterEach(() => env.dispose());

async function firstWrite(engine: ReturnType<typeof testEngine>["engine"], clientAddress: string | null) {
  const { cookie } = await engine.identify({});
  const session = await engine.open(cookie, { writable: true, clientAddress });
  session.set("cart", [{ productId: "p", quantity: 1 }]);
  await session.save();
  return session;
}

describe("new sessions per client address", () => {
  it("refuses the first write of a new session beyond the limit with rate_limited and Retry-After, and stores nothing", async () => {
    const { engine, clock } = testEngine(env.store, { limits: { newSessionsPerAddress: { limit: 3, windowSeconds: 600 } } });
    for (let i = 0; i < 3; i++) await firstWrite(engine, "203.0.113.7");
    const refused = await firstWrite(engine, "203.0.113.7").catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(SessionError);
    expect(refused).toMatchObject({ code: "rate_limited", retryAfter: 600 });
    expect(await env.store.countSessions({})).toBe(3);
    // Another address is not affected, and the next window starts over.
    await firstWrite(engine, "198.51.100.1");
    clock.advance(600);
    await firstWrite(engine, "203.0.113.7");
    expect(await env.store.countSessions({})).toBe(5);
  });

  it("never limits writes to an existing session, nor a session with no known address", async () => {
    const { engine } = testEngine(env.store, { limits: { newSessionsPerAddress: { limit: 1, windowSeconds: 600 } } });
    const first = await firstWrite(engine, "203.0.113.7");
    for (let i = 0; i < 5; i++) {
      const again = await engine.open(first.cookie, { writable: true, clientAddress: "203.0.113.7" });
      again.set("n", i);
      await again.save();
    }
    await firstWrite(engine, null);
    expect(await env.store.countSessions({})).toBe(2);
  });

  it("is off with `false`", async () => {
    const { engine } = testEngine(env.store, { limits: { newSessionsPerAddress: false } });
    for (let i = 0; i < 5; i++) await firstWrite(engine, "203.0.113.7");
    expect(await env.store.countSessions({})).toBe(5);
  });

  it("holds across two engines (instances) sharing the store", async () => {
    const rule = { limits: { newSessionsPerAddress: { limit: 2, windowSeconds: 600 } } };
    const a = testEngine(env.store, rule).engine;
    const b = testEngine(env.store, rule).engine;
    await firstWrite(a, "203.0.113.7");
    await firstWrite(b, "203.0.113.7");
    await expect(firstWrite(a, "203.0.113.7")).rejects.toMatchObject({ code: "rate_limited" });
  });
});

describe("rate limits for the app (sessions.rateLimit)", () => {
  it("counts attempts per key, answers retryAfter past the limit, and forgets on clear", async () => {
    const { engine } = testEngine(env.store);
    const rule = { limit: 2, windowSeconds: 900 };
    expect(await engine.rateLimit("login-account", "ada@example.com", rule)).toMatchObject({ allowed: true, count: 1 });
    expect(await engine.rateLimit("login-account", "ada@example.com", rule)).toMatchObject({ allowed: true, count: 2 });
    const third = await engine.rateLimit("login-account", "ada@example.com", rule);
    expect(third).toMatchObject({ allowed: false, count: 3 });
    expect(third.retryAfter).toBeGreaterThan(0);
    expect(third.retryAfter).toBeLessThanOrEqual(900);
    expect(await engine.rateLimit("login-account", "bob@example.com", rule)).toMatchObject({ allowed: true, count: 1 });
    await engine.clearRateLimit("login-account", "ada@example.com");
    expect(await engine.rateLimit("login-account", "ada@example.com", rule)).toMatchObject({ allowed: true, count: 1 });
  });

  it("stores only a keyed hash of the key, never the address or email itself", () => {
    const bucket = bucketFor(TEST_SECRET, "login-ip", "203.0.113.7");
    expect(bucket).toMatch(/^login-ip:[0-9a-f]{32}$/);
    expect(bucket).not.toContain("203");
    expect(bucketFor("another-secret-another-secret-another-1", "login-ip", "203.0.113.7")).not.toBe(bucket);
    expect(() => bucketFor(TEST_SECRET, "Bad Name", "x")).toThrow(TypeError);
  });

  it("the cleanup deletes ended windows", async () => {
    const { engine, clock } = testEngine(env.store);
    await engine.rateLimit("login-ip", "203.0.113.7", { limit: 5, windowSeconds: 60 });
    clock.advance(120);
    expect((await engine.cleanup("cli")).rateLimitBuckets).toBe(1);
  });
});

describe("the client address", () => {
  it("is the hop the nearest proxy appended, else X-Real-IP, else unknown", () => {
    expect(defaultClientAddress(new Headers({ "x-forwarded-for": "198.51.100.9, 203.0.113.7" }))).toBe("203.0.113.7");
    expect(defaultClientAddress(new Headers({ "x-real-ip": "203.0.113.8" }))).toBe("203.0.113.8");
    expect(defaultClientAddress(new Headers())).toBeNull();
  });

  it("can be replaced by the app", () => {
    const sessions = createCartSessions({ store: env.store, secrets: TEST_SECRET, siteUrl: "http://localhost:3000", clientAddress: (h) => h.get("cf-connecting-ip") });
    expect(sessions.clientAddress(new Headers({ "cf-connecting-ip": "192.0.2.1", "x-forwarded-for": "10.0.0.1" }))).toBe("192.0.2.1");
  });
});
