/** A value bound to a `?` placeholder. */
export type SqlParam = string | number | null;

export type SqlRow = Record<string, unknown>;

/**
 * The little a SQL store needs from a driver. Statements are written once, with `?`
 * placeholders, for both dialects; each client adapts them (Postgres numbers them `$1…`).
 */
export interface SqlClient {
  readonly dialect: "sqlite" | "postgres";
  /** The rows a statement returns (SELECT, or a write with RETURNING). */
  all(sql: string, params?: readonly SqlParam[]): Promise<SqlRow[]>;
  /** Rows a write affected. */
  run(sql: string, params?: readonly SqlParam[]): Promise<number>;
  /** Runs the statements in one transaction (all or nothing): rows affected in all, and the last statement's rows. */
  transaction(statements: readonly { sql: string; params?: readonly SqlParam[] }[]): Promise<{ changes: number; rows: SqlRow[] }>;
}

/** `?` → `$1, $2, …` (our statements hold no `?` inside string literals). */
export function numberPlaceholders(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}
