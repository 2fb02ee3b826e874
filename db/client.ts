import path from "node:path";
import type { SessionConfig } from "../lib/session/config";
import type { SessionStore } from "../lib/session/store";
import type { UserStore } from "../lib/auth/users";
import type { Catalog } from "../lib/cart/catalog";
import { SqliteCatalog } from "./sqlite/catalog";
import { openSqlite, type SqliteDatabase } from "./sqlite/open";
import { SqliteSessionStore } from "./sqlite/session-store";
import type { PostgresSessionStore } from "./pg/session-store";

/** The SQLite file used when DATABASE_URL is unset (or `file:<path>`). */
export function sqliteFileFor(config: SessionConfig): string {
  if (config.databaseUrl?.startsWith("file:")) return config.databaseUrl.slice("file:".length);
  return path.join(config.dataDir, "sessions.db");
}

/** Opens the store the configuration selects. The database is opened here, never at import. */
export async function createSessionStore(config: SessionConfig): Promise<SessionStore> {
  if (config.databaseUrl && /^postgres(ql)?:\/\//.test(config.databaseUrl)) {
    // Loaded only when selected, so SQLite users never load the Postgres driver.
    const { openPostgresStore } = await import("./pg/open");
    return openPostgresStore(config.databaseUrl);
  }
  return new SqliteSessionStore(openSqlite(sqliteFileFor(config)));
}

// One store per process, kept on globalThis so `next dev` reloads do not leak connections.
const globalStore = globalThis as unknown as { __cartsessionStore?: Promise<SessionStore> };

export function getSessionStore(config: SessionConfig): Promise<SessionStore> {
  globalStore.__cartsessionStore ??= createSessionStore(config).catch((error: unknown) => {
    // A failed open is retried on the next request, so the app recovers by itself.
    globalStore.__cartsessionStore = undefined;
    throw error;
  });
  return globalStore.__cartsessionStore;
}

/** Tests hand route handlers a store of their own (a temporary SQLite file); undefined resets. */
export function setSessionStoreForTesting(store: SessionStore | undefined): void {
  globalStore.__cartsessionStore = store ? Promise.resolve(store) : undefined;
}

// One catalog per connection, so its statements are prepared once.
const catalogs = new WeakMap<SqliteDatabase, Catalog>();

/** The demo catalog, on the same lazily opened database as the session store. */
export async function getCatalog(config: SessionConfig): Promise<Catalog> {
  const store = await getSessionStore(config);
  // Not `instanceof`: each server bundle may hold its own copy of the class, while the
  // store itself is shared through globalThis.
  if (store.kind === "postgres" && "connection" in store) {
    const { PgCatalog } = await import("./pg/catalog");
    return new PgCatalog((store as PostgresSessionStore).connection);
  }
  if (store.kind !== "sqlite" || !("db" in store)) throw new Error(`No catalog for the ${store.kind} store`);
  const db = (store as SqliteSessionStore).db;
  let catalog = catalogs.get(db);
  if (!catalog) {
    catalog = new SqliteCatalog(db);
    catalogs.set(db, catalog);
  }
  return catalog;
}

/** Demo accounts, in the same database as the sessions. */
export async function getUserStore(config: SessionConfig): Promise<UserStore> {
  return userStoreFor(await getSessionStore(config));
}

/** The accounts table that lives beside `store`'s sessions. */
export async function userStoreFor(store: SessionStore): Promise<UserStore> {
  // Not `instanceof`: server bundles may each hold their own copy of the class.
  if (store.kind === "sqlite" && "db" in store) {
    const { SqliteUserStore } = await import("./sqlite/user-store");
    return new SqliteUserStore((store as SqliteSessionStore).db);
  }
  if (store.kind === "postgres" && "connection" in store) {
    const { PgUserStore } = await import("./pg/user-store");
    return new PgUserStore((store as PostgresSessionStore).connection);
  }
  throw new Error(`accounts are not available on the ${store.kind} store`);
}
