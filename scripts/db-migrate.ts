/**
 * `npm run db:migrate`: creates or updates every table the demo uses, in the database the
 * app would use (DATABASE_URL, else the SQLite file in CARTSESSION_DATA_DIR): cartsession's
 * tables (its own migrations and journal) and the demo's (drizzle-kit's, Drizzle's journal),
 * plus the demo data where seeding is allowed (development, or DEMO_STORE=1).
 */
import { demoDatabase, sqliteFile } from "../db";
import { shouldSeed } from "../db/seed";
import { shopConfig } from "../lib/shop-config";

const config = shopConfig();
const target = config.databaseUrl && /^postgres/.test(config.databaseUrl) ? "the PostgreSQL in DATABASE_URL" : sqliteFile(config);
try {
  const db = await demoDatabase();
  await db.close();
  console.log(`Migrated ${target}${shouldSeed() ? " and seeded the demo data" : " (no demo data: production without DEMO_STORE=1)"}.`);
} catch (error) {
  console.error(`db:migrate: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
