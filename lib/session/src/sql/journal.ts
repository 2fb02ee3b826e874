import { SessionError } from "../errors.js";
import { REQUIRED_SCHEMA } from "./migrations.js";
import type { TableNames } from "./tables.js";

export function tableTaken(table: string, cause: unknown): SessionError {
  return new SessionError(
    "store_not_migrated",
    `A table named "${table}" already exists and was not created by cartsession's migrations. ` +
      `If your own drizzle-kit manages cartsession's tables (its schema from cartsession/sqlite/schema or cartsession/postgres/schema), ` +
      `open the store with migrate: false; otherwise give cartsession's tables a prefix (tablePrefix, e.g. "cs_") so they live beside yours.`,
    { cause },
  );
}

/** What a database has: every table's columns, and every index name. */
export interface SchemaFacts {
  columns: ReadonlyMap<string, ReadonlySet<string>>;
  indexes: ReadonlySet<string>;
}

/**
 * With migrations off, the store checks that every table, column and index it needs exists
 * (created by `cartsession migrate` or by the app's own drizzle-kit), and names what is
 * missing and what to run, instead of failing later with "no such table".
 */
export function assertSchema(t: TableNames, facts: SchemaFacts): void {
  const missing: string[] = [];
  for (const { table, columns, indexes } of REQUIRED_SCHEMA(t)) {
    const present = facts.columns.get(table);
    if (!present) {
      missing.push(`table "${table}"`);
      continue;
    }
    for (const column of columns) if (!present.has(column)) missing.push(`column "${table}.${column}"`);
    for (const index of indexes) if (!facts.indexes.has(index)) missing.push(`index "${index}"`);
  }
  if (missing.length === 0) return;
  throw new SessionError(
    "store_not_migrated",
    `cartsession's tables are incomplete (missing ${missing.join(", ")}). ` +
      `Engine-managed tables: run \`npx cartsession migrate\` with a role that may create tables (or open the store with migrate: true). ` +
      `Tables in your own Drizzle schema: update them from cartsession/sqlite/schema or cartsession/postgres/schema, then run drizzle-kit generate and migrate.`,
  );
}
