import { defineConfig } from "drizzle-kit";

/**
 * drizzle-kit for the demo store's own tables (products, users, restore tokens), one config
 * per dialect, chosen by DATABASE_URL like the app:
 *   npm run db:generate                               SQLite migrations (db/migrations/sqlite)
 *   DRIZZLE_DIALECT=postgresql npm run db:generate    Postgres migrations (db/migrations/pg)
 * cartsession's tables are created by the engine's own migrations (`npm run db:migrate`
 * runs both); `tablesFilter` keeps drizzle-kit away from them.
 */
const url = process.env.DATABASE_URL ?? "";
const postgres = /^postgres(ql)?:\/\//.test(url) || process.env.DRIZZLE_DIALECT === "postgresql";
const tablesFilter = ["products", "users", "cart_restore_tokens"];

export default postgres
  ? defineConfig({ dialect: "postgresql", schema: "./db/schema/pg.ts", out: "./db/migrations/pg", dbCredentials: { url }, tablesFilter })
  : defineConfig({
      dialect: "sqlite",
      schema: "./db/schema/sqlite.ts",
      out: "./db/migrations/sqlite",
      dbCredentials: { url: url.replace(/^file:/, "") || ".data/sessions.db" },
      tablesFilter,
    });
