import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { openSqlite } from "../../db/sqlite/open";
import { SqliteSessionStore } from "../../db/sqlite/session-store";

/** A real SQLite file in a temporary folder, removed by `dispose()`. */
export function tempSqliteStore(): { store: SqliteSessionStore; file: string; dispose(): Promise<void> } {
  const dir = mkdtempSync(path.join(tmpdir(), "cartsession-"));
  const file = path.join(dir, "sessions.db");
  let store: SqliteSessionStore;
  try {
    store = new SqliteSessionStore(openSqlite(file));
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    store,
    file,
    async dispose() {
      try {
        await store.close();
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
