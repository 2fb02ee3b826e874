import type { NeonQueryFunction } from "@neondatabase/serverless";
import { numberPlaceholders, type SqlClient, type SqlRow } from "../sql/client.js";

/**
 * The Neon serverless driver over HTTP (`neon()`): every statement is one round trip with
 * no connection to keep, which suits serverless functions; a batch is one non-interactive
 * transaction. Statements are numbered once and cached.
 */
export function neonClient(sql: NeonQueryFunction<false, false>): SqlClient {
  const numbered = new Map<string, string>();
  const text = (statement: string): string => {
    let out = numbered.get(statement);
    if (out === undefined) {
      out = numberPlaceholders(statement);
      numbered.set(statement, out);
    }
    return out;
  };
  return {
    dialect: "postgres",
    all: async (statement, params = []) => (await sql.query(text(statement), [...params])) as SqlRow[],
    run: async (statement, params = []) => (await sql.query(text(statement), [...params], { fullResults: true })).rowCount ?? 0,
    async transaction(list) {
      const results = await sql.transaction(
        list.map((s) => sql.query(text(s.sql), [...(s.params ?? [])])),
        { fullResults: true },
      );
      return { changes: results.reduce((sum, r) => sum + (r.rowCount ?? 0), 0), rows: (results.at(-1)?.rows ?? []) as SqlRow[] };
    },
  };
}
