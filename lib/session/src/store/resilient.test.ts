import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { ClientClosedError, ClientOfflineError, ConnectionTimeoutError, ErrorReply, SocketClosedUnexpectedlyError, TimeoutError } from "redis";
import { afterEach, describe, expect, it } from "vitest";
import { createSessionEngine } from "../engine.js";
import { sqliteStore } from "../sqlite/index.js";
import { TEST_SECRET } from "../test-helpers.js";
import type { SessionStore } from "./port.js";
import { guardedSqlClient, isStoreUnavailable } from "./resilient.js";

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

describe("the engine's store: opened on first use, outages as store_unavailable", () => {
  it("reports an unreachable database as store_unavailable and recovers by itself when it is back", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "cartsession-outage-"));
    dirs.push(dir);
    const parent = path.join(dir, "db");
    writeFileSync(parent, "not a directory"); // the database folder cannot be created
    let opens = 0;
    let opened: SessionStore | undefined;
    const engine = createSessionEngine({
      secrets: TEST_SECRET,
      siteUrl: "http://localhost:3000",
      store: async () => {
        opens++;
        opened = await sqliteStore({ file: path.join(parent, "sessions.db") });
        return opened;
      },
    });
    await expect(engine.store.load("t_" + "a".repeat(30))).rejects.toMatchObject({ code: "store_unavailable" });
    expect((await engine.health()).status).toBe("unavailable");
    rmSync(parent);
    mkdirSync(parent);
    expect(await engine.store.load("t_" + "a".repeat(30))).toBeNull();
    expect((await engine.health()).status).toBe("ok");
    // Two failed opens (the load, the health check), then one that stays open.
    expect(opens).toBe(3);
    await opened?.close?.();
  });

  it("opens nothing until a method is called (a browsing visitor never opens the database)", async () => {
    let opens = 0;
    const engine = createSessionEngine({ secrets: TEST_SECRET, siteUrl: "http://localhost:3000", store: () => (opens++, Promise.reject(new Error("never"))) });
    const identity = await engine.identify({});
    const session = await engine.open(identity.cookie, { writable: false });
    expect(session.getSessionData()).toEqual({});
    expect(opens).toBe(0);
  });
});

describe("an app's own queries (guardedSqlClient) and isStoreUnavailable", () => {
  it("turns an unreachable database into store_unavailable and passes the app's own errors through", async () => {
    const failing = (error: Error) => ({ dialect: "sqlite" as const, all: () => Promise.reject(error), run: () => Promise.reject(error), transaction: () => Promise.reject(error) });
    const down = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" });
    await expect(guardedSqlClient(failing(down)).all("SELECT 1")).rejects.toMatchObject({ code: "store_unavailable" });
    const bug = new Error('no such column: "nope"');
    await expect(guardedSqlClient(failing(bug)).run("SELECT nope")).rejects.toBe(bug);
  });

  it("recognises the engine's outage error even from a second copy of the package (bundler layers)", () => {
    const copy = Object.assign(new Error("The session store is unavailable"), { name: "SessionError", code: "store_unavailable" });
    expect(isStoreUnavailable(copy)).toBe(true);
    expect(isStoreUnavailable(Object.assign(new Error("x"), { name: "SessionError", code: "session_too_large" }))).toBe(false);
    expect(isStoreUnavailable(new Error("fetch failed"))).toBe(true);
    expect(isStoreUnavailable(new TypeError("x is not a function"))).toBe(false);
  });
});

describe("what counts as an outage on Neon's HTTP endpoint", () => {
  // The shapes @neondatabase/serverless throws: a NeonDbError with the endpoint's message,
  // and its `code` (the SQLSTATE) only when the endpoint answered 400.
  const neonError = (message: string, code?: string) => Object.assign(new Error(message), { name: "NeonDbError", code });

  it.each([
    ["an endpoint that could not get a connection (5xx, the SQLSTATE only in the body)", neonError('Server error (HTTP status 500): {"message":"the database system is starting up","code":"57P03"}')],
    ["a gateway in front of the endpoint failing", neonError("Server error (HTTP status 502): Bad Gateway")],
    ["a connection lost mid-query (400, empty code)", neonError("error communicating with the server: Broken pipe (os error 32)", "")],
    ["a connection closed mid-query (400, empty code)", neonError("connection closed", "")],
    ["Postgres shutting down under a query", neonError("terminating connection due to administrator command", "57P01")],
    ["a query the endpoint cancelled", neonError("Query cancelled, connection was terminated", "08P01")],
    ["the endpoint unreachable", neonError("Error connecting to database: TypeError: fetch failed")],
    ["a round trip past the store's deadline", Object.assign(new Error("Postgres (Neon over HTTP) did not answer within 1000 ms"), { code: "ETIMEDOUT" })],
  ])("%s is store_unavailable", (_name, error) => {
    expect(isStoreUnavailable(error)).toBe(true);
  });

  it.each([
    ["a missing table", neonError('relation "sessions" does not exist', "42P01")],
    ["a unique violation", neonError('duplicate key value violates unique constraint "sessions_pkey"', "23505")],
    ["a response too large for the endpoint (507 is not an outage)", neonError("Server error (HTTP status 507): response is too large (max is 10485760 bytes)")],
  ])("%s is not", (_name, error) => {
    expect(isStoreUnavailable(error)).toBe(false);
  });
});

describe("node-redis errors", () => {
  it("counts the client's connection errors as outages (their messages name no connection, a timeout has none)", () => {
    for (const error of [new TimeoutError(), new ClientOfflineError(), new ClientClosedError(), new ConnectionTimeoutError(), new SocketClosedUnexpectedlyError(), new Error('Unknown RESP type 72 "H"')]) {
      expect(isStoreUnavailable(error), error.constructor.name).toBe(true);
    }
    expect(isStoreUnavailable(new ErrorReply("WRONGTYPE Operation against a key holding the wrong kind of value"))).toBe(false);
  });
});
