/**
 * Engine cost per request, "load + update cart + save", next to the physical limit measured
 * in the same process: the raw driver statements alone (one indexed SELECT and one UPSERT
 * of the same payload). Both alternate in blocks so they share the machine's state.
 */
import { mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { addLine, createSessionEngine, systemClock, type BulkLoadingStore, type BulkSessionRow, type SessionCookie, type SessionEngine, type SessionStore } from "cartsession";
import { postgresStore, setLocalNeonEndpoint } from "cartsession/postgres";
import { openSqliteDatabase, sqliteStore } from "cartsession/sqlite";
import { createTestDatabase, postgresReachable } from "cartsession/testing";
import { median, summarize, type Summary, usSince } from "./stats";

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

interface Pair {
  raw: (i: number) => Promise<void>;
  engine: (i: number) => Promise<void>;
}

/** Alternating blocks of raw and engine requests on random existing keys; per-request µs. */
async function measure(pair: Pair, rows: number, iterations: number): Promise<{ raw: number[]; engine: number[] }> {
  const raw: number[] = [];
  const engine: number[] = [];
  const block = 250;
  const pick = () => Math.floor(Math.random() * rows);
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

function engineFor(store: SessionStore): SessionEngine {
  return createSessionEngine({ store, secrets: BENCH_SECRET, siteUrl: "http://localhost" });
}

function enginePair(engine: SessionEngine, now: number): Pair["engine"] {
  const cookies = new Map<number, SessionCookie>();
  return async (i) => {
    let cookie = cookies.get(i);
    if (!cookie) {
      cookie = { key: keyFor(i), customerId: null, loginId: null, expiration: now + LIFETIME, expiring: now + LIFETIME - 3600, persisted: true };
      cookies.set(i, cookie);
    }
    const session = await engine.open(cookie, { writable: true });
    session.update("cart", (cart) => addLine(cart, "p1", 1));
    await session.save();
  };
}

export interface EngineFigures {
  store: "sqlite" | "postgres";
  rows: number;
  raw: Summary;
  engine: Summary;
  /** engine median / raw median */
  ratio: number;
  /** Store calls (database round trips) per engine request. */
  roundTripsPerRequest?: number;
}

/** One SQLite table of `rows` rows, measured `repeats` times; figures are medians of the runs. */
export async function benchSqliteEngine(rows: number, iterations: number, repeats: number, tmp: string): Promise<EngineFigures> {
  mkdirSync(tmp, { recursive: true });
  const file = path.join(tmp, `engine-${rows}.db`);
  rmSync(file, { force: true });
  const db = openSqliteDatabase(file);
  const store = await sqliteStore({ database: db });
  const now = systemClock.nowSeconds();
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

function figures(storeName: EngineFigures["store"], rows: number, runs: { raw: number[]; engine: number[] }[]): EngineFigures {
  const raws = runs.map((r) => summarize(r.raw));
  const engines = runs.map((r) => summarize(r.engine));
  const raw = { median: median(raws.map((s) => s.median)), p99: median(raws.map((s) => s.p99)), mean: median(raws.map((s) => s.mean)), n: raws[0]?.n ?? 0 };
  const engine = { median: median(engines.map((s) => s.median)), p99: median(engines.map((s) => s.p99)), mean: median(engines.map((s) => s.mean)), n: engines[0]?.n ?? 0 };
  return { store: storeName, rows, raw, engine, ratio: engine.median / raw.median };
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
    const now = systemClock.nowSeconds();
    await fillInChunks(store, rows, now);
    let calls = 0;
    const counted = new Proxy(store, {
      get(target, prop, receiver) {
        const value = Reflect.get(target, prop, receiver) as unknown;
        if (typeof value !== "function") return value;
        return (...args: unknown[]) => {
          calls++;
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      },
    });
    const pair: Pair = {
      // The physical limit: the same two statements over a plain wire-protocol connection.
      raw: async (i) => {
        const key = keyFor(i);
        const { rows: found } = await direct.query<{ session_value: string }>("SELECT session_value, session_version FROM sessions WHERE session_key = $1", [key]);
        await direct.query(
          `INSERT INTO sessions (session_key, session_value, session_expiry, session_active_until, session_version, session_created, session_updated)
           VALUES ($1, $2, $3, $3, 1, $4, $4) ON CONFLICT (session_key) DO UPDATE SET session_value = excluded.session_value,
           session_expiry = excluded.session_expiry, session_version = sessions.session_version + 1, session_updated = excluded.session_updated`,
          [key, found[0]?.session_value ?? "{}", now + 400_000, now],
        );
      },
      engine: enginePair(engineFor(counted), now),
    };
    const runs = [];
    let engineRequests = 0;
    for (let r = 0; r < repeats; r++) {
      const run = await measure(pair, rows, iterations);
      runs.push(run);
      engineRequests += run.engine.length + 300;
    }
    return { ...figures("postgres", rows, runs), roundTripsPerRequest: calls / engineRequests };
  } finally {
    await direct.end();
    await store.close();
    await db.drop();
  }
}
