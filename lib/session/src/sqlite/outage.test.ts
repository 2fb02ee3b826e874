import { describe, expect, it } from "vitest";
import { isSqliteOutage } from "./outage.js";

describe("what counts as an outage on SQLite", () => {
  const sqliteError = (message: string, code: string) => Object.assign(new Error(message), { name: "SqliteError", code });

  it.each([
    ["a file that cannot be opened", sqliteError("unable to open database file", "SQLITE_CANTOPEN")],
    ["a lock held past the busy timeout", sqliteError("database is locked", "SQLITE_BUSY")],
    ["a read-only file", sqliteError("attempt to write a readonly database", "SQLITE_READONLY")],
    ["a full disk", sqliteError("database or disk is full", "SQLITE_FULL")],
    ["an I/O error", sqliteError("disk I/O error", "SQLITE_IOERR_WRITE")],
    ["a folder that cannot be created", Object.assign(new Error("ENOTDIR: not a directory"), { code: "EACCES" })],
    ["a connection closed under the store", new TypeError("The database connection is not open")],
  ])("%s is an outage", (_name, error) => {
    expect(isSqliteOutage(error)).toBe(true);
  });

  it.each([
    ["a bad statement", sqliteError('no such column: "nope"', "SQLITE_ERROR")],
    ["a constraint violation", sqliteError("UNIQUE constraint failed: sessions.session_key", "SQLITE_CONSTRAINT_UNIQUE")],
    ["a bug", new TypeError("x is not a function")],
  ])("%s is not", (_name, error) => {
    expect(isSqliteOutage(error)).toBe(false);
  });
});
