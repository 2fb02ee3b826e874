import { SessionError } from "../errors.js";
import { MIGRATIONS } from "./migrations.js";
import type { TableNames } from "./tables.js";

/** The ids of migrations this version of cartsession needs. */
export const REQUIRED_MIGRATIONS: readonly string[] = MIGRATIONS.map((m) => m.id);

export function notMigrated(t: TableNames, missing: readonly string[]): SessionError {
  return new SessionError(
    "store_not_migrated",
    `cartsession's tables are not migrated (missing ${missing.join(", ")} in "${t.migrations}"). ` +
      `Run \`npx cartsession migrate\` with a role that may create tables, or let the store migrate at start (migrate: true).`,
  );
}

export function tableTaken(table: string, cause: unknown): SessionError {
  return new SessionError(
    "store_not_migrated",
    `A table named "${table}" already exists and was not created by cartsession. ` +
      `Give cartsession's tables a prefix (tablePrefix, e.g. "cs_") so they live beside yours.`,
    { cause },
  );
}
