import path from "node:path";
import type { SessionStore } from "cartsession/store";
import { shopConfig, type ShopConfig } from "../lib/shop-config";
import { migrateDemoPostgres, migrateDemoSqlite } from "./migrate";
import { databaseUnavailable, guardOutages } from "./outage";
import { seedDemo, shouldSeed, unseedDemo } from "./seed";
import type { DemoTables } from "./types";

export type { DemoTables, RestoreTokenRow, RestoreTokenStore } from "./types";

/**
 * The demo's database: one SQLite file (the embedded default) or one Postgres (DATABASE_URL)
 * holding both the demo's tables (Drizzle, with the demo's own client: better-sqlite3 or
 * Neon's `neon()`) and cartsession's, whose store is handed the same client. Opened on
 * first use, never at import (`next build` imports route modules), and shared through
 * globalThis so `next dev` reloads and separate server bundles reuse one connection.
 *
 * The app reaches it only through lib/shop (the facade); scripts and tests use it directly.
 */
export interface DemoDatabase extends DemoTables {
  dialect: "sqlite" | "postgres";
  /**
   * cartsession's store: on the same connection (the default), in Redis
   * (SESSION_STORE=redis), or on the same connection behind a Redis object cache
   * (SESSION_CACHE=redis).
   */
  sessions: SessionStore;
  close(): Promise<void>;
}

export function sqliteFile(config = shopConfig()): string {
  if (config.databaseUrl?.startsWith("file:")) return config.databaseUrl.slice("file:".length);
  return path.join(config.dataDir, "sessions.db");
}

/**
 * Where the sessions go (SESSION_STORE, SESSION_CACHE): the database's own store, Redis, or
 * the database's store behind a Redis object cache. Redis connects on first use, so the
 * catalog keeps working while Redis is down (session requests answer 503 meanwhile).
 */
async function sessionStore(config: ShopConfig, databaseStore: () => Promise<SessionStore>): Promise<SessionStore> {
  if (config.sessionStore === "redis") {
    const { redisStore } = await import("cartsession/redis");
    return redisStore({ url: config.redisUrl }, { keyPrefix: config.redisKeyPrefix });
  }
  const store = await databaseStore();
  if (config.sessionCache !== "redis") return store;
  const { cachedStore } = await import("cartsession/redis");
  return cachedStore(store, { redis: { url: config.redisUrl }, keyPrefix: `${config.redisKeyPrefix}cache:` });
}

/** Every query of the demo's tables reports an outage as `store_unavailable` (db/outage.ts). */
function guardedTables(tables: DemoTables): DemoTables {
  return {
    catalog: guardOutages(tables.catalog),
    users: guardOutages(tables.users),
    restoreTokens: guardOutages(tables.restoreTokens),
    seed: (products, users) => guardOutages(tables).seed(products, users),
    unseed: (emails, ids) => guardOutages(tables).unseed(emails, ids),
  };
}

async function openDemoDatabase(): Promise<DemoDatabase> {
  const config = shopConfig();
  const now = Math.floor(Date.now() / 1000);
  if (config.databaseUrl && /^postgres(ql)?:\/\//.test(config.databaseUrl)) {
    // Loaded only when selected: a SQLite deployment never loads the Neon driver, and this one never loads better-sqlite3.
    const [{ neon }, { pgTables, routeNeonToLocalBridge, withDeadline }, { postgresStore }] = await Promise.all([
      import("@neondatabase/serverless"),
      import("./pg"),
      import("cartsession/postgres"),
    ]);
    if (config.neonLocalProxy) routeNeonToLocalBridge(config.neonLocalProxy);
    const sql = neon(config.databaseUrl);
    const sessions = await sessionStore(config, () => postgresStore({ sql }));
    const tables = guardedTables(pgTables(withDeadline(sql)));
    await migrateDemoPostgres(withDeadline(sql));
    if (shouldSeed()) await seedDemo(tables, now);
    return { dialect: "postgres", ...tables, sessions, close: async () => void (await sessions.close?.()) };
  }
  const [{ openSqliteFile, sqliteTables }, { sqliteStore }] = await Promise.all([import("./sqlite"), import("cartsession/sqlite")]);
  const db = await openSqliteFile(sqliteFile(config));
  try {
    migrateDemoSqlite(db);
    const tables = guardedTables(sqliteTables(db));
    if (shouldSeed()) await seedDemo(tables, now);
    const sessions = await sessionStore(config, () => sqliteStore({ database: db }));
    return {
      dialect: "sqlite",
      ...tables,
      sessions,
      close: async () => {
        try {
          await sessions.close?.();
        } finally {
          db.close();
        }
      },
    };
  } catch (error) {
    db.close();
    throw error;
  }
}

const shared = globalThis as unknown as { __cartsessionDemoDb?: Promise<DemoDatabase> };

/**
 * The demo database, opened once; a failed open is retried on the next call and reported
 * like any outage (`store_unavailable`: 503 with Retry-After), never as a 500.
 */
export function demoDatabase(): Promise<DemoDatabase> {
  shared.__cartsessionDemoDb ??= openDemoDatabase().catch((error: unknown) => {
    shared.__cartsessionDemoDb = undefined;
    throw databaseUnavailable(error);
  });
  return shared.__cartsessionDemoDb;
}

/** Removes the demo accounts and products from the database the app uses (`npm run demo:unseed`). */
export async function unseedDemoDatabase(): Promise<{ users: number; products: number }> {
  return unseedDemo(await demoDatabase());
}

/** Tests point the demo at a database of their own (undefined resets). */
export function setDemoDatabaseForTesting(database: DemoDatabase | undefined): void {
  shared.__cartsessionDemoDb = database ? Promise.resolve(database) : undefined;
}
