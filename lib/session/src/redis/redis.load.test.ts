import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addLine } from "../cart.js";
import type { SessionCookie } from "../cookie.js";
import { createSessionEngine, type SessionEngine } from "../engine.js";
import { postgresStore } from "../postgres/index.js";
import { setLocalNeonEndpoint } from "../testing/local-neon.js";
import { sqliteStore } from "../sqlite/index.js";
import type { SessionStore } from "../store/port.js";
import { createTestDatabase, postgresOrSkipReason, type TestDatabase } from "../testing/postgres.js";
import { createTestRedis, redisOrSkipReason, type TestRedis } from "../testing/redis.js";
import { TEST_SECRET, tempSqlite, type TempSqlite } from "../test-helpers.js";
import { cachedStore, redisStore } from "./index.js";

/*
 * Concurrency at the engine level on real servers: parallel adds on one session and on many
 * sessions, all exact; and two app instances (two engines, each with its own connections)
 * sharing one cart through Redis. On the Redis store and on the cached SQL stores.
 */
let skip: string | null = null;
let redis: TestRedis;
let sqlite: TempSqlite | undefined;
let pg: TestDatabase | undefined;
const opened: SessionStore[] = [];

beforeAll(async () => {
  skip = await redisOrSkipReason();
  redis = createTestRedis("load");
}, 60_000);
afterAll(async () => {
  try {
    for (const store of opened) await store.close?.();
  } finally {
    await sqlite?.dispose();
    await pg?.drop();
    if (!skip) await redis.drop();
  }
}, 60_000);

type Kind = "redis" | "sqlite + cache" | "postgres + cache";

/**
 * One app instance on `kind`: its own store object and connections (as another process
 * would have), on the Redis data and database every instance of this kind shares.
 */
async function instance(kind: Kind): Promise<SessionEngine | null> {
  const prefix = `${redis.prefix}${kind.replace(/\W+/g, "-")}:`;
  let store: SessionStore;
  if (kind === "redis") store = redisStore({ url: redis.url }, { keyPrefix: prefix });
  else if (kind === "sqlite + cache") {
    sqlite ??= await tempSqlite();
    store = cachedStore(await sqliteStore({ file: sqlite.file }), { redis: { url: redis.url }, keyPrefix: prefix });
  } else {
    if (await postgresOrSkipReason()) return null;
    pg ??= await createTestDatabase();
    setLocalNeonEndpoint(pg.neon.address);
    store = cachedStore(await postgresStore({ connectionString: pg.url }), { redis: { url: redis.url }, keyPrefix: prefix });
  }
  opened.push(store);
  return createSessionEngine({ store, secrets: TEST_SECRET, siteUrl: "http://localhost:3000" });
}

async function addOne(engine: SessionEngine, cookie: SessionCookie, productId = "mug"): Promise<SessionCookie> {
  const session = await engine.open(cookie, { writable: true });
  session.update("cart", (cart) => addLine(cart, productId, 1));
  await session.save();
  return session.cookie;
}

async function units(engine: SessionEngine, cookie: SessionCookie): Promise<number> {
  return (await engine.open(cookie, { writable: false })).getCartSummary().items;
}

/** A guest whose row exists (one unit in the cart). */
async function shopper(engine: SessionEngine): Promise<SessionCookie> {
  return addOne(engine, (await engine.identify({})).cookie);
}

describe.each<Kind>(["redis", "sqlite + cache", "postgres + cache"])("load on %s", (kind) => {
  it("200 parallel adds on one session leave exactly 200 units", async (context) => {
    const engine = skip ? null : await instance(kind);
    if (!engine) return context.skip();
    const cookie = await shopper(engine);
    await Promise.all(Array.from({ length: 200 }, () => addOne(engine, cookie)));
    expect(await units(engine, cookie)).toBe(201);
  }, 120_000);

  it("50 sessions with 20 parallel adds each, all at once: every cart exact", async (context) => {
    const engine = skip ? null : await instance(kind);
    if (!engine) return context.skip();
    const cookies = await Promise.all(Array.from({ length: 50 }, () => shopper(engine)));
    await Promise.all(cookies.flatMap((cookie) => Array.from({ length: 20 }, () => addOne(engine, cookie))));
    const totals = await Promise.all(cookies.map((cookie) => units(engine, cookie)));
    expect(totals).toEqual(Array(50).fill(21));
  }, 120_000);

  it("two instances share one cart: alternating writes, then 100 parallel adds split across both", async (context) => {
    const a = skip ? null : await instance(kind);
    const b = a && (await instance(kind));
    if (!a || !b) return context.skip();
    let cookie = await shopper(a);
    for (let i = 0; i < 10; i++) {
      const [writer, reader] = i % 2 === 0 ? [b, a] : [a, b];
      cookie = await addOne(writer, cookie, i % 2 === 0 ? "apron" : "mug");
      // The other instance sees the write at once (for the cache: no stale copy served).
      expect(await units(reader, cookie)).toBe(2 + i);
    }
    await Promise.all(Array.from({ length: 100 }, (_, i) => addOne(i % 2 === 0 ? a : b, cookie)));
    expect(await units(a, cookie)).toBe(111);
    expect(await units(b, cookie)).toBe(111);
    const lines = (await b.open<{ cart: { productId: string; quantity: number }[] }>(cookie, { writable: false })).get("cart");
    expect(lines).toEqual([
      { productId: "mug", quantity: 106 },
      { productId: "apron", quantity: 5 },
    ]);
  }, 120_000);

  it("two instances share a customer's session: a login on one is seen, and extended, on the other", async (context) => {
    const a = skip ? null : await instance(kind);
    const b = a && (await instance(kind));
    if (!a || !b) return context.skip();
    const customer = `customer-${kind}-${Math.random().toString(16).slice(2)}`;
    const phone = await a.logIn(await shopper(a), customer);
    const laptop = await b.logIn(await shopper(b), customer);
    expect(laptop.cookie.key).toBe(phone.cookie.key);
    await Promise.all(Array.from({ length: 40 }, (_, i) => addOne(i % 2 === 0 ? a : b, i % 2 === 0 ? phone.cookie : laptop.cookie)));
    expect(await units(a, laptop.cookie)).toBe(42);
    await b.logOut(phone.cookie);
    expect((await a.open(phone.cookie, { writable: false })).isGuest()).toBe(true);
    expect(await units(a, laptop.cookie)).toBe(42);
  }, 120_000);
});
