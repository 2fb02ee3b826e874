import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { demoDatabase, setDemoDatabaseForTesting, type DemoDatabase } from "../../db";
import { setShopConfigForTesting } from "../../lib/shop-config";

/**
 * Points the demo at a database of its own (a SQLite file in a temporary folder), as a
 * fresh start would: migrations and seeds run on first use. `dispose()` removes it.
 */
export async function tempDemoDatabase(env: Record<string, string> = {}): Promise<{ dir: string; db: DemoDatabase; dispose(): Promise<void> }> {
  const dir = mkdtempSync(path.join(tmpdir(), "cartsession-demo-"));
  Object.assign(process.env, { CARTSESSION_DATA_DIR: dir, ...env });
  delete process.env.DATABASE_URL;
  setShopConfigForTesting(undefined);
  setDemoDatabaseForTesting(undefined);
  try {
    const db = await demoDatabase();
    return {
      dir,
      db,
      async dispose() {
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
