import path from "node:path";
import type { SessionConfig } from "../lib/session/config";
import type { SessionStore } from "../lib/session/store";
import { openSqlite } from "./sqlite/open";
import { SqliteSessionStore } from "./sqlite/session-store";

/** The SQLite file used when DATABASE_URL is unset (or `file:<path>`). */
export function sqliteFileFor(config: SessionConfig): string {
  if (config.databaseUrl?.startsWith("file:")) return config.databaseUrl.slice("file:".length);
  return path.join(config.dataDir, "sessions.db");
}

/** Opens the store the configuration selects. The database is opened here, never at import. */
export async function createSessionStore(config: SessionConfig): Promise<SessionStore> {
  if (config.databaseUrl && /^postgres(ql)?:\/\//.test(config.databaseUrl)) {
    throw new Error("Postgres support is not built yet: unset DATABASE_URL to use the embedded SQLite store");
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
