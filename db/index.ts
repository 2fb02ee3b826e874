import path from "node:path";
import { guardedSqlClient, SessionError, type SessionStore, type SqlClient } from "cartsession";
import { shopConfig, type ShopConfig } from "../lib/shop-config";
import { migrateDemoPostgres, migrateDemoSqlite } from "./migrate";
import { seedDemo, shouldSeed } from "./seed";
import { SqlCatalog } from "./stores/catalog";
import { SqlRestoreTokens } from "./stores/restore-tokens";
import { SqlUserStore } from "./stores/users";

/**
 * The demo's database: one SQLite file (the embedded default) or one Postgres (DATABASE_URL)
 * holding both the demo's tables and cartsession's. Opened on first use, never at import
 * (`next build` imports route modules), and shared through globalThis so `next dev`
 * reloads and separate server bundles reuse one connection.
 */
export interface DemoDatabase {
  client: SqlClient;
  /**
   * cartsession's store: on the same connection (the default), in Redis
   * (SESSION_STORE=redis), or on the same connection behind a Redis object cache
   * (SESSION_CACHE=redis).
   */
  sessions: SessionStore;
  catalog: SqlCatalog;
  users: SqlUserStore;
  restoreTokens: SqlRestoreTokens;
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

async function openDemoDatabase(): Promise<DemoDatabase> {
  const config = shopConfig();
  const now = Math.floor(Date.now() / 1000);
  if (config.databaseUrl && /^postgres(ql)?:\/\//.test(config.databaseUrl)) {
    // Loaded only when selected: a SQLite deployment never loads the Neon driver, and this one never loads better-sqlite3.
    const { neon } = await import("@neondatabase/serverless");
    const { neonClient, postgresStore, setLocalNeonEndpoint } = await import("cartsession/postgres");
    if (config.neonLocalProxy) setLocalNeonEndpoint(config.neonLocalProxy);
    const sql = neon(config.databaseUrl);
    const client = guardedSqlClient(neonClient(sql));
    const sessions = await sessionStore(config, () => postgresStore({ sql }));
    await migrateDemoPostgres(client);
    if (shouldSeed()) await seedDemo(client, now);
    return {
      client,
      sessions,
      catalog: new SqlCatalog(client),
      users: new SqlUserStore(client),
      restoreTokens: new SqlRestoreTokens(client),
      close: async () => void (await sessions.close?.()),
    };
  }
  const { openSqliteDatabase, sqliteClient, sqliteStore } = await import("cartsession/sqlite");
  const db = openSqliteDatabase(sqliteFile(config));
  try {
    migrateDemoSqlite(db);
    const client = guardedSqlClient(sqliteClient(db));
    if (shouldSeed()) await seedDemo(client, now);
    const sessions = await sessionStore(config, () => sqliteStore({ database: db }));
    return {
      client,
      sessions,
      catalog: new SqlCatalog(client),
      users: new SqlUserStore(client),
      restoreTokens: new SqlRestoreTokens(client),
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
    if (error instanceof SessionError) throw error;
    throw new SessionError("store_unavailable", "The database is unavailable; please retry shortly.", { cause: error });
  });
  return shared.__cartsessionDemoDb;
}

/** Tests point the demo at a database of their own (undefined resets). */
export function setDemoDatabaseForTesting(database: DemoDatabase | undefined): void {
  shared.__cartsessionDemoDb = database ? Promise.resolve(database) : undefined;
}
