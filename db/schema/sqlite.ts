import { sql } from "drizzle-orm";
import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

/**
 * The demo store's own tables (SQLite). cartsession's tables are the engine's business:
 * its migrations create them under their own journal (see lib/session/README.md, "Add
 * cartsession to your Next.js app", and docs/drizzle.md).
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

/**
 * Cart restore links (lib/restore-links). Only the token's SHA-256 is stored; the token itself
 * is derived again from `payload` and SESSION_SECRET when the same link is handed out again.
 * `payload` (the cart's lines, session key, customer id and the token's seed) goes through
 * the engine's codec: AES-256-GCM when SESSION_ENC_KEY is set. `cart_ref` (SHA-256 of the
 * session key) finds a cart's one live link, `customer_ref` (an HMAC of the customer id)
 * finds a customer's links for GDPR erasure, `used_by` (SHA-256 of the session key that
 * restored it) recognises a repeated submit from the same browser.
 */
export const cartRestoreTokens = sqliteTable(
  "cart_restore_tokens",
  {
    tokenHash: text("token_hash").primaryKey(),
    cartRef: text("cart_ref").notNull(),
    customerRef: text("customer_ref"),
    payload: text("payload").notNull(),
    createdAt: integer("created_at").notNull(),
    expiresAt: integer("expires_at").notNull(),
    usedAt: integer("used_at"),
    usedBy: text("used_by"),
  },
  (t) => [
    // One live (unused) link per cart; a used one no longer counts.
    uniqueIndex("cart_restore_tokens_live_cart").on(t.cartRef).where(sql`used_at IS NULL`),
    index("cart_restore_tokens_customer").on(t.customerRef),
    index("cart_restore_tokens_expires").on(t.expiresAt),
    index("cart_restore_tokens_used").on(t.usedAt),
  ],
);
