import { randomBytes } from "node:crypto";
import { createClient, ErrorReply } from "redis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSessionEngine } from "../engine.js";
import { SessionError } from "../errors.js";
import { isStoreUnavailable } from "../errors.js";
import { createTestRedis, redisOrSkipReason, type TestRedis } from "../testing/redis.js";
import { TEST_SECRET } from "../test-helpers.js";
import { redisFailure, RedisReplyError, RedisTimeoutError } from "./errors.js";
import { redisStore } from "./index.js";

/* What the Redis store does beyond the contract: real TTLs, encryption and the size cap on Redis, an app's own client, and which errors are outages. */
let skip: string | null = null;
let redis: TestRedis;
let client: ReturnType<typeof createClient>;

beforeAll(async () => {
  skip = await redisOrSkipReason();
  redis = createTestRedis("store");
  if (skip) return;
  client = createClient({ url: redis.url });
  client.on("error", () => {});
  await client.connect();
});
afterAll(async () => {
  if (skip) return;
  client.destroy();
  await redis.drop();
});

const now = () => Math.floor(Date.now() / 1000);
const key = () => `t_${randomBytes(15).toString("hex")}`;
const write = (k: string, partial: Partial<{ customerId: string; expiresAt: number; now: number }> = {}) => ({
  key: k,
  customerId: partial.customerId ?? null,
  logins: partial.customerId ? ["a".repeat(24)] : [],
  value: '{"cart":[]}',
  expiresAt: partial.expiresAt ?? now() + 100,
  activeUntil: now() + 50,
  items: 0,
  now: partial.now ?? now(),
  expectedVersion: null,
});

describe("the Redis store", () => {
  it("gives a session and its customer key a TTL ending at the row's expiry, which a touch extends and never shortens", async (context) => {
    if (skip) return context.skip();
    const store = redisStore({ client }, { keyPrefix: redis.prefix });
    const k = key().replace(/^t_/, "c_");
    const t = now();
    await store.save(write(k, { customerId: `ttl-${k}`, expiresAt: t + 100, now: t }));
    const ttl = async (name: string) => Number(await client.pTTL(`${redis.prefix}${name}`));
    expect(await ttl(`s:${k}`)).toBeGreaterThan(98_000);
    expect(await ttl(`s:${k}`)).toBeLessThanOrEqual(100_000);
    expect(await ttl(`c:ttl-${k}`)).toBeGreaterThan(98_000);
    expect(await store.touch(k, t + 1_000, t + 500, t)).toBe(true);
    expect(await ttl(`s:${k}`)).toBeGreaterThan(998_000);
    expect(await ttl(`c:ttl-${k}`)).toBeGreaterThan(998_000);
    await store.touch(k, t + 10, t + 10, t);
    expect(await ttl(`s:${k}`)).toBeGreaterThan(990_000);
    // A cart change keeps the lifetime (and writes no expiry).
    await store.save({ ...write(k, { customerId: `ttl-${k}`, expiresAt: t + 1_000, now: t }), value: '{"cart":[1]}', expectedVersion: 1 });
    expect(await ttl(`s:${k}`)).toBeGreaterThan(990_000);
  });

  it("lets Redis drop an expired session by itself; the cleanup then only reports it", async (context) => {
    if (skip) return context.skip();
    const store = redisStore({ client }, { keyPrefix: redis.prefix });
    const k = key();
    const t = now();
    // A one-second lifetime by the writer's clock.
    await store.save(write(k, { expiresAt: t + 1, now: t }));
    await new Promise((r) => setTimeout(r, 1_200));
    expect(await client.exists(`${redis.prefix}s:${k}`)).toBe(0);
    expect(await store.load(k)).toBeNull();
    const result = await store.deleteExpired({ before: t + 2 });
    expect(result.deleted).toBeGreaterThanOrEqual(1);
    expect(result.remaining).toBe(0);
  });

  it("stores encrypted values and refuses oversized ones, as on any store", async (context) => {
    if (skip) return context.skip();
    const store = redisStore({ url: redis.url }, { keyPrefix: redis.prefix });
    const engine = createSessionEngine({
      store,
      secrets: TEST_SECRET,
      siteUrl: "http://localhost:3000",
      encryptionKeys: [randomBytes(32).toString("hex")],
      limits: { maxValueBytes: 2_048 },
    });
    try {
      const session = await engine.open((await engine.identify({})).cookie, { writable: true });
      session.set("email", "ada@example.com");
      await session.save();
      const stored = await client.hGet(`${redis.prefix}s:${session.cookie.key}`, "v");
      expect(stored).toBeTruthy();
      expect(stored).not.toContain("ada@example.com");
      expect((await engine.open(session.cookie, { writable: false })).get("email")).toBe("ada@example.com");
      const big = await engine.open(session.cookie, { writable: true });
      big.set("note", "x".repeat(4_000));
      await expect(big.save()).rejects.toMatchObject({ code: "session_too_large" });
      expect((await engine.open(session.cookie, { writable: false })).get("note")).toBeUndefined();
    } finally {
      await engine.close();
    }
  });

  it("uses the app's own client, connecting it if needed, and never closes it", async (context) => {
    if (skip) return context.skip();
    const own = createClient({ url: redis.url });
    own.on("error", () => {});
    const store = redisStore({ client: own }, { keyPrefix: redis.prefix });
    try {
      const k = key();
      expect(await store.save(write(k))).toEqual({ ok: true, version: 1 });
      expect(own.isReady).toBe(true);
      await store.close();
      expect(own.isReady).toBe(true);
      expect(await store.load(k)).toMatchObject({ version: 1 });
    } finally {
      own.destroy();
    }
  });

  it("refuses a URL that is not redis:// or rediss://", () => {
    expect(() => redisStore({ url: "http://127.0.0.1:6379" })).toThrow(/redis:\/\/ or rediss:\/\//);
  });
});

describe("Redis errors", () => {
  it("reports connection failures, timeouts and garbled replies as store_unavailable", () => {
    for (const error of [
      Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:1"), { code: "ECONNREFUSED" }),
      new RedisTimeoutError(300),
      new RedisReplyError("save", "OK"),
      new Error("The client is offline"),
      new Error("The client is closed"),
      new Error(""),
      new ErrorReply("LOADING Redis is loading the dataset in memory"),
      new ErrorReply("READONLY You can't write against a read only replica."),
      new ErrorReply("OOM command not allowed when used memory > 'maxmemory'."),
      new ErrorReply("WRONGPASS invalid username-password pair or user is disabled."),
    ]) {
      const mapped = redisFailure(error);
      expect(mapped, error.message).toBeInstanceOf(SessionError);
      expect(isStoreUnavailable(mapped)).toBe(true);
    }
  });

  it("leaves an error reply to a bad command as it is (a bug, not an outage)", () => {
    const error = new ErrorReply("WRONGTYPE Operation against a key holding the wrong kind of value");
    expect(redisFailure(error)).toBe(error);
  });
});
