/**
 * `cartsession/postgres`: Postgres through `@neondatabase/serverless` over HTTP, for many
 * app instances (Vercel + Neon). Importing it never loads better-sqlite3.
 *
 *   import { postgresStore } from "cartsession/postgres";
 *   store: () => postgresStore({ connectionString: process.env.DATABASE_URL! })
 */
import { neon, type NeonQueryFunction } from "@neondatabase/serverless";
import { SqlSessionStore } from "../sql/store.js";
import { tableNames } from "../sql/tables.js";
import { reportOutages } from "../store/outage.js";
import type { CompleteSessionStore } from "../store/port.js";
import { neonClient } from "./client.js";
import { assertPostgresMigrated, migratePostgresTables } from "./migrate.js";
import { isPostgresOutage, postgresMayHaveApplied } from "./outage.js";

export interface PostgresStoreOptions {
  /** `postgres://…`: the store makes its own `neon()` query function. */
  connectionString?: string;
  /** Or the app's own `neon()` query function. */
  sql?: NeonQueryFunction<false, false>;
  /** Prefix for cartsession's tables (`<prefix>sessions`, …), to live beside an app's own. Default none. */
  tablePrefix?: string;
  /** Apply cartsession's migrations on open (default true). Off: refuse to start unless `cartsession migrate` ran. */
  migrate?: boolean;
  /**
   * Milliseconds one round trip to the database may take before the request gives up with
   * 503 `store_unavailable` (default 10 000; 0 = no limit). Migrations have no limit.
   */
  queryTimeoutMs?: number;
}

function queryFunction(options: PostgresStoreOptions): NeonQueryFunction<false, false> {
  if (options.sql) return options.sql;
  if (!options.connectionString || !/^postgres(ql)?:\/\//.test(options.connectionString)) {
    throw new TypeError("postgresStore needs a `connectionString` (postgres://…) or a `sql` query function from neon()");
  }
  return neon(options.connectionString);
}

/** Applies cartsession's migrations (what `cartsession migrate` runs); returns the ids applied. */
export async function migratePostgres(options: Omit<PostgresStoreOptions, "migrate">): Promise<string[]> {
  // No deadline: DDL on a large table may rightly take long, and an abandoned migration
  // would only be rolled back and tried again.
  return migratePostgresTables(neonClient(queryFunction(options), { timeoutMs: 0 }), tableNames(options.tablePrefix));
}

/** The Postgres store: the core and every optional capability. */
export type PostgresSessionStore = CompleteSessionStore;

export async function postgresStore(options: PostgresStoreOptions): Promise<PostgresSessionStore> {
  const sql = queryFunction(options);
  const client = neonClient(sql, { timeoutMs: options.queryTimeoutMs });
  const t = tableNames(options.tablePrefix);
  if (options.migrate === false) await assertPostgresMigrated(client, t);
  else await migratePostgresTables(neonClient(sql, { timeoutMs: 0 }), t);
  return reportOutages(new SqlSessionStore({
    name: "postgres",
    client,
    tables: t,
    // Row locks, not a file lock: concurrent writers only wait for the rows a batch holds.
    batching: { targetBatchMs: 25, pauseRatio: 0 },
    async tableBytes() {
      const [row] = await client.all("SELECT pg_total_relation_size(?::regclass) AS bytes", [`"${t.sessions}"`]);
      return Number(row?.bytes ?? 0);
    },
  }), isPostgresOutage, { mayHaveApplied: postgresMayHaveApplied });
}
