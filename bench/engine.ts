/**
 * Engine cost per request, "load + update cart + save" through the public Route Handler
 * path (`sessions.route`: the cookie read from the Request, the session loaded, the cart
 * changed, the save, the cart cookies set on the Response), next to the physical limit measured
 * in the same process: the raw driver statements alone (one indexed SELECT and one UPSERT
 * of the same payload; on Redis one GET and one SET). Both alternate in blocks so they
 * share the machine's state.
 */
// First: bench/round-trips.ts sets up what Next's request scope needs before next/headers loads.
import { Channel, countingRedis } from "./round-trips";
import { mkdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import Database from "better-sqlite3";
import { addLine, type SessionCookie } from "cartsession";
import { createCartSessions, type CartSessions } from "cartsession/next";
import { postgresStore } from "cartsession/postgres";
import { cachedStore, redisStore } from "cartsession/redis";
import { sqliteStore } from "cartsession/sqlite";
import type { BulkLoadingStore, BulkSessionRow, SessionStore } from "cartsession/store";
import { createTestDatabase, createTestRedis, postgresReachable, redisReachable, setLocalNeonEndpoint } from "cartsession/testing";
import { NextRequest } from "next/server";
import { createClient } from "redis";
import { median, round, spread, summarize, type Spread, type Summary, usSince } from "./stats";

export const BENCH_SECRET = "bench-secret-bench-secret-bench-secret-01";
/** The guest lifetime, seconds (the engine's default). */
const LIFETIME = 172_800;

/** A ~2 KB session value: a cart of a few lines, an address and some browsing state. */
export function payload(i: number): string {
  const cart = Array.from({ length: 4 }, (_, j) => ({ productId: `p${(i + j) % 250}`, quantity: 1 + ((i + j) % 3) }));
  const value = { cart, checkout: { email: `shopper${i}@example.com`, name: "Ada Lovelace", address: "12 Analytical Row", city: "London", postcode: "N1 9GU" }, recentlyViewed: Array.from({ length: 12 }, (_, j) => `p${(i * 7 + j) % 250}`), pad: "" };
  const base = JSON.stringify(value).length;
  value.pad = "x".repeat(Math.max(0, 2048 - base));
  return JSON.stringify(value);
}

export const keyFor = (i: number) => `t_${i.toString(16).padStart(30, "0")}`;

/** Rows whose expiry already covers the cookies used below, so no request needs a touch. */
export function rowsFor(count: number, now: number, offset = 0): BulkSessionRow[] {
  return Array.from({ length: count }, (_, i) => ({
    key: keyFor(offset + i),
    value: payload(offset + i),
    activeUntil: now + LIFETIME,
    expiresAt: now + 2 * LIFETIME,
    createdAt: now,
    updatedAt: now,
  }));
}

async function fillInChunks(store: BulkLoadingStore, count: number, now: number): Promise<void> {
  for (let i = 0; i < count; i += 50_000) await store.bulkInsert(rowsFor(Math.min(50_000, count - i), now, i));
}

/** One side of a comparison: a request on row `i`; `prepare` readies rows before anything is timed. */
type Side = ((i: number) => Promise<void>) & { prepare?: (rows: readonly number[]) => Promise<void> };

interface Pair {
  raw: Side;
  engine: Side;
}

/**
 * Rows the requests pick from: a random sample spread over the whole table, the same for
 * every round of a pair. Each engine request needs its visitor's sealed cookie, and sealing
 * one costs ~0.3 ms of Web Crypto: sealing on first use inside the timed request (as a
 * million-row table would on nearly every request) measured the seal, not the request. The
 * sample stays below the unseal cache's 10,000 entries, so every timed request is a
 * returning visitor's, as in a running shop.
 */
const SAMPLE_ROWS = 5_000;
const samples = new WeakMap<Pair, number[]>();

async function sampleFor(pair: Pair, rows: number): Promise<number[]> {
  let sample = samples.get(pair);
  if (!sample) {
    sample = rows <= SAMPLE_ROWS ? Array.from({ length: rows }, (_, i) => i) : Array.from({ length: SAMPLE_ROWS }, () => Math.floor(Math.random() * rows));
    await pair.raw.prepare?.(sample);
    await pair.engine.prepare?.(sample);
    samples.set(pair, sample);
  }
  return sample;
}

/** Alternating blocks of raw and engine requests on random existing keys; per-request µs. */
async function measure(pair: Pair, rows: number, iterations: number): Promise<{ raw: number[]; engine: number[] }> {
  const raw: number[] = [];
  const engine: number[] = [];
  const block = 250;
  const sample = await sampleFor(pair, rows);
  const pick = () => sample[Math.floor(Math.random() * sample.length)] as number;
  for (let i = 0; i < 300; i++) {
    await pair.raw(pick());
    await pair.engine(pick());
  }
  while (raw.length < iterations) {
    for (let i = 0; i < block; i++) {
      const k = pick();
      const t = performance.now();
      await pair.raw(k);
      raw.push(usSince(t));
    }
    for (let i = 0; i < block; i++) {
      const k = pick();
      const t = performance.now();
      await pair.engine(k);
      engine.push(usSince(t));
    }
  }
  return { raw, engine };
}

const SITE = "http://localhost";
const unixNow = () => Math.floor(Date.now() / 1000);
const redisHost = () => new URL(process.env.CARTSESSION_TEST_REDIS || "redis://127.0.0.1:6379").host;

function engineFor(store: SessionStore): CartSessions {
  return createCartSessions({ store, secrets: BENCH_SECRET, siteUrl: SITE });
}

/** The Route Handler request on row `offset + i` (offsets keep two engines on one table apart). */
function enginePair(sessions: CartSessions, now: number, offset = 0): Side {
  const name = sessions.cookieNames().session;
  const push = sessions.route(async (_request, session) => {
    session.update("cart", (cart) => addLine(cart, "p1", 1));
    return new Response(null, { status: 204 });
  });
  // Next.js builds the Request a Route Handler receives; here each visitor's is built once
  // (it has no body, so it can be read again), so the figure is the engine's, not undici's.
  const requests = new Map<number, Request>();
  const seal = async (i: number) => {
    const state: SessionCookie = { key: keyFor(offset + i), customerId: null, loginId: null, expiration: now + LIFETIME, expiring: now + LIFETIME - 3600, persisted: true };
    const request = new Request(`${SITE}/api/cart/items`, { method: "POST", headers: { cookie: `${name}=${await sessions.sealCartToken(state)}` } });
    requests.set(i, request);
    return request;
  };
  const side: Side = async (i) => {
    const response = await push(requests.get(i) ?? (await seal(i)), undefined);
    if (response.status !== 204) throw new Error(`engine request answered ${response.status}`);
  };
  side.prepare = async (rows) => {
    for (const i of rows) if (!requests.has(i)) await seal(i);
  };
  return side;
}

export interface EngineFigures {
  store: "sqlite" | "postgres" | "redis";
  rows: number;
  raw: Summary;
  engine: Summary;
  /** The median of the rounds' engine/raw ratios (each round interleaves both sides). */
  ratio: number;
  /** engine median / raw median of each round, in run order. */
  ratioRounds?: number[];
  /** Store calls (database round trips) per engine request. */
  roundTripsPerRequest?: number;
}

/** One SQLite table of `rows` rows, measured in `repeats` rounds; figures are medians of the rounds. */
export async function benchSqliteEngine(rows: number, iterations: number, repeats: number, tmp: string): Promise<EngineFigures> {
  mkdirSync(tmp, { recursive: true });
  const file = path.join(tmp, `engine-${rows}.db`);
  rmSync(file, { force: true });
  const db = new Database(file);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = NORMAL");
  db.pragma("busy_timeout = 10000");
  const store = await sqliteStore({ database: db });
  const now = unixNow();
  try {
    await fillInChunks(store, rows, now);
    const select = db.prepare("SELECT session_value, session_version FROM sessions WHERE session_key = ?");
    const upsert = db.prepare(
      `INSERT INTO sessions (session_key, session_value, session_expiry, session_active_until, session_version, session_created, session_updated)
       VALUES (?, ?, ?, ?, 1, ?, ?) ON CONFLICT (session_key) DO UPDATE SET session_value = excluded.session_value,
       session_expiry = excluded.session_expiry, session_version = session_version + 1, session_updated = excluded.session_updated`,
    );
    const pair: Pair = {
      raw: async (i) => {
        const key = keyFor(i);
        const [row] = select.all(key) as { session_value: string }[];
        upsert.run(key, row?.session_value ?? "{}", now + 400_000, now + 200_000, now, now);
      },
      engine: enginePair(engineFor(store), now),
    };
    const runs = [];
    for (let r = 0; r < repeats; r++) runs.push(await measure(pair, rows, iterations));
    return figures("sqlite", rows, runs);
  } finally {
    await store.close();
    db.close();
    rmSync(file, { force: true });
    rmSync(`${file}-wal`, { force: true });
    rmSync(`${file}-shm`, { force: true });
  }
}

function figures(storeName: EngineFigures["store"], rows: number, runs: { raw: number[]; engine: number[] }[]): EngineFigures & { ratioRounds: number[] } {
  const raws = runs.map((r) => summarize(r.raw));
  const engines = runs.map((r) => summarize(r.engine));
  const raw = { median: median(raws.map((s) => s.median)), p99: median(raws.map((s) => s.p99)), mean: median(raws.map((s) => s.mean)), n: raws[0]?.n ?? 0 };
  const engine = { median: median(engines.map((s) => s.median)), p99: median(engines.map((s) => s.p99)), mean: median(engines.map((s) => s.mean)), n: engines[0]?.n ?? 0 };
  const ratioRounds = runs.map((_, i) => (engines[i]?.median ?? Number.NaN) / (raws[i]?.median ?? Number.NaN));
  return { store: storeName, rows, raw, engine, ratio: median(ratioRounds), ratioRounds: ratioRounds.map((x) => round(x, 3)) };
}

/** The same on Postgres via the Neon driver (HTTP for each statement, through the local bridge). */
export async function benchPostgresEngine(rows: number, iterations: number, repeats: number): Promise<EngineFigures | { skipped: string }> {
  if (!(await postgresReachable())) return { skipped: "PostgreSQL is not reachable on 127.0.0.1:5432" };
  const db = await createTestDatabase("cartsession_bench");
  setLocalNeonEndpoint(db.neon.address);
  const store = await postgresStore({ connectionString: db.url });
  const direct = new pg.Client({ connectionString: db.url });
  await direct.connect();
  try {
    const now = unixNow();
    await fillInChunks(store, rows, now);
    const counted = countingStore(store);
    const pair: Pair = {
      // The physical limit: the same two statements over a plain wire-protocol connection.
      raw: async (i) => {
        const key = keyFor(i);
        const { rows: found } = await direct.query<{ session_value: string }>("SELECT session_value, session_version FROM sessions WHERE session_key = $1", [key]);
        await direct.query(
          // Postgres rows carry no id sequence (migration 0004): a random id, as the store writes.
          `INSERT INTO sessions (session_id, session_key, session_value, session_expiry, session_active_until, session_version, session_created, session_updated)
           VALUES (floor(random() * 9007199254740991)::bigint, $1, $2, $3, $3, 1, $4, $4) ON CONFLICT (session_key) DO UPDATE SET session_value = excluded.session_value,
           session_expiry = excluded.session_expiry, session_version = sessions.session_version + 1, session_updated = excluded.session_updated`,
          [key, found[0]?.session_value ?? "{}", now + 400_000, now],
        );
      },
      engine: enginePair(engineFor(counted.store), now),
    };
    const runs = [];
    let engineRequests = 0;
    for (let r = 0; r < repeats; r++) {
      const run = await measure(pair, rows, iterations);
      runs.push(run);
      engineRequests += run.engine.length + 300;
    }
    return { ...figures("postgres", rows, runs), roundTripsPerRequest: counted.calls() / engineRequests };
  } finally {
    await direct.end();
    await store.close();
    await db.drop();
  }
}

/**
 * The same on Redis (node-redis over loopback): the engine on the Redis store next to the
 * client's floor, one GET and one SET of the same ~2 KB payload.
 */
export async function benchRedisEngine(rows: number, iterations: number, repeats: number): Promise<EngineFigures | { skipped: string }> {
  if (!(await redisReachable())) return { skipped: `Redis is not reachable at ${redisHost()}` };
  const redis = createTestRedis("bench");
  const raw = createClient({ url: redis.url });
  const own = createClient({ url: redis.url });
  await Promise.all([raw.connect(), own.connect()]);
  const commands = new Channel();
  const store = redisStore({ client: countingRedis(own, commands) }, { keyPrefix: redis.prefix });
  try {
    const now = unixNow();
    await fillInChunks(store, rows, now);
    for (let i = 0; i < rows; i += 1_000) {
      await Promise.all(Array.from({ length: Math.min(1_000, rows - i) }, (_, j) => raw.set(`${redis.prefix}raw:${keyFor(i + j)}`, payload(i + j))));
    }
    const before = commands.sent;
    const pair: Pair = {
      raw: async (i) => {
        const key = `${redis.prefix}raw:${keyFor(i)}`;
        const value = await raw.get(key);
        await raw.set(key, value ?? "{}");
      },
      engine: enginePair(engineFor(store), now),
    };
    const runs = [];
    let engineRequests = 0;
    for (let r = 0; r < repeats; r++) {
      const run = await measure(pair, rows, iterations);
      runs.push(run);
      engineRequests += run.engine.length + 300;
    }
    return { ...figures("redis", rows, runs), roundTripsPerRequest: (commands.sent - before) / engineRequests };
  } finally {
    raw.destroy();
    own.destroy();
    await redis.drop();
  }
}

export interface CachedEngineFigures {
  rows: number;
  /** The engine on Postgres alone, and on Postgres behind the Redis object cache (copies warm). */
  postgres: Summary;
  cached: Summary;
  /** cached median / Postgres median */
  ratio: number;
  /** Per engine request with the cache: database round trips, and Redis commands. */
  databaseRoundTrips: number;
  redisCommands: number;
}

/**
 * The engine on Postgres (Neon driver through the local bridge) next to the same engine on
 * Postgres behind the Redis object cache, interleaved, each on its own half of one table.
 * The cache's copies are warm (every row read once), as for shoppers who are active.
 */
export async function benchPostgresCachedEngine(rows: number, iterations: number, repeats: number): Promise<CachedEngineFigures | { skipped: string }> {
  if (!(await postgresReachable())) return { skipped: "PostgreSQL is not reachable on 127.0.0.1:5432" };
  if (!(await redisReachable())) return { skipped: `Redis is not reachable at ${redisHost()}` };
  const db = await createTestDatabase("cartsession_bench");
  const redis = createTestRedis("bench");
  setLocalNeonEndpoint(db.neon.address);
  const store = await postgresStore({ connectionString: db.url });
  const own = createClient({ url: redis.url });
  await own.connect();
  const commands = new Channel();
  const countedSql = countingStore(store);
  const cached = cachedStore(countedSql.store, { redis: { client: countingRedis(own, commands) }, keyPrefix: redis.prefix });
  try {
    const now = unixNow();
    await fillInChunks(store, 2 * rows, now);
    // Warm copies of the cached half.
    for (let i = 0; i < rows; i += 50) await Promise.all(Array.from({ length: Math.min(50, rows - i) }, (_, j) => cached.load(keyFor(rows + i + j))));
    const pair: Pair = { raw: enginePair(engineFor(store), now), engine: enginePair(engineFor(cached), now, rows) };
    const runs = [];
    let cachedRequests = 0;
    const [sqlBefore, redisBefore] = [countedSql.calls(), commands.sent];
    for (let r = 0; r < repeats; r++) {
      const run = await measure(pair, rows, iterations);
      runs.push(run);
      cachedRequests += run.engine.length + 300;
    }
    const f = figures("postgres", rows, runs);
    return {
      rows,
      postgres: f.raw,
      cached: f.engine,
      ratio: f.ratio,
      databaseRoundTrips: (countedSql.calls() - sqlBefore) / cachedRequests,
      redisCommands: (commands.sent - redisBefore) / cachedRequests,
    };
  } finally {
    own.destroy();
    await store.close();
    await db.drop();
    await redis.drop();
  }
}

/** `store` with every call counted (methods only; capabilities stay as they are). */
function countingStore<S extends SessionStore>(store: S): { store: S; calls: () => number } {
  let calls = 0;
  const counted = new Proxy(store, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver) as unknown;
      if (typeof value !== "function") return value;
      return (...args: unknown[]) => {
        calls++;
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return { store: counted, calls: () => calls };
}

/**
 * Session-store calls per browsing page view, counted in this process around the same
 * engine the demo runs (its proxy options; a SQLite store): what the proxy does for a page
 * request, plus the read-only session a personal page renders from. The demo's production
 * wiring carries no counter, so the figure is taken here rather than from the server.
 */
export async function benchStoreCallsPerPageView(visitors: number, tmp: string): Promise<{ sharedCatalogPage: number; personalPageOfGuestWithNothingStored: number }> {
  mkdirSync(tmp, { recursive: true });
  const file = path.join(tmp, "page-views.db");
  rmSync(file, { force: true });
  const db = new Database(file);
  db.pragma("journal_mode = WAL");
  const counted = countingStore(await sqliteStore({ database: db }));
  const sessions = createCartSessions(() => ({
    store: counted.store,
    secrets: BENCH_SECRET,
    siteUrl: "http://localhost",
    proxy: { sharedPages: [/^\/$/, /^\/products\/[^/]+\/?$/], personalVariant: (pathname: string) => `/live${pathname === "/" ? "" : pathname}` },
  }));
  try {
    // Browsing visitors' cookies, as a Route Handler issues them to a new visitor.
    const issue = sessions.route(async () => new Response(null, { status: 204 }));
    const cookies = await Promise.all(
      Array.from({ length: visitors }, async () => {
        const line = (await issue(new Request("http://localhost/api/x"), undefined)).headers.getSetCookie().find((c) => c.startsWith(`${sessions.cookieNames().session}=`));
        if (!line) throw new Error("no session cookie issued");
        return line.split(";")[0] as string;
      }),
    );
    const perView = async (pathname: string, renders: boolean) => {
      const before = counted.calls();
      for (const cookie of cookies) {
        await sessions.proxy(new NextRequest(`http://localhost${pathname}`, { headers: { cookie } }));
        // What the page's `getSession()` does: the read-only session the cookie names.
        if (renders) (await sessions.readSession(new Request(`http://localhost${pathname}`, { headers: { cookie } }))).get("cart");
      }
      return (counted.calls() - before) / cookies.length;
    };
    // A shared catalog page is served from the cache: the proxy alone runs for it.
    return { sharedCatalogPage: await perView("/products/linen-apron", false), personalPageOfGuestWithNothingStored: await perView("/session", true) };
  } finally {
    await counted.store.close?.();
    db.close();
    rmSync(file, { force: true });
  }
}

export interface TelemetryFigures {
  rows: number;
  /** `@opentelemetry/api`'s version when installed (the engine then looks for a provider on every operation). */
  api: string | null;
  /** The cart push with telemetry on by default and no provider registered, and with `telemetry: false`. */
  noProvider: Summary;
  disabled: Summary;
  /** noProvider median / disabled median: each round's, and their median and spread. */
  ratio: Spread;
}

/**
 * What telemetry costs an app that does not use it: the same cart push through
 * `sessions.route` on one SQLite table, by an engine with telemetry on (the default) while
 * no tracer or meter provider is registered, and by one with `telemetry: false`, in
 * alternating blocks, each engine on its own half of the table. `@opentelemetry/api` is
 * installed (a devDependency), so the first engine takes the "look for a provider" path.
 */
export async function benchTelemetryOverhead(rows: number, iterations: number, rounds: number, tmp: string): Promise<TelemetryFigures> {
  mkdirSync(tmp, { recursive: true });
  const file = path.join(tmp, `telemetry-${rows}.db`);
  rmSync(file, { force: true });
  const db = new Database(file);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = NORMAL");
  const store = await sqliteStore({ database: db });
  const api = await import("@opentelemetry/api").then(
    () => JSON.parse(readFileSync(path.join("node_modules", "@opentelemetry", "api", "package.json"), "utf8")).version as string,
    () => null,
  );
  const now = unixNow();
  try {
    await fillInChunks(store, 2 * rows, now);
    const on = createCartSessions({ store, secrets: BENCH_SECRET, siteUrl: SITE });
    const off = createCartSessions({ store, secrets: BENCH_SECRET, siteUrl: SITE, telemetry: false });
    // `raw` is the engine with telemetry off, `engine` the one with it on and no provider.
    const pair: Pair = { raw: enginePair(off, now), engine: enginePair(on, now, rows) };
    const runs = [];
    for (let r = 0; r < rounds; r++) runs.push(await measure(pair, rows, iterations));
    // The pair's raw side is the engine with telemetry: false, so the rounds' engine/raw is on/off.
    const f = figures("sqlite", rows, runs);
    return { rows, api, noProvider: f.engine, disabled: f.raw, ratio: spread(f.ratioRounds, 3) };
  } finally {
    await store.close();
    db.close();
    for (const suffix of ["", "-wal", "-shm"]) rmSync(`${file}${suffix}`, { force: true });
  }
}
