import { SessionError, isStoreUnavailable } from "cartsession";
import { describe, expect, it } from "vitest";
import { classifyDatabaseError, guardOutages, isDatabaseOutage } from "./outage";

const withCode = (message: string, code: string) => Object.assign(new Error(message), { code });
/** What Drizzle throws: the driver's error as `cause` of "Failed query: <sql>". */
const drizzleWrapped = (cause: unknown, sql = "select ... from users where email = ?") => new Error(`Failed query: ${sql}\nparams: x`, { cause });

describe("the demo's outage rule for its own queries", () => {
  it.each([
    ["SQLite cannot open the file", withCode("unable to open database file", "SQLITE_CANTOPEN")],
    ["SQLite busy past the timeout", withCode("database is locked", "SQLITE_BUSY")],
    ["a read-only or full disk", withCode("attempt to write a readonly database", "SQLITE_READONLY")],
    ["an I/O error", withCode("disk I/O error", "SQLITE_IOERR_WRITE")],
    ["a refused connection", withCode("connect ECONNREFUSED 127.0.0.1:5432", "ECONNREFUSED")],
    ["Postgres shutting down", withCode("terminating connection due to administrator command", "57P01")],
    ["fetch failing (the Neon bridge is gone)", new TypeError("fetch failed", { cause: withCode("connect ECONNREFUSED", "ECONNREFUSED") })],
    ["Neon's endpoint unable to reach Postgres", new Error("Server error (HTTP status 503): upstream unavailable")],
    ["a connection lost mid-query", new Error("error communicating with the server: Broken pipe")],
    ["the round trip's deadline", Object.assign(new Error("The operation was aborted due to timeout"), { name: "TimeoutError" })],
  ])("counts %s as an outage, also wrapped by Drizzle", (_name, error) => {
    expect(isDatabaseOutage(error)).toBe(true);
    expect(isDatabaseOutage(drizzleWrapped(error))).toBe(true);
    const classified = classifyDatabaseError(drizzleWrapped(error));
    expect(classified).toBeInstanceOf(SessionError);
    expect(classified).toMatchObject({ code: "store_unavailable" });
    expect(isStoreUnavailable(classified)).toBe(true);
  });

  it.each([
    ["a unique violation", withCode("UNIQUE constraint failed: users.email", "SQLITE_CONSTRAINT_UNIQUE")],
    ["a syntax error", withCode('syntax error at or near "selec"', "42601")],
    ["Neon's result too large", new Error("Server error (HTTP status 507): response too large")],
    ["another SessionError", new SessionError("session_conflict", "lost the race")],
  ])("leaves %s as it is", (_name, error) => {
    expect(isDatabaseOutage(error)).toBe(false);
    expect(classifyDatabaseError(error)).toBe(error);
  });

  it("re-issues another bundle's store_unavailable as this bundle's SessionError, and keeps its other codes", () => {
    class ForeignSessionError extends Error {
      constructor(readonly code: string, message: string) {
        super(message);
        this.name = "SessionError";
      }
    }
    const foreign = new ForeignSessionError("store_unavailable", "The database is unavailable; please retry shortly.");
    const local = classifyDatabaseError(foreign);
    expect(local).toBeInstanceOf(SessionError);
    expect(local).toMatchObject({ code: "store_unavailable", message: foreign.message, cause: foreign });
    const conflict = new ForeignSessionError("session_conflict", "lost the race");
    expect(classifyDatabaseError(conflict)).toBe(conflict);
  });

  it("judges the driver's error, never the SQL text Drizzle puts in its message", () => {
    const constraint = withCode("UNIQUE constraint failed", "SQLITE_CONSTRAINT_UNIQUE");
    expect(isDatabaseOutage(drizzleWrapped(constraint, "update connection_timeout_socket set network = ?"))).toBe(false);
  });

  it("guards every method of a store, synchronous throws included", async () => {
    const store = guardOutages({
      sync: () => {
        throw withCode("unable to open database file", "SQLITE_CANTOPEN");
      },
      async constraint() {
        throw withCode("UNIQUE constraint failed", "SQLITE_CONSTRAINT_UNIQUE");
      },
      async fine() {
        return 42;
      },
      name: "plain value",
    });
    await expect(store.sync()).rejects.toMatchObject({ name: "SessionError", code: "store_unavailable" });
    await expect(store.constraint()).rejects.toMatchObject({ code: "SQLITE_CONSTRAINT_UNIQUE" });
    await expect(store.fine()).resolves.toBe(42);
    expect(store.name).toBe("plain value");
  });
});
