import { bigint, bigserial, index, integer, pgTable, serial, text, varchar } from "drizzle-orm/pg-core";

/** DESIGN.md section 4 on Postgres; equal in meaning to db/schema/sqlite.ts. */
export const sessions = pgTable(
  "sessions",
  {
    sessionId: bigserial("session_id", { mode: "number" }).primaryKey(),
    sessionKey: varchar("session_key", { length: 32 }).notNull().unique(),
    sessionValue: text("session_value").notNull(),
    sessionExpiry: bigint("session_expiry", { mode: "number" }).notNull(),
    sessionVersion: integer("session_version").notNull().default(1),
    sessionCreated: bigint("session_created", { mode: "number" }).notNull(),
    sessionUpdated: bigint("session_updated", { mode: "number" }).notNull(),
    sessionItems: integer("session_items").notNull().default(0),
  },
  (table) => [index("sessions_expiry_idx").on(table.sessionExpiry), index("sessions_updated_idx").on(table.sessionUpdated)],
);

export const products = pgTable("products", {
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  description: text("description").notNull(),
  priceCents: integer("price_cents").notNull(),
  currency: text("currency").notNull().default("USD"),
  swatch: text("swatch").notNull(),
  position: integer("position").notNull(),
});

export const sessionCleanupRuns = pgTable(
  "session_cleanup_runs",
  {
    id: serial("id").primaryKey(),
    startedAt: bigint("started_at", { mode: "number" }).notNull(),
    source: text("source").notNull(),
    kind: text("kind").notNull(),
    deleted: integer("deleted").notNull(),
    batches: integer("batches").notNull(),
    durationMs: integer("duration_ms").notNull(),
    remaining: integer("remaining").notNull(),
  },
  (table) => [index("session_cleanup_runs_started_idx").on(table.startedAt)],
);

export const users = pgTable("users", {
  id: serial("id").primaryKey(),
  email: text("email").notNull().unique(),
  name: text("name").notNull(),
  role: text("role").notNull().default("customer"),
  passwordHash: text("password_hash").notNull(),
  createdAt: bigint("created_at", { mode: "number" }).notNull(),
});

export const cartRestoreTokens = pgTable("cart_restore_tokens", {
  tokenHash: text("token_hash").primaryKey(),
  sessionKey: varchar("session_key", { length: 32 }).notNull(),
  cart: text("cart").notNull(),
  createdAt: bigint("created_at", { mode: "number" }).notNull(),
  expiresAt: bigint("expires_at", { mode: "number" }).notNull(),
  usedAt: bigint("used_at", { mode: "number" }),
});
