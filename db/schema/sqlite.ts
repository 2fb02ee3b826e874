import { integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

/**
 * The demo store's own tables (SQLite). cartsession's tables are the engine's business:
 * its migrations create them under their own journal (see README, "Add cartsession to
 * your Next.js app").
 */

/** The demo catalog. Prices are integer cents; `id` is a URL slug. */
export const products = sqliteTable("products", {
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  description: text("description").notNull(),
  priceCents: integer("price_cents").notNull(),
  currency: text("currency").notNull().default("USD"),
  swatch: text("swatch").notNull(),
  position: integer("position").notNull(),
});

/** Demo accounts. The id (as a string) is the customer id handed to the engine at login. */
export const users = sqliteTable("users", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  email: text("email").notNull().unique(),
  name: text("name").notNull(),
  role: text("role", { enum: ["customer", "admin"] }).notNull().default("customer"),
  passwordHash: text("password_hash").notNull(),
  createdAt: integer("created_at").notNull(),
});

/** Links that put an abandoned cart into any browser (only the token's hash is kept). */
export const cartRestoreTokens = sqliteTable("cart_restore_tokens", {
  tokenHash: text("token_hash").primaryKey(),
  sessionKey: text("session_key").notNull(),
  cart: text("cart").notNull(),
  createdAt: integer("created_at").notNull(),
  expiresAt: integer("expires_at").notNull(),
  usedAt: integer("used_at"),
});
