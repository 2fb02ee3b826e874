import type { TableNames } from "./tables.js";

/**
 * The engine's schema, shipped inside the package (no files to resolve from the working
 * directory). Each migration has a stable id recorded in the engine's own journal table,
 * `<prefix>cartsession_migrations`, so an app's Drizzle migrations (and its journal) never
 * interfere. Identifiers come only from `tableNames`, which validates the prefix.
 */
export interface Migration {
  id: string;
  sqlite(t: TableNames): string[];
  postgres(t: TableNames): string[];
}

export const MIGRATIONS: readonly Migration[] = [
  {
    id: "0001_sessions",
    sqlite: (t) => [
      `CREATE TABLE "${t.sessions}" (
        session_id INTEGER PRIMARY KEY AUTOINCREMENT,
        session_key TEXT NOT NULL,
        customer_id TEXT,
        session_logins TEXT NOT NULL DEFAULT '[]',
        session_value TEXT NOT NULL,
        session_expiry INTEGER NOT NULL,
        session_active_until INTEGER NOT NULL,
        session_version INTEGER NOT NULL DEFAULT 1,
        session_created INTEGER NOT NULL,
        session_updated INTEGER NOT NULL,
        session_items INTEGER NOT NULL DEFAULT 0,
        session_bytes INTEGER NOT NULL DEFAULT 0
      )`,
      `CREATE UNIQUE INDEX "${t.sessions}_key_idx" ON "${t.sessions}" (session_key)`,
      `CREATE UNIQUE INDEX "${t.sessions}_customer_idx" ON "${t.sessions}" (customer_id)`,
      `CREATE INDEX "${t.sessions}_expiry_idx" ON "${t.sessions}" (session_expiry)`,
      `CREATE INDEX "${t.sessions}_updated_idx" ON "${t.sessions}" (session_updated, session_id)`,
      `CREATE INDEX "${t.sessions}_active_idx" ON "${t.sessions}" (session_active_until)`,
      // Admin figures count index ranges instead of scanning rows (docs/ARCHITECTURE.md, "Admin at scale").
      `CREATE INDEX "${t.sessions}_cart_idx" ON "${t.sessions}" (session_items, session_active_until)`,
      `CREATE INDEX "${t.sessions}_bytes_idx" ON "${t.sessions}" (session_bytes, session_id)`,
      `CREATE INDEX "${t.sessions}_created_idx" ON "${t.sessions}" (session_created)`,
      `CREATE INDEX "${t.sessions}_open_cart_idx" ON "${t.sessions}" (session_updated, session_id, session_active_until) WHERE session_items > 0`,
      `CREATE TABLE "${t.cleanupRuns}" (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        started_at INTEGER NOT NULL,
        source TEXT NOT NULL,
        kind TEXT NOT NULL,
        deleted INTEGER NOT NULL,
        batches INTEGER NOT NULL,
        duration_ms INTEGER NOT NULL,
        remaining INTEGER NOT NULL
      )`,
      `CREATE INDEX "${t.cleanupRuns}_started_idx" ON "${t.cleanupRuns}" (started_at)`,
      `CREATE TABLE "${t.health}" (id INTEGER PRIMARY KEY, checked_at INTEGER NOT NULL)`,
      `INSERT INTO "${t.health}" (id, checked_at) VALUES (1, 0)`,
    ],
    postgres: (t) => [
      `CREATE TABLE "${t.sessions}" (
        session_id BIGSERIAL PRIMARY KEY,
        session_key VARCHAR(32) NOT NULL,
        customer_id VARCHAR(255),
        session_logins TEXT NOT NULL DEFAULT '[]',
        session_value TEXT NOT NULL,
        session_expiry BIGINT NOT NULL,
        session_active_until BIGINT NOT NULL,
        session_version INTEGER NOT NULL DEFAULT 1,
        session_created BIGINT NOT NULL,
        session_updated BIGINT NOT NULL,
        session_items INTEGER NOT NULL DEFAULT 0,
        session_bytes INTEGER NOT NULL DEFAULT 0
      )`,
      `CREATE UNIQUE INDEX "${t.sessions}_key_idx" ON "${t.sessions}" (session_key)`,
      `CREATE UNIQUE INDEX "${t.sessions}_customer_idx" ON "${t.sessions}" (customer_id)`,
      `CREATE INDEX "${t.sessions}_expiry_idx" ON "${t.sessions}" (session_expiry)`,
      `CREATE INDEX "${t.sessions}_updated_idx" ON "${t.sessions}" (session_updated, session_id)`,
      `CREATE INDEX "${t.sessions}_active_idx" ON "${t.sessions}" (session_active_until)`,
      // Admin figures count index ranges instead of scanning rows (docs/ARCHITECTURE.md, "Admin at scale").
      `CREATE INDEX "${t.sessions}_cart_idx" ON "${t.sessions}" (session_items, session_active_until)`,
      `CREATE INDEX "${t.sessions}_bytes_idx" ON "${t.sessions}" (session_bytes, session_id)`,
      `CREATE INDEX "${t.sessions}_created_idx" ON "${t.sessions}" (session_created)`,
      `CREATE INDEX "${t.sessions}_open_cart_idx" ON "${t.sessions}" (session_updated, session_id, session_active_until) WHERE session_items > 0`,
      `CREATE TABLE "${t.cleanupRuns}" (
        id BIGSERIAL PRIMARY KEY,
        started_at BIGINT NOT NULL,
        source TEXT NOT NULL,
        kind TEXT NOT NULL,
        deleted INTEGER NOT NULL,
        batches INTEGER NOT NULL,
        duration_ms INTEGER NOT NULL,
        remaining INTEGER NOT NULL
      )`,
      `CREATE INDEX "${t.cleanupRuns}_started_idx" ON "${t.cleanupRuns}" (started_at)`,
      `CREATE TABLE "${t.health}" (id INTEGER PRIMARY KEY, checked_at BIGINT NOT NULL)`,
      `INSERT INTO "${t.health}" (id, checked_at) VALUES (1, 0)`,
    ],
  },
  {
    // Fixed-window counters shared by every instance (docs/ARCHITECTURE.md, "Rate limits").
    id: "0002_rate_limits",
    sqlite: (t) => [
      `CREATE TABLE "${t.rateLimits}" (
        bucket TEXT PRIMARY KEY,
        window_start INTEGER NOT NULL,
        reset_at INTEGER NOT NULL,
        hits INTEGER NOT NULL
      ) WITHOUT ROWID`,
      `CREATE INDEX "${t.rateLimits}_reset_idx" ON "${t.rateLimits}" (reset_at)`,
    ],
    postgres: (t) => [
      `CREATE TABLE "${t.rateLimits}" (
        bucket VARCHAR(64) PRIMARY KEY,
        window_start BIGINT NOT NULL,
        reset_at BIGINT NOT NULL,
        hits INTEGER NOT NULL
      )`,
      `CREATE INDEX "${t.rateLimits}_reset_idx" ON "${t.rateLimits}" (reset_at)`,
    ],
  },
  {
    // A cart change rewrote two cart indexes; one now serves the abandoned-cart list, the
    // open-cart figures and the cart sizes (docs/ARCHITECTURE.md, "Admin at scale").
    id: "0003_one_cart_index",
    sqlite: (t) => [
      `DROP INDEX IF EXISTS "${t.sessions}_cart_idx"`,
      `DROP INDEX IF EXISTS "${t.sessions}_open_cart_idx"`,
      `CREATE INDEX "${t.sessions}_open_carts_idx" ON "${t.sessions}" (session_updated, session_id, session_active_until, session_items) WHERE session_items > 0`,
    ],
    postgres: (t) => [
      `DROP INDEX IF EXISTS "${t.sessions}_cart_idx"`,
      `DROP INDEX IF EXISTS "${t.sessions}_open_cart_idx"`,
      `CREATE INDEX "${t.sessions}_open_carts_idx" ON "${t.sessions}" (session_updated, session_id, session_active_until, session_items) WHERE session_items > 0`,
    ],
  },
  {
    // No sequences and no defaults on Postgres: a host's `drizzle-kit push` drops every
    // sequence its schema lacks, even those of tables its tablesFilter leaves alone (and
    // stops, half-applied), and rewrites expression defaults on every push. The store gives
    // each row a random 53-bit id instead (`randomRowId`); a collision is an insert
    // conflict, retried like any other.
    id: "0004_no_sequences",
    sqlite: () => [],
    postgres: (t) => [
      `ALTER TABLE "${t.sessions}" ALTER COLUMN session_id DROP DEFAULT`,
      `DROP SEQUENCE IF EXISTS "${t.sessions}_session_id_seq"`,
      `ALTER TABLE "${t.cleanupRuns}" ALTER COLUMN id DROP DEFAULT`,
      `DROP SEQUENCE IF EXISTS "${t.cleanupRuns}_id_seq"`,
    ],
  },
];

/**
 * The tables the migrations create (besides the journal): for a clear error when an app
 * already has one of that name, and for the least-privilege grants (`sql/grants.ts`). A
 * test holds this list to what the migrations actually create.
 */
export const OWNED_TABLES = (t: TableNames): string[] => [t.sessions, t.cleanupRuns, t.health, t.rateLimits];

/**
 * What cartsession needs of each table, checked at open when the store does not migrate
 * (`migrate: false`: the tables come from `cartsession migrate` or from the app's own
 * drizzle-kit): the columns it reads and writes and the indexes its queries rely on. A test
 * holds it to what the migrations create and to the exported Drizzle definitions.
 */
export interface TableRequirement {
  table: string;
  columns: readonly string[];
  indexes: readonly string[];
}

export const REQUIRED_SCHEMA = (t: TableNames): TableRequirement[] => [
  {
    table: t.sessions,
    columns: ["session_id", "session_key", "customer_id", "session_logins", "session_value", "session_expiry", "session_active_until", "session_version", "session_created", "session_updated", "session_items", "session_bytes"],
    indexes: ["key_idx", "customer_idx", "expiry_idx", "updated_idx", "active_idx", "bytes_idx", "created_idx", "open_carts_idx"].map((i) => `${t.sessions}_${i}`),
  },
  { table: t.cleanupRuns, columns: ["id", "started_at", "source", "kind", "deleted", "batches", "duration_ms", "remaining"], indexes: [`${t.cleanupRuns}_started_idx`] },
  { table: t.health, columns: ["id", "checked_at"], indexes: [] },
  { table: t.rateLimits, columns: ["bucket", "window_start", "reset_at", "hits"], indexes: [`${t.rateLimits}_reset_idx`] },
];
