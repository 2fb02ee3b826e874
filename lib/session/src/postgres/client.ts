import type { NeonQueryFunction } from "@neondatabase/serverless";
import { numberPlaceholders, type SqlClient, type SqlRow } from "../sql/client.js";

/** How long one HTTP round trip (a statement, or a batch) may take by default. */
export const DEFAULT_QUERY_TIMEOUT_MS = 10_000;

export interface NeonClientOptions {
  /**
   * Milliseconds one round trip (a statement, or a batch) may take before it is abandoned
   * and fails with code ETIMEDOUT (the engine answers 503 store_unavailable). Default
   * 10 000: a cold compute wakes well within it. 0 turns the limit off.
   */
  timeoutMs?: number;
}

/** A round trip that was abandoned: the database may still have applied it. */
class QueryTimeout extends Error {
  readonly code = "ETIMEDOUT";
  constructor(ms: number, cause: unknown) {
    super(`Postgres (Neon over HTTP) did not answer within ${ms} ms; the statement may or may not have been applied`, { cause });
    this.name = "QueryTimeout";
  }
}

/**
 * The Neon serverless driver over HTTP (`neon()`): every statement is one round trip with
 * no connection to keep, which suits serverless functions; a batch is one non-interactive
 * transaction. Statements are numbered once and cached.
 *
 * Every round trip has a deadline: the driver has none of its own, so a database or link
 * that stops answering would hold the request for as long as fetch waits (minutes), where
 * the engine should answer 503 and let the client retry.
 */
export function neonClient(sql: NeonQueryFunction<false, false>, options: NeonClientOptions = {}): SqlClient {
  const timeoutMs = options.timeoutMs ?? DEFAULT_QUERY_TIMEOUT_MS;
  if (!Number.isFinite(timeoutMs) || timeoutMs < 0) throw new TypeError(`neonClient: timeoutMs must be a number of milliseconds >= 0, not ${timeoutMs}`);
  const numbered = new Map<string, string>();
  const text = (statement: string): string => {
    let out = numbered.get(statement);
    if (out === undefined) {
      out = numberPlaceholders(statement);
      numbered.set(statement, out);
    }
    return out;
  };
  /** Runs one round trip under the deadline (a fresh signal each time: one round trip, one clock). */
  const timed = async <R>(run: (fetchOptions: { signal?: AbortSignal }) => Promise<R>): Promise<R> => {
    if (timeoutMs === 0) return run({});
    const signal = AbortSignal.timeout(timeoutMs);
    try {
      return await run({ signal });
    } catch (error) {
      throw signal.aborted ? new QueryTimeout(timeoutMs, error) : error;
    }
  };
  return {
    dialect: "postgres",
    all: (statement, params = []) => timed(async (fetchOptions) => (await sql.query(text(statement), [...params], { fetchOptions })) as SqlRow[]),
    run: (statement, params = []) => timed(async (fetchOptions) => (await sql.query(text(statement), [...params], { fullResults: true, fetchOptions })).rowCount ?? 0),
    transaction: (list) =>
      timed(async (fetchOptions) => {
        const results = await sql.transaction(
          list.map((s) => sql.query(text(s.sql), [...(s.params ?? [])])),
          { fullResults: true, fetchOptions },
        );
        return { changes: results.reduce((sum, r) => sum + (r.rowCount ?? 0), 0), rows: (results.at(-1)?.rows ?? []) as SqlRow[] };
      }),
  };
}
