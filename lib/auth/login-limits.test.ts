import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import Database from "better-sqlite3";
import { isSessionError } from "cartsession";
import { createCartSessions } from "cartsession/next";
import { postgresStore } from "cartsession/postgres";
import { redisStore } from "cartsession/redis";
import { sqliteStore } from "cartsession/sqlite";
import type { SessionStore } from "cartsession/store";
import { createTestDatabase, createTestRedis, manualClock, postgresOrSkipReason, redisOrSkipReason, setLocalNeonEndpoint } from "cartsession/testing";
import { admitLoginAttempt, type LoginLimits } from "./login-limits";

/*
 * Issue 27, items 2 and 5, on every store the demo runs on: a login flood from one address
 * cannot lock the account's owner out, and writes a bounded number of limit buckets, which
 * expire and the cleanup deletes.
 */
const SECRET = "login-limits-test-secret-0123456789abcdef";
const LIMITS: LoginLimits = { perAddress: { limit: 20, windowSeconds: 900 }, perAccount: { limit: 10, windowSeconds: 900 } };
const T0 = 1_800_000_000;

type Subject = { store: SessionStore; dispose: () => Promise<void> } | null;
const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups) await cleanup();
});

const subjects: [string, () => Promise<Subject>][] = [
  [
    "sqlite",
    async () => {
      const dir = mkdtempSync(path.join(tmpdir(), "login-limits-"));
      const store = await sqliteStore({ database: new Database(path.join(dir, "sessions.db")) });
      return { store, dispose: async () => void (await store.close?.(), rmSync(dir, { recursive: true, force: true })) };
    },
  ],
  [
    "postgres",
    async () => {
      if (await postgresOrSkipReason()) return null;
      const db = await createTestDatabase("cartsession_loginlimits");
      setLocalNeonEndpoint(db.neon.address);
      const store = await postgresStore({ connectionString: db.url });
      return { store, dispose: () => db.drop() };
    },
  ],
  [
    "redis",
    async () => {
      if (await redisOrSkipReason()) return null;
      const redis = createTestRedis("login-limits");
      const store = redisStore({ url: redis.url }, { keyPrefix: redis.prefix });
      return { store, dispose: async () => void (await store.close(), await redis.drop()) };
    },
  ],
];

async function attempt(rateLimit: Parameters<typeof admitLoginAttempt>[0], email: string, address: string): Promise<"admitted" | "refused"> {
  try {
    await admitLoginAttempt(rateLimit, LIMITS, email, address);
    return "admitted";
  } catch (error) {
    if (isSessionError(error) && error.code === "rate_limited") return "refused";
    throw error;
  }
}

describe.each(subjects)("login limits on %s", (_name, open) => {
  it("a flood from one address on the victim and 1,000 random accounts: the owner is admitted from a clean address, buckets stay bounded, and the cleanup deletes them", async (context) => {
    const subject = await open();
    if (!subject) return context.skip();
    cleanups.push(subject.dispose);
    const clock = manualClock(T0);
    const engine = createCartSessions({ store: subject.store, secrets: SECRET, siteUrl: "https://shop.example", clock });
    const rateLimit = engine.rateLimit;
    const outcomes = { admitted: 0, refused: 0 };
    for (let i = 0; i < 1_000; i++) {
      const email = i % 2 === 0 ? "victim@example.com" : `random-${i}@example.com`;
      outcomes[await attempt(rateLimit, email, "203.0.113.66")]++;
    }
    expect(outcomes).toEqual({ admitted: LIMITS.perAddress.limit, refused: 1_000 - LIMITS.perAddress.limit });
    // The victim, from their own address, is not refused because of any of it.
    expect(await attempt(rateLimit, "victim@example.com", "198.51.100.7")).toBe("admitted");
    // A guesser on one account from a fresh address stops at the account limit, from that address only.
    for (let i = 0; i < LIMITS.perAccount.limit; i++) expect(await attempt(rateLimit, "victim@example.com", "192.0.2.5")).toBe("admitted");
    expect(await attempt(rateLimit, "victim@example.com", "192.0.2.5")).toBe("refused");
    expect(await attempt(rateLimit, "victim@example.com", "198.51.100.7")).toBe("admitted");
    // Buckets: 3 addresses, the attacker's 20 admitted accounts (at most), the victim's from 2 other addresses.
    clock.advance(LIMITS.perAddress.windowSeconds + 1);
    const report = await engine.cleanup("cli");
    expect(report.rateLimitBuckets).toBeLessThanOrEqual(3 + LIMITS.perAddress.limit + 2);
    expect((await engine.cleanup("cli")).rateLimitBuckets).toBe(0);
  }, 120_000);
});
