/**
 * A development and test stand-in for Neon's SQL-over-HTTP endpoint in front of an ordinary
 * PostgreSQL (which speaks no HTTP). Point the driver at it with `useLocalNeon(address)`
 * from `cartsession/postgres`. Loopback databases only; never for production.
 *
 * Answers like Neon does: 200 with the result, or 400 with `{ message, code, … }` for any
 * SQL error, which the driver raises as a `NeonDbError` carrying the Postgres `code`.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

interface HttpQuery {
  query: string;
  params?: unknown[];
}

/** The parts of a `pg` Pool the bridge uses (pg is a dev dependency of whoever runs it). */
interface PgPoolLike {
  query(config: { text: string; values: unknown[]; rowMode: "array"; types: unknown }): Promise<{ command: string; rowCount: number | null; rows: unknown[]; fields: { name: string; dataTypeID: number }[] }>;
  connect(): Promise<PgPoolLike & { release(): void }>;
  on(event: "error", listener: () => void): unknown;
  end(): Promise<void>;
}

const ALLOWED_HOSTS = new Set(["127.0.0.1", "localhost", "::1"]);
/** Most bytes of one request body: a query and its parameters, never a file upload. */
const MAX_BODY = 64 * 1024 * 1024;

// Raw text out, as Neon answers with "Neon-Raw-Text-Output: true"; the driver parses.
const rawText = { getTypeParser: () => (value: string) => value };

async function runQuery(client: PgPoolLike, q: HttpQuery) {
  if (typeof q?.query !== "string") throw Object.assign(new Error("local-neon: a query needs a `query` string"), { code: "08P01" });
  const result = await client.query({ text: q.query, values: Array.isArray(q.params) ? q.params : [], rowMode: "array", types: rawText });
  return {
    command: result.command,
    rowCount: result.rowCount,
    rows: result.rows,
    fields: result.fields.map((f) => ({ name: f.name, dataTypeID: f.dataTypeID })),
    rowAsArray: true,
  };
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw Object.assign(new Error("local-neon: request body too large"), { code: "54000" });
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}

function send(res: ServerResponse, status: number, body: unknown): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
}

function errorBody(error: unknown) {
  const e = error as { message?: string; code?: string; detail?: string; severity?: string; hint?: string; position?: string };
  return { message: e.message ?? String(error), code: e.code, detail: e.detail, severity: e.severity ?? "ERROR", hint: e.hint, position: e.position };
}

export interface LocalNeon {
  port: number;
  /** `127.0.0.1:<port>`, for `useLocalNeon(address)`. */
  address: string;
  close(): Promise<void>;
}

/** Starts the bridge on `port` (0 = any free port). Needs the `pg` package. */
export async function startLocalNeon(port = 0): Promise<LocalNeon> {
  const { default: pg } = (await import("pg")) as unknown as { default: { Pool: new (config: { connectionString: string; max: number }) => PgPoolLike } };
  const pools = new Map<string, PgPoolLike>();
  const poolFor = (connectionString: string): PgPoolLike => {
    let pool = pools.get(connectionString);
    if (!pool) {
      pool = new pg.Pool({ connectionString, max: 10 });
      pool.on("error", () => {});
      pools.set(connectionString, pool);
    }
    return pool;
  };

  async function handleSql(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const connectionString = String(req.headers["neon-connection-string"] ?? "");
    let host = "";
    try {
      host = new URL(connectionString).hostname.replace(/^\[|\]$/g, "");
    } catch {
      // reported below
    }
    if (!ALLOWED_HOSTS.has(host)) {
      send(res, 400, { message: "local-neon: only loopback databases", code: "08004" });
      return;
    }
    let body: HttpQuery | { queries: HttpQuery[] };
    try {
      body = JSON.parse(await readBody(req)) as HttpQuery | { queries: HttpQuery[] };
    } catch (error) {
      send(res, 400, errorBody((error as { code?: string }).code ? error : Object.assign(new Error("local-neon: the body is not JSON"), { code: "08P01" })));
      return;
    }
    const pool = poolFor(connectionString);
    if (body && typeof body === "object" && "queries" in body && Array.isArray(body.queries)) {
      // A batch is one transaction, as on Neon.
      let client: (PgPoolLike & { release(): void }) | undefined;
      try {
        client = await pool.connect();
        await client.query({ text: "BEGIN", values: [], rowMode: "array", types: rawText });
        const results = [];
        for (const q of body.queries) results.push(await runQuery(client, q));
        await client.query({ text: "COMMIT", values: [], rowMode: "array", types: rawText });
        send(res, 200, { results });
      } catch (error) {
        await client?.query({ text: "ROLLBACK", values: [], rowMode: "array", types: rawText }).catch(() => {});
        send(res, 400, errorBody(error));
      } finally {
        client?.release();
      }
      return;
    }
    try {
      send(res, 200, await runQuery(pool, body as HttpQuery));
    } catch (error) {
      send(res, 400, errorBody(error));
    }
  }

  const server = createServer((req, res) => {
    if (req.method === "POST" && req.url?.startsWith("/sql")) {
      handleSql(req, res).catch((error: unknown) => send(res, 500, errorBody(error)));
      return;
    }
    send(res, 404, { message: "local-neon serves POST /sql only" });
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  const actual = (server.address() as AddressInfo).port;
  return {
    port: actual,
    address: `127.0.0.1:${actual}`,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await Promise.all([...pools.values()].map((p) => p.end().catch(() => {})));
      pools.clear();
    },
  };
}
