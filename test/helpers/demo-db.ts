import Database from "better-sqlite3";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { demoDatabase, setDemoDatabaseForTesting, type DemoDatabase } from "../../db";
import { setShopConfigForTesting } from "../../lib/shop-config";

/**
 * Points the demo at a database of its own (a SQLite file in a temporary folder), as a
 * fresh start would: migrations and seeds run on first use. `dispose()` removes it.
 */
export async function tempDemoDatabase(env: Record<string, string> = {}): Promise<{
  dir: string;
  db: DemoDatabase;
  /** Rows of a query on the same SQLite file, on a connection of the test's own. */
  rows(sql: string, params?: unknown[]): Promise<Record<string, unknown>[]>;
  dispose(): Promise<void>;
}> {
  const dir = mkdtempSync(path.join(tmpdir(), "cartsession-demo-"));
  Object.assign(process.env, { CARTSESSION_DATA_DIR: dir, ...env });
  delete process.env.DATABASE_URL;
  setShopConfigForTesting(undefined);
  setDemoDatabaseForTesting(undefined);
  try {
    const db = await demoDatabase();
    const file = new Database(path.join(dir, "sessions.db"));
    file.pragma("busy_timeout = 10000");
    return {
      dir,
      db,
      rows: async (sql, params = []) => file.prepare(sql).all(...params) as Record<string, unknown>[],
      async dispose() {
        file.close();
        await db.close();
        setDemoDatabaseForTesting(undefined);
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}
