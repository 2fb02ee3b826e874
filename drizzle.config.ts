import { defineConfig } from "drizzle-kit";

/**
 * One config per dialect, chosen by DATABASE_URL like the app does:
 *   npm run db:generate             SQLite migrations (db/migrations/sqlite)
 *   DATABASE_URL=postgres://… npm run db:migrate   applies the Postgres ones
 */
const url = process.env.DATABASE_URL ?? "";
const postgres = /^postgres(ql)?:\/\//.test(url) || process.env.DRIZZLE_DIALECT === "postgresql";

export default postgres
  ? defineConfig({
      dialect: "postgresql",
      schema: "./db/schema/pg.ts",
      out: "./db/migrations/pg",
      dbCredentials: { url },
    })
  : defineConfig({
      dialect: "sqlite",
      schema: "./db/schema/sqlite.ts",
      out: "./db/migrations/sqlite",
      dbCredentials: { url: url.replace(/^file:/, "") || ".data/sessions.db" },
    });
