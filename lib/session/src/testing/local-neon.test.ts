import net from "node:net";
import { neon, neonConfig, NeonDbError } from "@neondatabase/serverless";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startLocalNeon } from "./local-neon.js";
import { createTestDatabase, postgresOrSkipReason, type TestDatabase } from "./postgres.js";

/*
 * The local Neon bridge answers SQL errors as Neon's SQL-over-HTTP endpoint does (400 with
 * the Postgres error's fields), so `neon()` rejects at once with a NeonDbError carrying the
 * SQLSTATE instead of waiting forever on a response that never comes.
 */

let db: TestDatabase | undefined;
let skipReason: string | null = null;

beforeAll(async () => {
  skipReason = await postgresOrSkipReason();
  if (skipReason) return;
  db = await createTestDatabase();
  neonConfig.fetchEndpoint = () => `http://${db!.neon.address}/sql`;
});

afterAll(async () => {
  await db?.drop();
});

/** Settles within `ms` or fails the test: a hang must not pass as a slow success. */
async function within<T>(ms: number, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms (the bridge left the request hanging)`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function rejection(promise: Promise<unknown>): Promise<NeonDbError> {
  const error = await within(5_000, promise.then(
    () => {
      throw new Error("expected the query to fail");
    },
    (e: unknown) => e,
  ));
  expect(error).toBeInstanceOf(NeonDbError);
  return error as NeonDbError;
}

async function post(body: string, connectionString = db!.url) {
  const response = await within(5_000, fetch(`http://${db!.neon.address}/sql`, { method: "POST", body, headers: { "Neon-Connection-String": connectionString } }));
  return { status: response.status, body: (await response.json()) as { message: string; code?: string | null } };
}

function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

describe("local Neon bridge: errors", () => {
  it("a query on a missing table rejects promptly with code 42P01, and the bridge keeps answering", async (ctx) => {
    if (skipReason) return ctx.skip(skipReason);
    const sql = neon(db!.url);
    const error = await rejection(sql.query("SELECT * FROM no_such_table"));
    expect(error.code).toBe("42P01");
    expect(error.message).toMatch(/no_such_table/);
    expect(error.severity).toBe("ERROR");
    expect(await within(5_000, sql.query("SELECT 1 + 1 AS two"))).toEqual([{ two: 2 }]);
  });

  it("a syntax error carries 42601 and its position", async (ctx) => {
    if (skipReason) return ctx.skip(skipReason);
    const error = await rejection(neon(db!.url).query("SELEC 1"));
    expect(error.code).toBe("42601");
    expect(error.position).toBe("1");
  });

  it("a failing statement in a batch rejects with its code and rolls the whole batch back", async (ctx) => {
    if (skipReason) return ctx.skip(skipReason);
    const sql = neon(db!.url);
    const error = await rejection(
      sql.transaction([sql.query("CREATE TABLE batch_probe (id int PRIMARY KEY)"), sql.query("INSERT INTO batch_probe VALUES (1)"), sql.query("INSERT INTO batch_probe VALUES (1)")]),
    );
    expect(error.code).toBe("23505");
    expect(error.constraint).toBe("batch_probe_pkey");
    expect((await rejection(sql.query("SELECT * FROM batch_probe"))).code).toBe("42P01");
  });

  it("a malformed or shapeless body is answered 400 with a message", async (ctx) => {
    if (skipReason) return ctx.skip(skipReason);
    const broken = await post("{not json");
    expect(broken.status).toBe(400);
    expect(broken.body.message).toMatch(/could not parse the HTTP request body/);
    const shapeless = await post(JSON.stringify({ sql: "SELECT 1" }));
    expect(shapeless.status).toBe(400);
    expect(shapeless.body.message).toMatch(/could not parse the HTTP request body/);
  });

  it("a connection Postgres refuses (no such database) is answered at once with 500 and its code in the body, as Neon answers it", async (ctx) => {
    if (skipReason) return ctx.skip(skipReason);
    const url = new URL(db!.url);
    url.pathname = "/cartsession_no_such_database";
    const error = await rejection(neon(url.toString()).query("SELECT 1"));
    expect(error.message).toMatch(/^Server error \(HTTP status 500\)/);
    const raw = await post(JSON.stringify({ query: "SELECT 1", params: [] }), url.toString());
    expect(raw.status).toBe(500);
    expect(raw.body.code).toBe("3D000");
    expect(raw.body.message).toMatch(/does not exist/);
  });

  it("a database server that is not there is answered at once (500, as Neon answers an unreachable compute)", async (ctx) => {
    if (skipReason) return ctx.skip(skipReason);
    const url = `postgres://postgres@127.0.0.1:${await closedPort()}/postgres`;
    const error = await rejection(neon(url).query("SELECT 1"));
    expect(error.message).toMatch(/HTTP status 500/);
    expect(error.message).toMatch(/ECONNREFUSED/);
    const raw = await post(JSON.stringify({ query: "SELECT 1", params: [] }), url);
    expect(raw.status).toBe(500);
    expect(raw.body.code).toBe("ECONNREFUSED");
  });

  it("a database outside the machine is refused with 400", async (ctx) => {
    if (skipReason) return ctx.skip(skipReason);
    const refused = await post(JSON.stringify({ query: "SELECT 1", params: [] }), "postgres://postgres@db.example.com:5432/postgres");
    expect(refused.status).toBe(400);
    expect(refused.body.message).toMatch(/only loopback/);
  });
});

describe("local Neon bridge: faults", () => {
  it("cut() fails every request at once (open connections too), and clear() restores the link", async (ctx) => {
    if (skipReason) return ctx.skip(skipReason);
    const bridge = await startLocalNeon(0);
    const endpoint = neonConfig.fetchEndpoint;
    neonConfig.fetchEndpoint = () => `http://${bridge.address}/sql`;
    try {
      const sql = neon(db!.url);
      expect(await within(5_000, sql.query("SELECT 1 AS one"))).toEqual([{ one: 1 }]);
      // The request in flight when the link is cut gets no answer either (the driver's
      // queries are lazy: then() sends them).
      const inFlight = sql.query("SELECT pg_sleep(0.3)").then((rows) => rows);
      await new Promise((r) => setTimeout(r, 100));
      bridge.faults.cut();
      expect(bridge.faults.active).toBe("cut");
      expect((await rejection(inFlight)).message).toMatch(/Error connecting to database: TypeError: fetch failed/);
      for (let i = 0; i < 3; i++) expect((await rejection(sql.query("SELECT 1"))).message).toMatch(/Error connecting to database: TypeError: fetch failed/);
      bridge.faults.clear();
      expect(await within(5_000, sql.query("SELECT 1 AS one"))).toEqual([{ one: 1 }]);
    } finally {
      neonConfig.fetchEndpoint = endpoint;
      await bridge.close();
    }
  });

  it("slow(ms) holds every answer after the statement ran (a write commits before its answer), and clear() sends the held ones", async (ctx) => {
    if (skipReason) return ctx.skip(skipReason);
    const bridge = await startLocalNeon(0);
    const endpoint = neonConfig.fetchEndpoint;
    neonConfig.fetchEndpoint = () => `http://${bridge.address}/sql`;
    try {
      const sql = neon(db!.url);
      await sql.query("CREATE TABLE IF NOT EXISTS slow_probe (id int)");
      bridge.faults.slow(60_000);
      expect(bridge.faults.active).toBe("slow");
      const started = Date.now();
      const held = sql.query("INSERT INTO slow_probe VALUES (1) RETURNING id").then((rows) => rows);
      const direct = new pg.Client({ connectionString: db!.url });
      await direct.connect();
      try {
        // Committed while the answer is still held.
        for (let i = 0; i < 50 && (await direct.query("SELECT 1 FROM slow_probe")).rowCount === 0; i++) await new Promise((r) => setTimeout(r, 20));
        expect((await direct.query("SELECT 1 FROM slow_probe")).rowCount).toBe(1);
      } finally {
        await direct.end();
      }
      expect(await Promise.race([held.then(() => "answered"), new Promise((r) => setTimeout(() => r("held"), 300))])).toBe("held");
      bridge.faults.clear();
      expect(await within(5_000, held)).toEqual([{ id: 1 }]);
      expect(Date.now() - started).toBeLessThan(10_000);
      // A client that gives up (its own deadline) gets a timeout, not an answer.
      bridge.faults.slow(60_000);
      const error = await rejection(sql.query("SELECT 1", [], { fetchOptions: { signal: AbortSignal.timeout(200) } }));
      expect(error.message).toMatch(/aborted due to timeout/);
    } finally {
      neonConfig.fetchEndpoint = endpoint;
      // close() releases answers still held, so it returns at once.
      await within(5_000, bridge.close());
    }
  });

  it("slow() refuses a delay that is not a positive number", async () => {
    const bridge = await startLocalNeon(0);
    try {
      expect(() => bridge.faults.slow(0)).toThrow(RangeError);
      expect(() => bridge.faults.slow(Number.NaN)).toThrow(RangeError);
      expect(bridge.faults.active).toBe("none");
    } finally {
      await bridge.close();
    }
  });
});

describe("local Neon bridge: close()", () => {
  it("returns promptly while a client is still sending a request, so a test database can always be dropped", async () => {
    const bridge = await startLocalNeon(0);
    const socket = net.connect(bridge.port, "127.0.0.1");
    await new Promise<void>((resolve) => socket.once("connect", () => resolve()));
    // Headers promise a body that never arrives: the request stays open.
    socket.write("POST /sql HTTP/1.1\r\nHost: 127.0.0.1\r\nNeon-Connection-String: postgres://postgres@127.0.0.1/postgres\r\nContent-Length: 100\r\n\r\n{");
    socket.on("error", () => {});
    await new Promise((r) => setTimeout(r, 100));
    await within(5_000, bridge.close());
    socket.destroy();
  });
});
