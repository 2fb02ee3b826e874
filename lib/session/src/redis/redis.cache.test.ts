import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addLine } from "../cart.js";
import type { SessionCookie } from "../cookie.js";
import { createSessionEngine, type SessionEngine } from "../engine.js";
import { sqliteStore, type SqliteSessionStore } from "../sqlite/index.js";
import { supports, type SessionStore } from "../store/port.js";
import { createTestRedis, redisOrSkipReason, type TestRedis } from "../testing/redis.js";
import { TEST_SECRET, tempSqlite, type TempSqlite } from "../test-helpers.js";
import { FaultProxy, junkServer } from "./faults.fixture.js";
import { cachedStore } from "./index.js";

/*
 * The object cache's promises: reads served from Redis, writes through the database's own
 * compare-and-swap, and no copy ever winning over a newer row, across instances, through a
 * cache outage, and after changes the cache never saw.
 */
let skip: string | null = null;
let redis: TestRedis;
let db: TempSqlite;
const cleanups: (() => Promise<void>)[] = [];

beforeAll(async () => {
  skip = await redisOrSkipReason();
  redis = createTestRedis("cache");
  db = await tempSqlite();
});
afterAll(async () => {
  try {
    for (const cleanup of cleanups.reverse()) await cleanup();
  } finally {
    await db.dispose();
    if (!skip) await redis.drop();
  }
});

type Cart = { cart: { productId: string; quantity: number }[] };

/** The database's reads, counted. */
function counted(store: SqliteSessionStore): { store: SqliteSessionStore; loads: () => number } {
  let loads = 0;
  const proxy = new Proxy(store, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver) as unknown;
      if (property === "load" || property === "loadByCustomer") return (...args: [string]) => (loads++, target[property](...args));
      return typeof value === "function" ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
  return { store: proxy, loads: () => loads };
}

interface Instance {
  engine: SessionEngine;
  store: SessionStore;
  database: SqliteSessionStore;
  loads: () => number;
  logs: string[];
}

/** One app instance: its own connection to the shared SQLite file, its cache on `url` (the test Redis or a proxy to it). */
async function instance(url = redis.url, timeoutMs = 300): Promise<Instance> {
  const database = await sqliteStore({ file: db.file });
  const { store: inner, loads } = counted(database);
  const logs: string[] = [];
  const store = cachedStore(inner, { redis: { url }, keyPrefix: redis.prefix, timeoutMs, log: (m) => logs.push(m) });
  cleanups.push(() => store.close?.() ?? Promise.resolve());
  return { engine: createSessionEngine({ store, secrets: TEST_SECRET, siteUrl: "http://localhost:3000" }), store, database, loads, logs };
}

async function add(engine: SessionEngine, cookie: SessionCookie | null, productId = "mug"): Promise<SessionCookie> {
  const session = await engine.open<Cart>(cookie ?? (await engine.identify({})).cookie, { writable: true });
  session.update("cart", (cart) => addLine(cart, productId, 1));
  await session.save();
  return session.cookie;
}

async function cart(engine: SessionEngine, cookie: SessionCookie) {
  return (await engine.open<Cart>(cookie, { writable: false })).get("cart");
}

describe("the Redis object cache", () => {
  it("serves reads from Redis: a saved session is read with no database query, another instance's miss fills it", async (context) => {
    if (skip) return context.skip();
    const a = await instance();
    const b = await instance();
    const cookie = await add(a.engine, null);
    const before = a.loads();
    for (let i = 0; i < 5; i++) expect(await cart(a.engine, cookie)).toEqual([{ productId: "mug", quantity: 1 }]);
    expect(a.loads()).toBe(before);
    // B never wrote it, yet finds the copy A's save left.
    expect(await cart(b.engine, cookie)).toEqual([{ productId: "mug", quantity: 1 }]);
    expect(b.loads()).toBe(0);
    // A row the cache never saw (written to the database directly) is read once, then copied.
    await a.database.save({ key: "t_" + "e".repeat(30), customerId: null, logins: [], value: "{}", expiresAt: 2e9, activeUntil: 2e9, items: 0, now: 1.8e9, expectedVersion: null });
    expect(await b.store.load("t_" + "e".repeat(30))).toMatchObject({ version: 1 });
    expect(await b.store.load("t_" + "e".repeat(30))).toMatchObject({ version: 1 });
    expect(b.loads()).toBe(1);
  });

  it("a copy older than the row never wins: a save based on it conflicts, and the reload reads the database", async (context) => {
    if (skip) return context.skip();
    const a = await instance();
    const cookie = await add(a.engine, null, "mug");
    // Another process changed the row without the cache (it crashed before updating it):
    // the copy in Redis is now one version behind the database.
    const row = (await a.database.load(cookie.key))!;
    const value = JSON.stringify({ cart: [{ productId: "mug", quantity: 1 }, { productId: "apron", quantity: 1 }] });
    expect(await a.database.save({ ...row, value, items: 2, now: row.updatedAt! + 1, expectedVersion: row.version })).toEqual({ ok: true, version: 2 });
    expect(await cart(a.engine, cookie)).toEqual([{ productId: "mug", quantity: 1 }]);
    // The next change loses nothing: conflict, reload from the database, replay, save.
    await add(a.engine, cookie, "mug");
    const expected = [{ productId: "mug", quantity: 2 }, { productId: "apron", quantity: 1 }];
    expect(await cart(a.engine, cookie)).toEqual(expected);
    expect(JSON.parse((await a.database.load(cookie.key))!.value)).toEqual({ cart: expected });
  });

  it("a delete on one instance is seen by the other at once (the copy is marked deleted)", async (context) => {
    if (skip) return context.skip();
    const a = await instance();
    const b = await instance();
    const cookie = await add(a.engine, null);
    expect(await b.store.load(cookie.key)).not.toBeNull();
    expect(await a.store.delete(cookie.key)).toBe(true);
    expect(await b.store.load(cookie.key)).toBeNull();
    // The guest continues under the same key: a new row, read correctly everywhere.
    await add(b.engine, cookie, "apron");
    expect(await cart(a.engine, cookie)).toEqual([{ productId: "apron", quantity: 1 }]);
  });

  it("clearing sessions in the database drops every copy", async (context) => {
    if (skip) return context.skip();
    const a = await instance();
    const cookie = await add(a.engine, null);
    expect(await a.store.load(cookie.key)).not.toBeNull();
    if (!supports(a.store, "inspection")) throw new Error("the cached SQLite store lost its inspection capability");
    await a.store.clearSessions({});
    expect(await a.store.load(cookie.key)).toBeNull();
  });

  it("keeps the SQL store's capabilities", async (context) => {
    if (skip) return context.skip();
    const a = await instance();
    for (const capability of ["inspection", "aggregates", "cleanupLog", "purge", "bulkLoad", "probe", "rateLimit"] as const) {
      expect(supports(a.store, capability), capability).toBe(supports(a.database, capability));
    }
    expect(a.store.name).toBe("sqlite+redis");
  });

  it("an outage degrades to the database with one log line; writes made meanwhile win over older copies once it is back", async (context) => {
    if (skip) return context.skip();
    const proxy = await FaultProxy.start({ host: new URL(redis.url).hostname, port: Number(new URL(redis.url).port || 6379) });
    cleanups.push(() => proxy.close());
    const a = await instance();
    const b = await instance(proxy.url);
    const first = await add(a.engine, null, "mug");
    const second = await add(a.engine, null, "mug");
    expect(await cart(b.engine, first)).toEqual([{ productId: "mug", quantity: 1 }]);
    proxy.set({ kind: "cut" });
    // B keeps working on the database alone, and says so once.
    await add(b.engine, first, "apron");
    await add(b.engine, second, "apron");
    await add(b.engine, second, "apron");
    expect(await cart(b.engine, second)).toEqual([{ productId: "mug", quantity: 1 }, { productId: "apron", quantity: 2 }]);
    expect(b.logs).toHaveLength(1);
    expect(b.logs[0]).toMatch(/Redis object cache is unavailable .*sqlite directly/);
    // A, still on the cache, builds on its stale copy of `first`: the save conflicts, and
    // the reload reads the database, so B's apron survives.
    await add(a.engine, first, "mug");
    expect(await cart(a.engine, first)).toEqual([{ productId: "mug", quantity: 2 }, { productId: "apron", quantity: 1 }]);
    proxy.set({ kind: "forward" });
    await new Promise((r) => setTimeout(r, 1_100));
    // B's first call after the outage drops every copy older than it (a new generation), so
    // A now reads B's writes to `second`, which A never saw.
    expect(await cart(b.engine, second)).toEqual([{ productId: "mug", quantity: 1 }, { productId: "apron", quantity: 2 }]);
    expect(b.logs).toHaveLength(2);
    expect(b.logs[1]).toMatch(/back \(copies older than the outage dropped\)/);
    expect(await cart(a.engine, second)).toEqual([{ productId: "mug", quantity: 1 }, { productId: "apron", quantity: 2 }]);
  }, 30_000);

  it("a cache that is not Redis at all is never an error: everything works on the database", async (context) => {
    if (skip) return context.skip();
    const junk = await junkServer();
    cleanups.push(() => junk.close());
    const a = await instance(junk.url, 200);
    const cookie = await add(a.engine, null);
    await add(a.engine, cookie);
    expect(await cart(a.engine, cookie)).toEqual([{ productId: "mug", quantity: 2 }]);
    expect(a.logs).toHaveLength(1);
  });
});
