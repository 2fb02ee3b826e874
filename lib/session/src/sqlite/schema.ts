/**
 * `cartsession/sqlite/schema`: Drizzle definitions of cartsession's tables, the way Auth.js
 * adapters export theirs. Include them in your own Drizzle schema to query sessions with
 * Drizzle; leave creating them to cartsession's migrations (see the README: tablesFilter).
 * A test holds these definitions to the tables the migrations create.
 */
import { sql } from "drizzle-orm";
import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { tableNames } from "../sql/tables.js";

export function cartsessionSqliteTables(tablePrefix = "") {
  const t = tableNames(tablePrefix);
  const sessions = sqliteTable(
    t.sessions,
    {
      sessionId: integer("session_id").primaryKey({ autoIncrement: true }),
      sessionKey: text("session_key").notNull(),
      customerId: text("customer_id"),
      sessionLogins: text("session_logins").notNull().default("[]"),
      sessionValue: text("session_value").notNull(),
      sessionExpiry: integer("session_expiry").notNull(),
      sessionActiveUntil: integer("session_active_until").notNull(),
      sessionVersion: integer("session_version").notNull().default(1),
      sessionCreated: integer("session_created").notNull(),
      sessionUpdated: integer("session_updated").notNull(),
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
  const sessionCleanupRuns = sqliteTable(
    t.cleanupRuns,
    {
      id: integer("id").primaryKey({ autoIncrement: true }),
      startedAt: integer("started_at").notNull(),
      source: text("source").notNull(),
      kind: text("kind").notNull(),
      deleted: integer("deleted").notNull(),
      batches: integer("batches").notNull(),
      durationMs: integer("duration_ms").notNull(),
      remaining: integer("remaining").notNull(),
    },
    (table) => [index(`${t.cleanupRuns}_started_idx`).on(table.startedAt)],
  );
  const cartsessionHealth = sqliteTable(t.health, {
    id: integer("id").primaryKey(),
    checkedAt: integer("checked_at").notNull(),
  });
  const cartsessionRateLimits = sqliteTable(
    t.rateLimits,
    {
      bucket: text("bucket").primaryKey(),
      windowStart: integer("window_start").notNull(),
      resetAt: integer("reset_at").notNull(),
      hits: integer("hits").notNull(),
    },
    (table) => [index(`${t.rateLimits}_reset_idx`).on(table.resetAt)],
  );
  const cartsessionMigrations = sqliteTable(t.migrations, {
    id: text("id").primaryKey(),
    appliedAt: integer("applied_at").notNull(),
  });
  return { sessions, sessionCleanupRuns, cartsessionHealth, cartsessionRateLimits, cartsessionMigrations };
}

const defaults = cartsessionSqliteTables();
export const sessions = defaults.sessions;
export const sessionCleanupRuns = defaults.sessionCleanupRuns;
export const cartsessionHealth = defaults.cartsessionHealth;
export const cartsessionRateLimits = defaults.cartsessionRateLimits;
export const cartsessionMigrations = defaults.cartsessionMigrations;
