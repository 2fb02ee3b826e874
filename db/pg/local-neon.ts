/**
 * Development and test helper: lets the Neon serverless driver talk to an ordinary local
 * PostgreSQL, which speaks neither WebSocket nor Neon's SQL-over-HTTP. One loopback port
 * serves both:
 *   ws://127.0.0.1:<port>/v2?address=<host>:<port>   WebSocket -> TCP pipe (the Pool)
 *   http://127.0.0.1:<port>/sql                       SQL over HTTP (the neon() function)
 * Point the app at it with NEON_LOCAL_PROXY=127.0.0.1:<port>. Never used in production.
 *
 *   npm run neon:local            (port 5480, or NEON_LOCAL_PORT)
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import net from "node:net";
import pg from "pg";
import { WebSocketServer } from "ws";

const ALLOWED_HOSTS = new Set(["127.0.0.1", "localhost", "::1"]);

interface HttpQuery {
  query: string;
  params?: unknown[];
}

type Payload = HttpQuery | { queries: HttpQuery[] };

// Raw text out, as Neon's endpoint answers with "Neon-Raw-Text-Output: true"; the driver parses.
const rawText = { getTypeParser: () => (value: string) => value };

async function runQuery(client: pg.PoolClient | pg.Pool, q: HttpQuery) {
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
 * What Neon's SQL-over-HTTP endpoint answers for a failed request: an error Postgres
 * reported (a bad query, a missing database, a failed batch) is 400 with its fields, so
 * the driver throws a NeonDbError carrying the SQLSTATE; a database that cannot be reached
 * at all (nothing listening, connection reset, timeout) is 500, as Neon answers when it
 * cannot reach the compute.
 */
function errorAnswer(error: unknown, target: string): HttpError {
  if (error instanceof HttpError) return error;
  const e = (error ?? {}) as Record<string, unknown> & { message?: unknown; code?: unknown };
  if (error instanceof pg.DatabaseError) {
    const body: Record<string, unknown> = { message: error.message };
    for (const field of PG_ERROR_FIELDS) body[field] = (error as unknown as Record<string, unknown>)[field] ?? null;
    return new HttpError(400, body);
  }
  const reason = typeof e.message === "string" && e.message ? e.message : String(error);
  const code = typeof e.code === "string" ? e.code : null;
  const unreachable = (code !== null && /^E[A-Z]+$/.test(code)) || /connect|terminated|timeout/i.test(reason);
  return new HttpError(500, { message: unreachable ? `local-neon: could not reach the database at ${target}: ${reason}` : `local-neon: ${reason}`, code });
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
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

async function execute(pool: pg.Pool, body: Payload): Promise<unknown> {
  if (!("queries" in body)) return runQuery(pool, body);
  // A batch is one transaction, as on Neon.
  const client = await pool.connect();
  let broken = false;
  try {
    await client.query("BEGIN");
    const results = [];
    for (const q of body.queries) results.push(await runQuery(client, q));
    await client.query("COMMIT");
    return { results };
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {
      broken = true;
    });
    throw error;
  } finally {
    // A connection that cannot even roll back is not given back to the pool.
    client.release(broken);
  }
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const json = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(json) }).end(json);
}

/** Every request gets exactly one answer, written only once the outcome is known. */
async function handleSql(req: IncomingMessage, res: ServerResponse, poolFor: (connectionString: string) => pg.Pool): Promise<void> {
  const connectionString = String(req.headers["neon-connection-string"] ?? "");
  let target = "?";
  try {
    target = loopbackTarget(connectionString);
    const body = parsePayload(await readBody(req));
    send(res, 200, await execute(poolFor(connectionString), body));
  } catch (error) {
    const answer = errorAnswer(error, target);
    send(res, answer.status, answer.body);
  }
}

export interface LocalNeon {
  port: number;
  /** Value for NEON_LOCAL_PROXY. */
  address: string;
  close(): Promise<void>;
}

export async function startLocalNeon(port = 0): Promise<LocalNeon> {
  // Pools belong to this bridge, so closing one bridge never ends another's connections.
  const pools = new Map<string, pg.Pool>();
  const poolFor = (connectionString: string): pg.Pool => {
    let pool = pools.get(connectionString);
    if (!pool) {
      // A database that does not answer fails the request instead of holding it forever.
      pool = new pg.Pool({ connectionString, max: 10, connectionTimeoutMillis: 10_000 });
      pool.on("error", () => {});
      pools.set(connectionString, pool);
    }
    return pool;
  };
  const server = createServer((req, res) => {
    if (req.method === "POST" && req.url?.startsWith("/sql")) {
      handleSql(req, res, poolFor).catch((error: unknown) => {
        // Unreachable in practice (handleSql answers every error); never leave a client waiting.
        if (!res.headersSent) send(res, 500, { message: `local-neon: ${String(error)}` });
        else res.destroy();
      });
      return;
    }
    res.writeHead(404).end();
  });
  const wss = new WebSocketServer({ noServer: true });
  const sockets = new Set<net.Socket>();
  server.on("upgrade", (req, socket, head) => {
    const url = new URL(req.url ?? "/", "http://local");
    const [host, targetPort] = (url.searchParams.get("address") ?? "").split(":");
    if (!host || !ALLOWED_HOSTS.has(host) || !targetPort) {
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      const tcp = net.connect(Number(targetPort), host);
      sockets.add(tcp);
      tcp.setNoDelay(true);
      tcp.on("data", (data) => ws.send(data));
      tcp.on("close", () => {
        sockets.delete(tcp);
        ws.close();
      });
      tcp.on("error", () => ws.close());
      ws.on("message", (data: Buffer) => tcp.write(data));
      ws.on("close", () => tcp.destroy());
      ws.on("error", () => tcp.destroy());
    });
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  const actual = (server.address() as net.AddressInfo).port;
  return {
    port: actual,
    address: `127.0.0.1:${actual}`,
    async close() {
      for (const s of sockets) s.destroy();
      wss.close();
      // Close the open connections too: server.close() alone waits for them, and a client
      // still waiting on a request would keep the test database from ever being dropped.
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
      await Promise.all([...pools.values()].map((p) => p.end()));
      pools.clear();
    },
  };
}
