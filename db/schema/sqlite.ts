import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

/** DESIGN.md section 4, plus created/updated times for listings and abandoned-cart views. */
export const sessions = sqliteTable(
  "sessions",
  {
    sessionId: integer("session_id").primaryKey({ autoIncrement: true }),
    sessionKey: text("session_key", { length: 32 }).notNull().unique(),
    sessionValue: text("session_value").notNull(),
    sessionExpiry: integer("session_expiry").notNull(),
    sessionVersion: integer("session_version").notNull().default(1),
    sessionCreated: integer("session_created").notNull(),
    sessionUpdated: integer("session_updated").notNull(),
    /** Units in the session's cart, kept on every save so admin figures need no decoding. */
    sessionItems: integer("session_items").notNull().default(0),
  },
  (table) => [index("sessions_expiry_idx").on(table.sessionExpiry), index("sessions_updated_idx").on(table.sessionUpdated)],
);

/** The demo catalog (lib/cart/catalog.ts). Prices are integer cents; `id` is a URL slug. */
export const products = sqliteTable("products", {
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  description: text("description").notNull(),
  priceCents: integer("price_cents").notNull(),
  currency: text("currency").notNull().default("USD"),
  swatch: text("swatch").notNull(),
  position: integer("position").notNull(),
});

/** One row per cleanup or purge run (cron route or CLI), newest shown on the admin page. */
export const sessionCleanupRuns = sqliteTable(
  "session_cleanup_runs",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    startedAt: integer("started_at").notNull(),
    source: text("source", { enum: ["cron", "cli", "admin"] }).notNull(),
    kind: text("kind", { enum: ["expired", "purge"] }).notNull(),
    deleted: integer("deleted").notNull(),
    batches: integer("batches").notNull(),
    durationMs: integer("duration_ms").notNull(),
    remaining: integer("remaining").notNull(),
  },
  (table) => [index("session_cleanup_runs_started_idx").on(table.startedAt)],
);

/** Demo accounts (lib/auth). The id becomes the customer's session key. */
export const users = sqliteTable("users", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  email: text("email").notNull().unique(),
  name: text("name").notNull(),
  role: text("role", { enum: ["customer", "admin"] }).notNull().default("customer"),
  passwordHash: text("password_hash").notNull(),
  createdAt: integer("created_at").notNull(),
});

/** Single-use links that put an abandoned cart into any browser (only the token's hash is kept). */
export const cartRestoreTokens = sqliteTable("cart_restore_tokens", {
  tokenHash: text("token_hash").primaryKey(),
  sessionKey: text("session_key", { length: 32 }).notNull(),
  cart: text("cart").notNull(),
  createdAt: integer("created_at").notNull(),
  expiresAt: integer("expires_at").notNull(),
  usedAt: integer("used_at"),
});
