import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openSqlite } from "../db/sqlite/open";
import { SqliteSessionStore } from "../db/sqlite/session-store";
import { SqliteUserStore } from "../db/sqlite/user-store";
import { TEST_SECRET } from "./helpers/config";

/* GDPR export and erasure through the CLI, end to end on a real SQLite file. */

let dir: string;
let file: string;

function sessions(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ["--import", "tsx", "scripts/sessions.ts", ...args],
      { cwd: path.resolve(__dirname, ".."), env: { ...process.env, DATABASE_URL: `file:${file}`, SESSION_SECRET: TEST_SECRET, CARTSESSION_DATA_DIR: dir } },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "cartsession-gdpr-"));
  file = path.join(dir, "sessions.db");
  const store = new SqliteSessionStore(openSqlite(file));
  const now = Math.floor(Date.now() / 1000);
  const value = JSON.stringify({ cart: [{ productId: "linen-apron", quantity: 1 }], checkout: { email: "demo@example.com" } });
  await store.save({ key: "1", value, expiry: now + 3600, expectedVersion: null, now });
  await store.close();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("sessions export / erase", () => {
  it("exports the account (without its password hash) and the session data", async () => {
    const run = await sessions(["export", "1"]);
    expect(run.code).toBe(0);
    const data = JSON.parse(run.stdout);
    expect(data.account).toMatchObject({ id: "1", email: "demo@example.com" });
    expect(run.stdout).not.toContain("scrypt");
    expect(data.session.data.checkout).toEqual({ email: "demo@example.com" });
  });

  it("erasing a customer erases their session and their account", async () => {
    const run = await sessions(["erase", "1", "--json"]);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ key: "1", session: true, account: true });
    const store = new SqliteSessionStore(openSqlite(file));
    try {
      expect(await store.load("1")).toBeNull();
      expect(await new SqliteUserStore(store.db).findById("1")).toBeNull();
    } finally {
      await store.close();
    }
    const again = await sessions(["export", "1"]);
    expect(again.code).toBe(1);
  });

  it("refuses a malformed key with exit code 2 before touching the store", async () => {
    expect((await sessions(["erase", "1; DROP TABLE sessions"])).code).toBe(2);
  });
});
