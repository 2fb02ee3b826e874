/**
 * A development and test stand-in for Neon's SQL-over-HTTP endpoint in front of an ordinary
 * PostgreSQL, which speaks no HTTP. Point the driver at it with `setLocalNeonEndpoint(address)` from
 * `cartsession/postgres`. Loopback databases only; never for production. Needs `pg`.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { neonConfig } from "@neondatabase/serverless";
import { faultSwitch, type LocalNeonFaults } from "./local-neon-faults.js";

/** The parts of `pg` the bridge uses (a development dependency of whoever runs it). */
interface QueryResult {
  command: string;
  rowCount: number | null;
  rows: unknown[];
  fields: { name: string; dataTypeID: number }[];
}
interface Queryable {
  query(config: { text: string; values?: unknown[]; rowMode?: "array"; types?: unknown }): Promise<QueryResult>;
}
interface PoolClient extends Queryable {
  release(destroy?: boolean): void;
  on(event: "error", listener: () => void): unknown;
  off(event: "error", listener: () => void): unknown;
}
interface Pool {
  connect(): Promise<PoolClient>;
  on(event: "error", listener: () => void): unknown;
  end(): Promise<void>;
}
interface PgModule {
  Pool: new (config: { connectionString: string; max: number; connectionTimeoutMillis: number }) => Pool;
  DatabaseError: new (...args: never[]) => Error;
}

let DatabaseErrorClass: (new (...args: never[]) => Error) | undefined;
const isDatabaseError = (error: unknown): error is Error => DatabaseErrorClass !== undefined && error instanceof DatabaseErrorClass;

const ALLOWED_HOSTS = new Set(["127.0.0.1", "localhost", "::1"]);

interface HttpQuery {
  query: string;
  params?: unknown[];
}

type Payload = HttpQuery | { queries: HttpQuery[] };

// Raw text out, as Neon's endpoint answers with "Neon-Raw-Text-Output: true"; the driver parses.
const rawText = { getTypeParser: () => (value: string) => value };

async function runQuery(client: Queryable, q: HttpQuery) {
  const result = await client.query({ text: q.query, values: q.params ?? [], rowMode: "array", types: rawText });
  return {
    command: result.command,
    rowCount: result.rowCount,
    rows: result.rows,
    fields: result.fields.map((f) => ({ name: f.name, dataTypeID: f.dataTypeID })),
    rowAsArray: true,
  };
}

/** An answer that is not a result: Neon's status code and JSON error body. */
class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: Record<string, unknown>,
  ) {
    super(String(body.message));
  }
}

// The fields of a Postgres error that Neon's endpoint returns and @neondatabase/serverless
// copies onto its NeonDbError (`code` is the SQLSTATE, e.g. 42P01).
const PG_ERROR_FIELDS = ["code", "detail", "hint", "position", "internalPosition", "internalQuery", "severity", "where", "table", "column", "schema", "dataType", "constraint", "file", "line", "routine"] as const;

/**
 * Getting a database connection failed: Postgres refused it (starting up, shutting down, no
 * such database) or could not be reached at all. Neon's proxy reports these as a failed
 * connection to the compute, not as an error of the query.
 */
class ConnectFailure extends Error {
  constructor(readonly reason: unknown) {
    super(reason instanceof Error ? reason.message : String(reason));
  }
}

function postgresFields(error: Error): Record<string, unknown> {
  const body: Record<string, unknown> = { message: error.message };
  for (const field of PG_ERROR_FIELDS) body[field] = (error as unknown as Record<string, unknown>)[field] ?? null;
  return body;
}

/**
 * What Neon's SQL-over-HTTP endpoint answers for a failed request (its proxy's
 * `proxy/src/serverless/sql_over_http.rs`):
 * - an error of the query itself is 400: Postgres's fields when Postgres reported it (a bad
 *   query, a failed batch, 57P01 when the server shut down under it), so the driver throws a
 *   NeonDbError carrying the SQLSTATE; a connection lost mid-query, with no Postgres error,
 *   is 400 with an empty code and the proxy's Postgres client's wording ("error
 *   communicating with the server: …");
 * - a connection that could not be had is 500 (the compute could not be reached, or Postgres
 *   refused the connection: 57P03 starting up or shutting down, 3D000), with Postgres's fields
 *   when it reported one. The driver then throws "Server error (HTTP status 500): <body>".
 */
function errorAnswer(error: unknown, target: string): HttpError {
  if (error instanceof HttpError) return error;
  if (error instanceof ConnectFailure) {
    const reason = error.reason;
    if (isDatabaseError(reason)) return new HttpError(500, postgresFields(reason));
    const e = (reason ?? {}) as { message?: unknown; code?: unknown };
    const message = typeof e.message === "string" && e.message ? e.message : String(reason);
    return new HttpError(500, { message: `local-neon: could not reach the database at ${target}: ${message}`, code: typeof e.code === "string" ? e.code : null });
  }
  if (isDatabaseError(error)) return new HttpError(400, postgresFields(error));
  const message = error instanceof Error && error.message ? error.message : String(error);
  const code = (error as { code?: unknown } | null)?.code;
  const lost = (typeof code === "string" && /^E[A-Z]+$/.test(code)) || /terminated|not queryable|connection/i.test(message);
  return new HttpError(400, { message: lost ? `error communicating with the server: ${message}` : `local-neon: ${message}`, code: "" });
}

/** Most bytes of one request body: a query and its parameters, never a file upload. */
const MAX_BODY = 64 * 1024 * 1024;

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new HttpError(400, { message: "local-neon: request body too large" });
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}

function parsePayload(text: string): Payload {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (error) {
    throw new HttpError(400, { message: `could not parse the HTTP request body: ${(error as Error).message}` });
  }
  const isQuery = (q: unknown): q is HttpQuery =>
    typeof q === "object" && q !== null && typeof (q as HttpQuery).query === "string" && ((q as HttpQuery).params === undefined || Array.isArray((q as HttpQuery).params));
  if (isQuery(body)) return body;
  if (typeof body === "object" && body !== null && Array.isArray((body as { queries?: unknown }).queries) && (body as { queries: unknown[] }).queries.every(isQuery)) {
    return body as { queries: HttpQuery[] };
  }
  throw new HttpError(400, { message: "could not parse the HTTP request body: expected { query, params } or { queries: [...] }" });
}

function loopbackTarget(connectionString: string): string {
  let url: URL;
  try {
    url = new URL(connectionString);
  } catch {
    throw new HttpError(400, { message: "invalid connection string in the Neon-Connection-String header" });
  }
  const host = url.hostname.replace(/^\[|\]$/g, "");
  if (!ALLOWED_HOSTS.has(host)) throw new HttpError(400, { message: "local-neon: only loopback databases" });
  return `${url.hostname}:${url.port || 5432}${url.pathname}`;
}

const ignoreError = () => {};

async function execute(pool: Pool, body: Payload): Promise<unknown> {
  let client: PoolClient;
  try {
    client = await pool.connect();
  } catch (error) {
    throw new ConnectFailure(error);
  }
  // pg emits "error" on a checked-out client whose server goes away (a restart); with no
  // listener that would crash the process that runs the bridge.
  client.on("error", ignoreError);
  let broken = false;
  try {
    if (!("queries" in body)) return await runQuery(client, body);
    // A batch is one transaction, as on Neon.
    await client.query({ text: "BEGIN" });
    const results = [];
    for (const q of body.queries) results.push(await runQuery(client, q));
    await client.query({ text: "COMMIT" });
    return { results };
  } catch (error) {
    if ("queries" in body) {
      await client.query({ text: "ROLLBACK" }).catch(() => {
        broken = true;
      });
    }
    throw error;
  } finally {
    client.off("error", ignoreError);
    // A connection that cannot even roll back is not given back to the pool (pg drops one
    // that was lost by itself).
    client.release(broken);
  }
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const json = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(json) }).end(json);
}

/**
 * Every request gets exactly one answer, written only once the outcome is known (and, while
 * the link is slow, held back), unless the connection is gone by then.
 */
async function handleSql(req: IncomingMessage, res: ServerResponse, poolFor: (connectionString: string) => Pool, hold: () => Promise<void>): Promise<void> {
  const connectionString = String(req.headers["neon-connection-string"] ?? "");
  let target = "?";
  let status = 200;
  let answer: unknown;
  try {
    target = loopbackTarget(connectionString);
    const body = parsePayload(await readBody(req));
    answer = await execute(poolFor(connectionString), body);
  } catch (error) {
    const failure = errorAnswer(error, target);
    status = failure.status;
    answer = failure.body;
  }
  await hold();
  if (!res.destroyed && !res.socket?.destroyed) send(res, status, answer);
}

export type { LocalNeonFaults } from "./local-neon-faults.js";

/**
 * Development and tests only: sends `@neondatabase/serverless`'s HTTP queries (the app's and
 * `cartsession/postgres`'s, which share the driver's global `neonConfig`) to a local
 * Neon-compatible endpoint, e.g. `setLocalNeonEndpoint(localNeon.address)` or the address
 * `npx cartsession neon-local` prints. Never call it in production code paths.
 */
export function setLocalNeonEndpoint(address: string): void {
  neonConfig.fetchEndpoint = () => `http://${address}/sql`;
}

export interface LocalNeon {
  port: number;
  /** `127.0.0.1:<port>`, for `setLocalNeonEndpoint(address)` (or NEON_LOCAL_PROXY in the demo). */
  address: string;
  /** Fault injection for tests: cut the link, slow it down, restore it. */
  faults: LocalNeonFaults;
  close(): Promise<void>;
}

/** Starts the bridge on `port` (0 = any free port). */
export async function startLocalNeon(port = 0): Promise<LocalNeon> {
  const pg = ((await import("pg")) as unknown as { default: PgModule }).default;
  DatabaseErrorClass = pg.DatabaseError;
  // Pools belong to this bridge, so closing one bridge never ends another's connections.
  const pools = new Map<string, Pool>();
  const poolFor = (connectionString: string): Pool => {
    let pool = pools.get(connectionString);
    if (!pool) {
      // A database that does not answer fails the request instead of holding it forever.
      pool = new pg.Pool({ connectionString, max: 10, connectionTimeoutMillis: 10_000 });
      pool.on("error", () => {});
      pools.set(connectionString, pool);
    }
    return pool;
  };
  const faults = faultSwitch();
  const server = createServer((req, res) => {
    if (req.method === "POST" && req.url?.startsWith("/sql")) {
      handleSql(req, res, poolFor, faults.hold).catch((error: unknown) => {
        // Unreachable in practice (handleSql answers every error); never leave a client waiting.
        if (!res.headersSent) send(res, 500, { message: `local-neon: ${String(error)}` });
        else res.destroy();
      });
      return;
    }
    send(res, 404, { message: "local-neon serves POST /sql only" });
  });
  server.on("connection", (socket) => faults.accept(socket));
  // Idle keep-alive connections outlive the client's own idle timeout (undici's is 4 s):
  // a server closing one just as the client reuses it fails that query with "fetch failed".
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  const actual = (server.address() as AddressInfo).port;
  return {
    port: actual,
    address: `127.0.0.1:${actual}`,
    faults,
    async close() {
      // Answers being held go out (or are dropped) now, not after the delay.
      faults.clear();
      // Close the open connections too: server.close() alone waits for them, and a client
      // still waiting on a request would keep a test database from ever being dropped.
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
      await Promise.all([...pools.values()].map((p) => p.end().catch(() => {})));
      pools.clear();
    },
  };
}
