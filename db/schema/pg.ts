import { bigint, integer, pgTable, serial, text, varchar } from "drizzle-orm/pg-core";

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

export const cartRestoreTokens = pgTable("cart_restore_tokens", {
  tokenHash: text("token_hash").primaryKey(),
  sessionKey: varchar("session_key", { length: 32 }).notNull(),
  cart: text("cart").notNull(),
  createdAt: bigint("created_at", { mode: "number" }).notNull(),
  expiresAt: bigint("expires_at", { mode: "number" }).notNull(),
  usedAt: bigint("used_at", { mode: "number" }),
});
