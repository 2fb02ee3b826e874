import { neon, neonConfig, Pool, type NeonQueryFunction } from "@neondatabase/serverless";

/**
 * The two ways the Neon driver reaches Postgres:
 *  - `sql` (HTTP, `neon()`): one statement per round trip, no connection to keep; used for
 *    every single-statement operation (load, compare-and-swap save, delete, touch, each
 *    cleanup batch, stats).
 *  - `pool` (WebSocket `Pool`): a real session, for transactions (migrations under an
 *    advisory lock).
 * With NEON_LOCAL_PROXY set (development and tests), both go through db/pg/local-neon.ts to
 * an ordinary PostgreSQL.
 */
export interface PgConnection {
  sql: NeonQueryFunction<false, false>;
  pool: Pool;
}

function configureLocalProxy(): void {
  const local = process.env.NEON_LOCAL_PROXY;
  if (!local) return;
  neonConfig.wsProxy = (host, port) => `${local}/v2?address=${host}:${port}`;
  neonConfig.useSecureWebSocket = false;
  neonConfig.pipelineTLS = false;
  neonConfig.pipelineConnect = false;
  neonConfig.fetchEndpoint = () => `http://${local}/sql`;
}

export function connectPg(url: string): PgConnection {
  configureLocalProxy();
  const pool = new Pool({ connectionString: url, max: 4 });
  // An idle connection dropped by the server must not crash the process.
  pool.on("error", (error: Error) => console.error("[cartsession] postgres pool error:", error.message));
  return { sql: neon(url), pool };
}
