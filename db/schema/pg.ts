import { sql } from "drizzle-orm";
import { bigint, index, integer, pgTable, serial, text, uniqueIndex } from "drizzle-orm/pg-core";

/** The demo store's own tables on Postgres; equal in meaning to schema/sqlite.ts. */
export const products = pgTable("products", {
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  description: text("description").notNull(),
  priceCents: integer("price_cents").notNull(),
  currency: text("currency").notNull().default("USD"),
  swatch: text("swatch").notNull(),
  position: integer("position").notNull(),
});

export const users = pgTable("users", {
  id: serial("id").primaryKey(),
  email: text("email").notNull().unique(),
  name: text("name").notNull(),
  role: text("role").notNull().default("customer"),
  passwordHash: text("password_hash").notNull(),
  createdAt: bigint("created_at", { mode: "number" }).notNull(),
});

/** Cart restore links: see schema/sqlite.ts. */
export const cartRestoreTokens = pgTable(
  "cart_restore_tokens",
  {
    tokenHash: text("token_hash").primaryKey(),
    cartRef: text("cart_ref").notNull(),
    customerRef: text("customer_ref"),
    payload: text("payload").notNull(),
    createdAt: bigint("created_at", { mode: "number" }).notNull(),
    expiresAt: bigint("expires_at", { mode: "number" }).notNull(),
    usedAt: bigint("used_at", { mode: "number" }),
    usedBy: text("used_by"),
  },
  (t) => [
    uniqueIndex("cart_restore_tokens_live_cart").on(t.cartRef).where(sql`used_at IS NULL`),
    index("cart_restore_tokens_customer").on(t.customerRef),
    index("cart_restore_tokens_expires").on(t.expiresAt),
    index("cart_restore_tokens_used").on(t.usedAt),
  ],
);
