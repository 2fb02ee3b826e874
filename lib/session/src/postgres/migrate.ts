import { assertSchema, tableTaken } from "../sql/journal.js";
import { MIGRATIONS } from "../sql/migrations.js";
import type { SqlClient } from "../sql/client.js";
import type { TableNames } from "../sql/tables.js";

/** A dollar-quote tag that cannot occur in our statements. */
const TAG = "$cartsession_migration$";
const STATEMENT_TAG = "$cartsession_statement$";

/**
 * Applies cartsession's migrations in ONE transaction over HTTP: an advisory lock first (so
 * instances starting together apply each migration once, and none queries a table before
 * it exists), then one `DO` block per migration that runs only when the journal lacks it.
 * No interactive session or WebSocket is needed, and nothing runs outside the tables
 * cartsession owns (no CREATE SCHEMA).
 */
export async function migratePostgresTables(client: SqlClient, t: TableNames): Promise<string[]> {
  const statements = [
    { sql: "SELECT pg_advisory_xact_lock(hashtext(?))", params: [`cartsession:migrations:${t.prefix}`] },
    { sql: `CREATE TABLE IF NOT EXISTS "${t.migrations}" (id TEXT PRIMARY KEY, applied_at BIGINT NOT NULL, applied_tx BIGINT)` },
    ...MIGRATIONS.map((m) => ({
      sql: `DO ${TAG} BEGIN
        IF NOT EXISTS (SELECT 1 FROM "${t.migrations}" WHERE id = '${m.id}') THEN
          ${m.postgres(t).map((s) => `EXECUTE ${STATEMENT_TAG}${s}${STATEMENT_TAG};`).join("\n          ")}
          INSERT INTO "${t.migrations}" (id, applied_at, applied_tx) VALUES ('${m.id}', extract(epoch from now())::bigint, txid_current());
        END IF;
      END ${TAG}`,
    })),
    // What this transaction applied (a concurrent instance may have applied it first).
    { sql: `SELECT id FROM "${t.migrations}" WHERE applied_tx = txid_current() ORDER BY id` },
  ];
  let applied: string[];
  try {
    applied = (await client.transaction(statements)).rows.map((r) => String(r.id));
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    const table = /relation "([^"]+)" already exists/.exec(String((error as Error).message))?.[1];
    if (code === "42P07" && table) throw tableTaken(table, error);
    throw error;
  }
  return applied;
}

/** With migrations off, refuse to start on a database that lacks a table, column or index (named, with what to run). */
export async function assertPostgresMigrated(client: SqlClient, t: TableNames): Promise<void> {
  const [columnRows, indexRows] = await Promise.all([
    client.all("SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = current_schema() AND starts_with(table_name, ?)", [t.prefix]),
    client.all("SELECT indexname FROM pg_indexes WHERE schemaname = current_schema() AND starts_with(indexname, ?)", [t.prefix]),
  ]);
  const columns = new Map<string, Set<string>>();
  for (const row of columnRows) {
    const table = String(row.table_name);
    if (!columns.has(table)) columns.set(table, new Set());
    columns.get(table)!.add(String(row.column_name));
  }
  assertSchema(t, { columns, indexes: new Set(indexRows.map((r) => String(r.indexname))) });
}
