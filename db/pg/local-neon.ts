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

const pools = new Map<string, pg.Pool>();
function poolFor(connectionString: string): pg.Pool {
  let pool = pools.get(connectionString);
  if (!pool) {
    pool = new pg.Pool({ connectionString, max: 10 });
    pool.on("error", () => {});
    pools.set(connectionString, pool);
  }
  return pool;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

async function handleSql(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const connectionString = String(req.headers["neon-connection-string"] ?? "");
  const host = (() => {
    try {
      return new URL(connectionString).hostname.replace(/^\[|\]$/g, "");
    } catch {
      return "";
    }
  })();
  if (!ALLOWED_HOSTS.has(host)) {
    res.writeHead(400, { "content-type": "application/json" }).end(JSON.stringify({ message: "local-neon: only loopback databases" }));
    return;
  }
  const body = JSON.parse(await readBody(req)) as HttpQuery | { queries: HttpQuery[] };
  const pool = poolFor(connectionString);
  try {
    if ("queries" in body) {
      // A batch is one transaction, as on Neon.
      const client = await pool.connect();
      try {
        await client.query("BEGIN");
        const results = [];
        for (const q of body.queries) results.push(await runQuery(client, q));
        await client.query("COMMIT");
        res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ results }));
      } catch (error) {
        await client.query("ROLLBACK").catch(() => {});
        throw error;
      } finally {
        client.release();
      }
      return;
    }
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(await runQuery(pool, body)));
  } catch (error) {
    const e = error as { message?: string; code?: string; detail?: string; severity?: string };
    res.writeHead(400, { "content-type": "application/json" }).end(JSON.stringify({ message: e.message, code: e.code, detail: e.detail, severity: e.severity }));
  }
}

export interface LocalNeon {
  port: number;
  /** Value for NEON_LOCAL_PROXY. */
  address: string;
  close(): Promise<void>;
}

export async function startLocalNeon(port = 0): Promise<LocalNeon> {
  const server = createServer((req, res) => {
    if (req.method === "POST" && req.url?.startsWith("/sql")) {
      handleSql(req, res).catch((error: unknown) => {
        if (!res.headersSent) res.writeHead(500).end(String(error));
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
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await Promise.all([...pools.values()].map((p) => p.end()));
      pools.clear();
    },
  };
}
