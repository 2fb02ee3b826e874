/**
 * `cartsession/postgres/schema`: Drizzle definitions of cartsession's tables on Postgres.
 * Include them in your own Drizzle schema either to query sessions with Drizzle (the tables
 * engine-managed) or to let your own drizzle-kit create and migrate them (open the store
 * with `migrate: false`). A test holds these definitions to the tables the migrations create.
 */
import { sql } from "drizzle-orm";
import { bigint, index, integer, pgTable, text, uniqueIndex, varchar } from "drizzle-orm/pg-core";
import { tableNames } from "../sql/tables.js";

export function cartsessionPgTables(tablePrefix = "") {
  const t = tableNames(tablePrefix);
  const sessions = pgTable(
    t.sessions,
    {
      // No sequence and no default (migration 0004): the store writes a random id, so a host's drizzle-kit has nothing of ours to change.
      sessionId: bigint("session_id", { mode: "number" }).primaryKey(),
      sessionKey: varchar("session_key", { length: 32 }).notNull(),
      customerId: varchar("customer_id", { length: 255 }),
      sessionLogins: text("session_logins").notNull().default("[]"),
      sessionValue: text("session_value").notNull(),
      sessionExpiry: bigint("session_expiry", { mode: "number" }).notNull(),
      sessionActiveUntil: bigint("session_active_until", { mode: "number" }).notNull(),
      sessionVersion: integer("session_version").notNull().default(1),
      sessionCreated: bigint("session_created", { mode: "number" }).notNull(),
      sessionUpdated: bigint("session_updated", { mode: "number" }).notNull(),
      sessionItems: integer("session_items").notNull().default(0),
      sessionBytes: integer("session_bytes").notNull().default(0),
    },
    (table) => [
      uniqueIndex(`${t.sessions}_key_idx`).on(table.sessionKey),
      uniqueIndex(`${t.sessions}_customer_idx`).on(table.customerId),
      index(`${t.sessions}_expiry_idx`).on(table.sessionExpiry),
      index(`${t.sessions}_updated_idx`).on(table.sessionUpdated, table.sessionId),
      index(`${t.sessions}_active_idx`).on(table.sessionActiveUntil),
      index(`${t.sessions}_bytes_idx`).on(table.sessionBytes, table.sessionId),
      index(`${t.sessions}_created_idx`).on(table.sessionCreated),
      index(`${t.sessions}_open_carts_idx`).on(table.sessionUpdated, table.sessionId, table.sessionActiveUntil, table.sessionItems).where(sql`session_items > 0`),
    ],
  );
  const sessionCleanupRuns = pgTable(
    t.cleanupRuns,
    {
      id: bigint("id", { mode: "number" }).primaryKey(),
      startedAt: bigint("started_at", { mode: "number" }).notNull(),
      source: text("source").notNull(),
      kind: text("kind").notNull(),
      deleted: integer("deleted").notNull(),
      batches: integer("batches").notNull(),
      durationMs: integer("duration_ms").notNull(),
      remaining: integer("remaining").notNull(),
    },
    (table) => [index(`${t.cleanupRuns}_started_idx`).on(table.startedAt)],
  );
  const cartsessionHealth = pgTable(t.health, {
    id: integer("id").primaryKey(),
    checkedAt: bigint("checked_at", { mode: "number" }).notNull(),
  });
  const cartsessionRateLimits = pgTable(
    t.rateLimits,
    {
      bucket: varchar("bucket", { length: 64 }).primaryKey(),
      windowStart: bigint("window_start", { mode: "number" }).notNull(),
      resetAt: bigint("reset_at", { mode: "number" }).notNull(),
      hits: integer("hits").notNull(),
    },
    (table) => [index(`${t.rateLimits}_reset_idx`).on(table.resetAt)],
  );
  const cartsessionMigrations = pgTable(t.migrations, {
    id: text("id").primaryKey(),
    appliedAt: bigint("applied_at", { mode: "number" }).notNull(),
    appliedTx: bigint("applied_tx", { mode: "number" }),
  });
  return { sessions, sessionCleanupRuns, cartsessionHealth, cartsessionRateLimits, cartsessionMigrations };
}

const defaults = cartsessionPgTables();
export const sessions = defaults.sessions;
export const sessionCleanupRuns = defaults.sessionCleanupRuns;
export const cartsessionHealth = defaults.cartsessionHealth;
export const cartsessionRateLimits = defaults.cartsessionRateLimits;
export const cartsessionMigrations = defaults.cartsessionMigrations;
