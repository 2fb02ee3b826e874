/**
 * Store round trips per operation (issue #26, item 5): what a page view, a cart read, a
 * cart write, a login and a logout cost in trips to the store, on SQLite, Postgres (Neon
 * driver), Redis, and Postgres behind the Redis object cache. `npm run bench` prints the
 * table (BENCHMARKS.md) and test/round-trips.test.ts holds it as a contract: a change that
 * adds a round trip to an operation fails that test.
 *
 * The engine is driven through the path a Next.js app uses, nothing deeper:
 * `createCartSessions()` from `cartsession/next` with the demo's proxy options;
 * `sessions.proxy(new NextRequest(…))` for a page view, plus `readSession(request)` when the
 * page renders the session (a personal page, or a shared page the proxy rewrote to its
 * personal variant); `sessions.route(handler)` for the cart API, driven by plain `Request`s
 * carrying the cookies a browser holds (a write is `session.update` + `session.save()` as in
 * lib/http/cart-api.ts; a read is the same route with no change); `onLogin(customerId)` and
 * `onLogout()` called inside a Next.js Route Handler request scope, as the demo's
 * app/api/auth/login and logout routes call them (built here with Next's own request and work
 * stores, as Next's app-route module builds them, since no server runs). Each browser keeps
 * the cookies every response sets.
 *
 * What a round trip is, counted at the driver, below the store:
 * - SQLite: every statement executed on the better-sqlite3 `Database` the store is given
 *   (each `run`/`all` of a prepared statement, each `exec`, each `pragma`). A transaction's
 *   `BEGIN IMMEDIATE` and `COMMIT` are separate `exec`s, so they count. Statements run in
 *   process: "round trip" here means one call into SQLite, not a network hop.
 * - Postgres: every HTTP request the Neon serverless driver sends (its `fetch`, wrapped via
 *   `neonConfig.fetchFunction`). A `transaction([...])` is one request, so it counts once.
 * - Redis: every command the node-redis client is asked to send (`sendCommand`, the only
 *   way the store and the cache talk to it): an EVALSHA of a Lua script is one (a NOSCRIPT
 *   retry with EVAL would be a second; the warm-up loads the scripts). The engine sends no
 *   MULTI; a command inside one, or in a pipeline, would count one each, as hosted Redis
 *   bills per command.
 * - Postgres + the Redis object cache: both of the above, reported separately
 *   ("1 database + 2 Redis").
 * On every channel, a call made while another of the same operation is still in flight
 * (commands node-redis writes in one batch, concurrent HTTP requests) counts like any
 * other and is also counted as `concurrent`, named under the table; today there are none,
 * and the contract test says so.
 *
 * Next's request scope comes from `next/dist` (Next's own stores, not cartsession's
 * internals: the engine is used only through its package entry points). It needs
 * AsyncLocalStorage on globalThis before next/headers first loads, so this module must be
 * imported before anything that loads `cartsession/next` (bench/run.ts imports it first).
 *
 * Every visitor is measured after a warm-up that ran every operation once (statements
 * prepared, Lua scripts loaded, the cache generation learned, copies in the cache), each
 * operation once per visitor; the table holds the mean over the visitors, which is exact
 * (an integer) when every visitor cost the same, as the contract expects.
 */
// First: Next's request scope (cookies(), headers(), connection()) needs AsyncLocalStorage
// on globalThis before next/headers is loaded, as `next start` sets it up.
import "next/dist/server/node-environment-baseline";
import { AsyncLocalStorage } from "node:async_hooks";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { neonConfig } from "@neondatabase/serverless";
import { addLine, type CartLine } from "cartsession";
import { createCartSessions, type CartSessions } from "cartsession/next";
import { postgresStore } from "cartsession/postgres";
import { cachedStore, redisStore, type RedisClient } from "cartsession/redis";
import { sqliteStore, type SqliteDatabase, type SqliteStatement } from "cartsession/sqlite";
import type { SessionStore } from "cartsession/store";
import { createTestDatabase, createTestRedis, postgresOrSkipReason, redisOrSkipReason, setLocalNeonEndpoint } from "cartsession/testing";
import { workAsyncStorage } from "next/dist/server/app-render/work-async-storage.external";
import { workUnitAsyncStorage } from "next/dist/server/app-render/work-unit-async-storage.external";
import { createRequestStoreForAPI } from "next/dist/server/async-storage/request-store";
import { createWorkStore } from "next/dist/server/async-storage/work-store";
import { appendMutableCookies } from "next/dist/server/web/spec-extension/adapters/request-cookies";
import { NextRequest } from "next/server";
import { createClient } from "redis";

export const STORES = ["sqlite", "postgres", "redis", "postgres+redis"] as const;
export type StoreName = (typeof STORES)[number];

export const OPERATIONS = ["catalogPageNoCart", "catalogPage", "personalPage", "cartRead", "cartWrite", "login", "logout"] as const;
export type Operation = (typeof OPERATIONS)[number];

/** How each operation reads in the table and in the contract's messages. */
export const OPERATION_LABELS: Record<Operation, string> = {
  catalogPageNoCart: "page view: shared catalog page, visitor without a cart",
  catalogPage: "page view: shared catalog page, shopper with a cart",
  personalPage: "page view: personal page",
  cartRead: "cart read",
  cartWrite: "cart write (add to cart)",
  login: "login (a guest's cart merged into the customer's)",
  logout: "logout",
};

export const STORE_LABELS: Record<StoreName, string> = {
  sqlite: "SQLite",
  postgres: "Postgres (Neon HTTP)",
  redis: "Redis",
  "postgres+redis": "Postgres + Redis object cache",
};

/** Round trips of one operation on one store: to the database (SQLite, Postgres) and to Redis, whichever the store uses. */
export interface RoundTrips {
  database?: number;
  redis?: number;
}

export type StoreColumn =
  | {
      counts: Record<Operation, RoundTrips>;
      /** Of those, the ones sent while another of the same operation was still in flight (pipelined or concurrent); empty when none. */
      concurrent: Partial<Record<Operation, RoundTrips>>;
    }
  | { skipped: string };

export interface RoundTripTable {
  /** Visitors measured per store (each operation once per visitor, after a warm-up). */
  visitors: number;
  stores: Record<StoreName, StoreColumn>;
}

const SITE = "http://localhost";
const SECRET = "round-trips-secret-round-trips-secret-01";
const PRODUCTS = ["linen-apron", "enamel-mug", "oak-board", "wool-throw"];

// ---------------------------------------------------------------------------------------
// Counting at the driver

/** Sends and overlaps on one channel (the database, or Redis). */
export class Channel {
  sent = 0;
  concurrent = 0;
  private inFlight = 0;

  /** Counts a call around `run`; a call made while another is in flight is also counted as concurrent. */
  track<T>(run: () => T): T {
    this.sent++;
    if (this.inFlight > 0) this.concurrent++;
    const result = run();
    if (!(result instanceof Promise)) return result;
    this.inFlight++;
    const done = () => {
      this.inFlight--;
    };
    result.then(done, done);
    return result;
  }
}

/** A better-sqlite3 database whose every executed statement is counted (synchronous: never concurrent). */
export function countingSqlite(db: SqliteDatabase, channel: Channel): SqliteDatabase {
  const counted = (statement: SqliteStatement): SqliteStatement => ({
    get reader() {
      return statement.reader;
    },
    all: (...params) => channel.track(() => statement.all(...params)),
    run: (...params) => channel.track(() => statement.run(...params)),
  });
  return {
    get name() {
      return db.name;
    },
    get open() {
      return db.open;
    },
    prepare: (sql) => counted(db.prepare(sql)),
    exec: (sql) => channel.track(() => db.exec(sql)),
    pragma: (source, options) => channel.track(() => db.pragma(source, options)),
    close: () => db.close(),
  };
}

/** Every HTTP request the Neon driver sends, counted, until the returned function restores the previous fetch. */
function countNeonRequests(channel: Channel): () => void {
  const previous = neonConfig.fetchFunction as typeof fetch | undefined;
  const underlying = previous ?? globalThis.fetch;
  neonConfig.fetchFunction = ((input: Parameters<typeof fetch>[0], init?: RequestInit) => channel.track(() => underlying(input, init))) as typeof fetch;
  return () => {
    neonConfig.fetchFunction = previous;
  };
}

/** A node-redis client whose every command is counted. */
export function countingRedis(client: RedisClient, channel: Channel): RedisClient {
  return {
    get isOpen() {
      return client.isOpen;
    },
    get isReady() {
      return client.isReady;
    },
    connect: () => client.connect(),
    sendCommand: (args, options) => channel.track(() => client.sendCommand(args, options)),
  };
}

// ---------------------------------------------------------------------------------------
// A browser, and the operations it performs

/** The cookies a browser holds, kept from every response's Set-Cookie. */
class Browser {
  private readonly jar = new Map<string, string>();

  cookieHeader(): string {
    return [...this.jar].map(([name, value]) => `${name}=${value}`).join("; ");
  }

  headers(extra: Record<string, string> = {}): Record<string, string> {
    const cookie = this.cookieHeader();
    return cookie ? { ...extra, cookie } : extra;
  }

  keep(setCookies: readonly string[]): void {
    for (const line of setCookies) {
      const [pair = "", ...attributes] = line.split(";").map((part) => part.trim());
      const eq = pair.indexOf("=");
      if (eq <= 0) continue;
      const name = pair.slice(0, eq);
      const value = pair.slice(eq + 1);
      const maxAge = attributes.find((a) => /^max-age=/i.test(a));
      const expires = attributes.find((a) => /^expires=/i.test(a));
      const gone = (maxAge !== undefined && Number(maxAge.split("=")[1]) <= 0) || (expires !== undefined && Date.parse(expires.slice(8)) <= Date.now()) || value === "";
      if (gone) this.jar.delete(name);
      else this.jar.set(name, value);
    }
  }
}

/**
 * Runs `fn` in a Next.js Route Handler's request scope for `request`, as Next's app-route
 * module does (a request store for an API route, a work store, `dynamic = "force-dynamic"`),
 * and returns the Set-Cookie lines the scope's `cookies().set` calls produced.
 */
async function inRouteHandler<T>(request: NextRequest, page: string, fn: () => Promise<T>): Promise<{ value: T; setCookies: string[] }> {
  if (!(workUnitAsyncStorage instanceof AsyncLocalStorage)) {
    throw new Error("Next's request storage was loaded before AsyncLocalStorage was set up: import bench/round-trips.ts before anything that loads next/headers");
  }
  const requestStore = createRequestStoreForAPI(request as never, request.nextUrl as never, { tags: [], expirationsByCacheKind: new Map() } as never, undefined, undefined as never, undefined);
  const workStore = createWorkStore({ page, renderOpts: { experimental: {} }, buildId: "round-trips", deploymentId: "", previouslyRevalidatedTags: [] } as never);
  workStore.forceDynamic = true;
  const value = await workUnitAsyncStorage.run(requestStore, () => workAsyncStorage.run(workStore, fn));
  const headers = new Headers();
  appendMutableCookies(headers, requestStore.mutableCookies);
  return { value, setCookies: headers.getSetCookie() };
}

/** The engine as the demo wires it (its proxy options), on `store`. */
function demoSessions(store: SessionStore): CartSessions {
  return createCartSessions({
    store,
    secrets: SECRET,
    siteUrl: SITE,
    proxy: {
      sharedPages: [/^\/$/, /^\/products\/[^/]+\/?$/],
      personalVariant: (pathname) => `/live${pathname === "/" ? "" : pathname}`,
    },
  });
}

/** Each operation answers what it did, so the measurement can check it did it (outside the counts). */
interface Shop {
  /** The cart the page rendered, or null when it rendered no session (a shared page). */
  catalogPage(browser: Browser): Promise<CartLine[] | null>;
  personalPage(browser: Browser): Promise<CartLine[] | null>;
  /** The cart in the response. */
  cartRead(browser: Browser): Promise<CartLine[]>;
  cartWrite(browser: Browser, productId: string): Promise<CartLine[]>;
  /** Who the visitor is afterwards. */
  login(browser: Browser, customerId: string): Promise<string | null>;
  logout(browser: Browser): Promise<string | null>;
}

function shopOn(sessions: CartSessions): Shop {
  // lib/http/cart-api.ts: a change goes through session.update, then save, then the cart as
  // saved is the answer. A read (GET) is the same route with no change.
  const cart = sessions.route<unknown, { cart?: CartLine[] }>(async (request, session) => {
    if (request.method === "POST") {
      const { productId, quantity } = (await request.json()) as { productId: string; quantity: number };
      session.update("cart", (lines) => addLine(lines ?? [], productId, quantity));
    }
    await session.save();
    return Response.json({ cart: session.get("cart") ?? [] });
  });
  const call = async (browser: Browser, response: Promise<Response>): Promise<CartLine[]> => {
    const answer = await response;
    if (!answer.ok) throw new Error(`the cart route answered ${answer.status}: ${await answer.text()}`);
    browser.keep(answer.headers.getSetCookie());
    return ((await answer.json()) as { cart: CartLine[] }).cart;
  };
  /** A page view: the proxy, then the page's render of the session when the page (or the variant it was rewritten to) is personal. */
  const pageView = async (browser: Browser, pathname: string, personal: boolean): Promise<CartLine[] | null> => {
    const response = await sessions.proxy(new NextRequest(`${SITE}${pathname}`, { headers: browser.headers() }));
    browser.keep(response.headers.getSetCookie());
    const rewrite = response.headers.get("x-middleware-rewrite");
    if (personal || rewrite) {
      const page = rewrite ?? `${SITE}${pathname}`;
      return (await sessions.readSession<{ cart?: CartLine[] }>(new Request(page, { headers: browser.headers() }))).get("cart") ?? [];
    }
    return null;
  };
  return {
    catalogPage: (browser) => pageView(browser, `/products/${PRODUCTS[0]}`, false),
    personalPage: (browser) => pageView(browser, "/cart", true),
    cartRead: (browser) => call(browser, cart(new Request(`${SITE}/api/cart`, { headers: browser.headers() }), undefined)),
    cartWrite: (browser, productId) =>
      call(browser, cart(new Request(`${SITE}/api/cart/items`, { method: "POST", headers: browser.headers({ "content-type": "application/json" }), body: JSON.stringify({ productId, quantity: 1 }) }), undefined)),
    async login(browser, customerId) {
      const request = new NextRequest(`${SITE}/api/auth/login`, { method: "POST", headers: browser.headers() });
      const { value, setCookies } = await inRouteHandler(request, "/api/auth/login/route", () => sessions.onLogin(customerId));
      browser.keep(setCookies);
      return value.customerId;
    },
    async logout(browser) {
      const request = new NextRequest(`${SITE}/api/auth/logout`, { method: "POST", headers: browser.headers() });
      const { value, setCookies } = await inRouteHandler(request, "/api/auth/logout/route", () => sessions.onLogout());
      browser.keep(setCookies);
      return value.customerId;
    },
  };
}

// ---------------------------------------------------------------------------------------
// The measurement

interface Counted {
  store: SessionStore;
  channels: { database?: Channel; redis?: Channel };
  close(): Promise<void>;
}

type Snapshot = { [K in keyof RoundTrips]: { sent: number; concurrent: number } };

function snapshot(channels: Counted["channels"]): Snapshot {
  const out: Snapshot = {};
  for (const [name, channel] of Object.entries(channels) as [keyof RoundTrips, Channel][]) out[name] = { sent: channel.sent, concurrent: channel.concurrent };
  return out;
}

/** Runs every operation for `visitors` visitors after a warm-up, on one counted store. */
async function measureStore(counted: Counted, visitors: number): Promise<StoreColumn> {
  const sessions = demoSessions(counted.store);
  const shop = shopOn(sessions);
  const samples = new Map<Operation, { sent: RoundTrips; concurrent: RoundTrips }[]>(OPERATIONS.map((op) => [op, []]));
  const measure = async <T>(op: Operation, run: () => Promise<T>): Promise<T> => {
    const before = snapshot(counted.channels);
    const result = await run();
    const after = snapshot(counted.channels);
    const sent: RoundTrips = {};
    const concurrent: RoundTrips = {};
    for (const name of Object.keys(after) as (keyof RoundTrips)[]) {
      sent[name] = (after[name]?.sent ?? 0) - (before[name]?.sent ?? 0);
      concurrent[name] = (after[name]?.concurrent ?? 0) - (before[name]?.concurrent ?? 0);
    }
    samples.get(op)?.push({ sent, concurrent });
    return result;
  };
  const products = (cart: readonly CartLine[] | null) => (cart ?? []).map((line) => line.productId).sort().join(",");
  const check = (what: string, ok: boolean) => {
    if (!ok) throw new Error(`round trips on ${counted.store.name}: ${what}`);
  };

  for (let v = 0; v < visitors; v++) {
    const customerId = `round-trips-customer-${v}`;
    // Warm-up: the customer has a stored cart from an earlier visit; today the visitor comes
    // back as a guest, fills a cart, browses, reads it, and every operation has run once.
    const earlier = new Browser();
    await shop.cartWrite(earlier, PRODUCTS[1] as string);
    await shop.login(earlier, customerId);
    await shop.cartWrite(earlier, PRODUCTS[2] as string);
    await shop.logout(earlier);
    const browsing = new Browser();
    await shop.catalogPage(browsing);
    const shopper = new Browser();
    await shop.cartWrite(shopper, PRODUCTS[0] as string);
    await shop.catalogPage(shopper);
    await shop.personalPage(shopper);
    await shop.cartRead(shopper);

    // Measured, each once: a steady-state visitor. Each result is checked, so a count can
    // never come from an operation that quietly did nothing.
    check("a visitor without a cart rendered the shared page's session", (await measure("catalogPageNoCart", () => shop.catalogPage(browsing))) === null);
    check("the shared page did not render the cart of a shopper who has one", products(await measure("catalogPage", () => shop.catalogPage(shopper))) === PRODUCTS[0]);
    check("the personal page did not render the cart", products(await measure("personalPage", () => shop.personalPage(shopper))) === PRODUCTS[0]);
    check("the cart read did not answer the cart", products(await measure("cartRead", () => shop.cartRead(shopper))) === PRODUCTS[0]);
    const written = await measure("cartWrite", () => shop.cartWrite(shopper, PRODUCTS[3] as string));
    check("the cart write did not add the line", products(written) === [PRODUCTS[0], PRODUCTS[3]].sort().join(","));
    check("the login did not log the customer in", (await measure("login", () => shop.login(shopper, customerId))) === customerId);
    check("the logout did not leave a guest", (await measure("logout", () => shop.logout(shopper))) === null);
    const merged = (await sessions.exportSession({ customerId }))?.data.cart as CartLine[] | undefined;
    check("the login did not merge the guest's cart into the customer's", products(merged ?? null) === [PRODUCTS[0], PRODUCTS[1], PRODUCTS[2], PRODUCTS[3]].sort().join(","));
  }

  const mean = (list: RoundTrips[], name: keyof RoundTrips) => Math.round((list.reduce((sum, r) => sum + (r[name] ?? 0), 0) / list.length) * 100) / 100;
  const counts = {} as Record<Operation, RoundTrips>;
  const concurrent: Partial<Record<Operation, RoundTrips>> = {};
  for (const op of OPERATIONS) {
    const list = samples.get(op) ?? [];
    const names = Object.keys(counted.channels) as (keyof RoundTrips)[];
    counts[op] = Object.fromEntries(names.map((name) => [name, mean(list.map((s) => s.sent), name)]));
    const overlaps = Object.fromEntries(names.map((name) => [name, mean(list.map((s) => s.concurrent), name)]).filter(([, n]) => (n as number) > 0));
    if (Object.keys(overlaps).length > 0) concurrent[op] = overlaps;
  }
  return { counts, concurrent };
}

async function sqliteCounted(tmp: string): Promise<Counted> {
  const file = path.join(tmp, "round-trips.db");
  const db = new Database(file);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = NORMAL");
  db.pragma("busy_timeout = 10000");
  const database = new Channel();
  const store = await sqliteStore({ database: countingSqlite(db as unknown as SqliteDatabase, database) });
  return {
    store,
    channels: { database },
    async close() {
      await store.close();
      db.close();
    },
  };
}

async function postgresCounted(withCache: boolean): Promise<Counted> {
  const db = await createTestDatabase("cartsession_round_trips");
  const redis = withCache ? createTestRedis("round-trips") : null;
  const client = redis ? createClient({ url: redis.url }) : null;
  let restore = () => {};
  try {
    setLocalNeonEndpoint(db.neon.address);
    const database = new Channel();
    restore = countNeonRequests(database);
    const sql = await postgresStore({ connectionString: db.url });
    if (!redis || !client) {
      return {
        store: sql,
        channels: { database },
        async close() {
          try {
            await sql.close();
          } finally {
            restore();
            await db.drop();
          }
        },
      };
    }
    await client.connect();
    const channel = new Channel();
    const store = cachedStore(sql, { redis: { client: countingRedis(client, channel) }, keyPrefix: redis.prefix });
    return {
      store,
      channels: { database, redis: channel },
      async close() {
        try {
          await store.close?.();
          client.destroy();
        } finally {
          restore();
          await db.drop();
          await redis.drop();
        }
      },
    };
  } catch (error) {
    restore();
    if (client?.isOpen) client.destroy();
    await db.drop().catch(() => {});
    await redis?.drop().catch(() => {});
    throw error;
  }
}

async function redisCounted(): Promise<Counted> {
  const redis = createTestRedis("round-trips");
  const client = createClient({ url: redis.url });
  await client.connect();
  const channel = new Channel();
  const store = redisStore({ client: countingRedis(client, channel) }, { keyPrefix: redis.prefix });
  return {
    store,
    channels: { redis: channel },
    async close() {
      try {
        await store.close();
        client.destroy();
      } finally {
        await redis.drop();
      }
    },
  };
}

/** Why `store` cannot be measured here (its server does not answer), or null; on CI both servers are mandatory. */
async function unreachable(store: StoreName): Promise<string | null> {
  const postgres = store === "postgres" || store === "postgres+redis" ? await postgresOrSkipReason() : null;
  return postgres ?? (store === "redis" || store === "postgres+redis" ? await redisOrSkipReason() : null);
}

/**
 * The table: every operation on every store (or the ones in `options.stores`), each the
 * mean over `options.visitors` visitors (default 4). A store whose server is unreachable
 * is skipped with the reason.
 */
export async function measureRoundTrips(options: { visitors?: number; stores?: readonly StoreName[] } = {}): Promise<RoundTripTable> {
  const visitors = options.visitors ?? 4;
  const wanted = new Set(options.stores ?? STORES);
  const stores = {} as Record<StoreName, StoreColumn>;
  for (const name of STORES) {
    if (!wanted.has(name)) {
      stores[name] = { skipped: "not requested" };
      continue;
    }
    const reason = await unreachable(name);
    if (reason) {
      stores[name] = { skipped: reason };
      continue;
    }
    const tmp = name === "sqlite" ? mkdtempSync(path.join(os.tmpdir(), "cartsession-round-trips-")) : null;
    try {
      const counted = name === "sqlite" ? await sqliteCounted(tmp as string) : name === "redis" ? await redisCounted() : await postgresCounted(name === "postgres+redis");
      try {
        stores[name] = await measureStore(counted, visitors);
      } finally {
        await counted.close();
      }
    } finally {
      if (tmp) rmSync(tmp, { recursive: true, force: true });
    }
  }
  return { visitors, stores };
}

// ---------------------------------------------------------------------------------------
// The report

/** "2" for a store with one channel; "1 database + 2 Redis" for the database behind the cache. */
export function formatRoundTrips(trips: RoundTrips): string {
  if (trips.database !== undefined && trips.redis !== undefined) return `${trips.database} database + ${trips.redis} Redis`;
  return String(trips.database ?? trips.redis ?? 0);
}

/** The Markdown section for BENCHMARKS.md. */
export function renderRoundTrips(table: RoundTripTable): string {
  const lines: string[] = ["## Store round trips per operation", ""];
  lines.push(`| operation | ${STORES.map((s) => STORE_LABELS[s]).join(" | ")} |`, `|---|${STORES.map(() => "---").join("|")}|`);
  for (const op of OPERATIONS) {
    const cells = STORES.map((s) => {
      const column = table.stores[s];
      return "skipped" in column ? "–" : formatRoundTrips(column.counts[op]);
    });
    lines.push(`| ${OPERATION_LABELS[op]} | ${cells.join(" | ")} |`);
  }
  lines.push("");
  const skipped = STORES.filter((s) => "skipped" in table.stores[s]).map((s) => `${STORE_LABELS[s]}: ${(table.stores[s] as { skipped: string }).skipped}`);
  if (skipped.length > 0) lines.push(`Skipped: ${skipped.join("; ")}.`, "");
  const overlaps = STORES.flatMap((s) => {
    const column = table.stores[s];
    if ("skipped" in column) return [];
    return Object.entries(column.concurrent).map(([op, trips]) => `${OPERATION_LABELS[op as Operation]} on ${STORE_LABELS[s]}: ${formatRoundTrips(trips)} of them sent while another was in flight`);
  });
  if (overlaps.length > 0) lines.push(`Pipelined or concurrent: ${overlaps.join("; ")}.`, "");
  lines.push(
    `Counted at the driver for a returning visitor after a warm-up, each operation once for each of ${table.visitors} visitors per store, through \`proxy\`, \`readSession\`, \`route()\` and \`onLogin\`/\`onLogout\` as the demo calls them (bench/round-trips.ts; test/round-trips.test.ts holds the table as a contract): statements executed on SQLite (a transaction's BEGIN and COMMIT count), HTTP requests of the Neon driver on Postgres (a transaction is one), commands on Redis (an EVALSHA of a Lua script is one).`,
    "A read is one load (an indexed SELECT, a Redis HMGET, or behind the object cache one cache-read script while the copy is warm), and a cart write adds one compare-and-swap save (one conditional UPDATE or one Redis script; behind the cache the database's UPDATE, then a script that updates the copy).",
    "A shared catalog page costs nothing for a visitor without a cart, since the proxy decides from the sealed cookie alone, while a shopper with a cart is rewritten to the page's personal variant, which renders the session.",
    "Login loads the guest session, loads the customer's session by customer id, saves the merge and deletes the guest row (behind the cache the customer's row always comes from the database and is copied, and the delete first marks the guest's copy deleted); logout is a load and a save.",
    "",
  );
  return lines.join("\n");
}
