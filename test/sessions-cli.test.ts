import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openSqlite } from "../db/sqlite/open";
import { SqliteSessionStore } from "../db/sqlite/session-store";
import { TEST_SECRET } from "./helpers/config";

/* The CLI end to end: real processes (`node --import tsx scripts/sessions.ts`) on a real SQLite file. */

const DAY = 86_400;
let dir: string;
let file: string;

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function sessions(args: string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ["--import", "tsx", "scripts/sessions.ts", ...args],
      {
        cwd: path.resolve(__dirname, ".."),
        env: { ...process.env, DATABASE_URL: `file:${file}`, SESSION_SECRET: TEST_SECRET, CARTSESSION_DATA_DIR: dir, ...env },
      },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

async function json<T>(args: string[]): Promise<T> {
  const run = await sessions([...args, "--json"]);
  expect(run.stderr).toBe("");
  expect(run.code).toBe(0);
  return JSON.parse(run.stdout) as T;
}

/** Direct access to the same file, to set up rows the CLI is then checked against. */
async function withStore<T>(fn: (store: SqliteSessionStore) => Promise<T>): Promise<T> {
  const store = new SqliteSessionStore(openSqlite(file));
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

const now = () => Math.floor(Date.now() / 1000);
const guest = (c: string) => "t_" + c.repeat(30);

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), "cartsession-cli-"));
  file = path.join(dir, "sessions.db");
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("npm run sessions", () => {
  it("generates test data and counts active and expired sessions", async () => {
    expect((await sessions(["generate", "300"])).stdout).toMatch(/Generated 300 active sessions/);
    expect(await json(["generate", "200", "--expired"])).toMatchObject({ inserted: 200, expired: true });
    expect(await json(["count"])).toEqual({ active: 300, expired: 200, total: 500 });
    const table = await sessions(["count"]);
    expect(table.stdout).toMatch(/active\s+300\n/);
  });

  it("lists sessions newest first, paginated, with expiry, size and items in cart", async () => {
    const t = now();
    await withStore((store) =>
      store.bulkInsert([
        { key: guest("a"), value: JSON.stringify({ cart: [{ productId: "enamel-mug", quantity: 3 }, { productId: "linen-apron", quantity: 1 }] }), expiry: t + DAY - 120, created: t, updated: t + 2 },
        { key: guest("b"), value: JSON.stringify({ note: "no cart" }), expiry: t - 60, created: t, updated: t + 1 },
      ]),
    );
    type Page = { sessions: { key: string; itemsInCart: number; expired: boolean; bytes: number }[] };
    const first = await json<Page>(["list", "--per-page", "2"]);
    expect(first.sessions.map((s) => s.key)).toEqual([guest("a"), guest("b")]);
    expect(first.sessions[0]).toMatchObject({ itemsInCart: 4, expired: false });
    expect(first.sessions[1]).toMatchObject({ itemsInCart: 0, expired: true, bytes: 18 });
    const second = await json<Page>(["list", "--page", "2", "--per-page", "2"]);
    expect(second.sessions).toHaveLength(2);
    expect(second.sessions.map((s) => s.key)).not.toContain(guest("a"));

    const table = await sessions(["list", "--per-page", "2"]);
    const lines = table.stdout.trim().split("\n");
    expect(lines[0]).toMatch(/^KEY\s+EXPIRY\s+SIZE\s+ITEMS$/);
    expect(lines[2]).toMatch(new RegExp(`^${guest("a")}\\s+\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\dZ \\(in 23h 5\\dm\\)\\s+\\d+ B\\s+4$`));
    expect(lines[3]).toMatch(/\(expired 1m ago\)\s+18 B\s+0$/);
  });

  it("shows one session's value as pretty JSON, and deletes it", async () => {
    const shown = await sessions(["show", guest("a")]);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toContain('\n  "cart": [\n');
    expect(JSON.parse(shown.stdout)).toEqual({ cart: [{ productId: "enamel-mug", quantity: 3 }, { productId: "linen-apron", quantity: 1 }] });

    expect(await sessions(["delete", guest("a")])).toMatchObject({ code: 0, stdout: `Deleted session ${guest("a")}.\n` });
    expect(await sessions(["show", guest("a")])).toMatchObject({ code: 1, stderr: `sessions: No session with key ${guest("a")}.\n` });
    expect((await sessions(["delete", guest("a")])).code).toBe(1);
  });

  it("cleans up every expired session and records the run for stats", async () => {
    const result = await json<{ deleted: number; remaining: number; batches: number }>(["cleanup", "--batch", "50"]);
    expect(result).toMatchObject({ deleted: 201, remaining: 0 });
    expect(result.batches).toBeGreaterThanOrEqual(5);
    expect(await json(["count"])).toMatchObject({ expired: 0 });

    type Stats = { rows: number; tableBytes: number; largest: { bytes: number }[]; recentCleanups: { source: string; deleted: number }[] };
    const stats = await json<Stats>(["stats", "--top", "3"]);
    expect(stats.rows).toBe(300);
    expect(stats.tableBytes).toBeGreaterThan(0);
    expect(stats.largest).toHaveLength(3);
    expect(stats.largest[0]!.bytes).toBeGreaterThanOrEqual(stats.largest[2]!.bytes);
    expect(stats.recentCleanups[0]).toMatchObject({ source: "cli", deleted: 201 });
    expect((await sessions(["stats"])).stdout).toMatch(/Largest sessions[\s\S]*Recent cleanups/);
  });

  it("purges sessions idle longer than --older-than, expired or not", async () => {
    const t = now();
    await withStore((store) =>
      store.bulkInsert([
        { key: guest("c"), value: "{}", expiry: t + 60 * DAY, created: t - 40 * DAY, updated: t - 40 * DAY },
        { key: guest("d"), value: "{}", expiry: t + 60 * DAY, created: t - 25 * DAY, updated: t - 25 * DAY },
      ]),
    );
    expect(await json(["purge", "--older-than", "30d"])).toMatchObject({ deleted: 1, remaining: 0 });
    expect((await sessions(["show", guest("c")])).code).toBe(1);
    expect((await sessions(["show", guest("d")])).code).toBe(0);
    expect(await json(["purge", "--older-than", "480h"])).toMatchObject({ deleted: 1 });
  });

  it("runs two cleanups at once without failing or counting a row twice", async () => {
    await sessions(["generate", "20000", "--expired"]);
    const runs = await Promise.all([json<{ deleted: number }>(["cleanup", "--batch", "1000"]), json<{ deleted: number }>(["cleanup", "--batch", "1000"])]);
    expect(runs[0]!.deleted + runs[1]!.deleted).toBe(20_000);
  });

  it("prints help with every command", async () => {
    const help = await sessions(["help"]);
    expect(help.code).toBe(0);
    for (const name of ["count", "list", "show", "delete", "cleanup", "purge", "generate", "stats", "help"]) {
      expect(help.stdout).toMatch(new RegExp(`^  ${name}\\b`, "m"));
    }
  });

  it.each([
    [["frobnicate"], /unknown command "frobnicate"/],
    [[], /no command given/],
    [["show"], /missing argument/],
    [["show", "t_not-a-key"], /not a session key/],
    [["delete", "'; DROP TABLE sessions; --"], /not a session key/],
    [["list", "--page", "0"], /--page must be between 1/],
    [["list", "--per-page", "ten"], /--per-page must be a whole number/],
    [["list", "--bogus"], /Unknown option '--bogus'/],
    [["count", "extra"], /unexpected argument "extra"/],
    [["generate"], /missing argument/],
    [["generate", "-5"], /Unknown option '-5'/],
    [["generate", "many"], /<n> must be a whole number/],
    [["cleanup", "--batch", "0"], /--batch must be between 1/],
    [["purge"], /--older-than needs a duration like 30d or 12h/],
    [["purge", "--older-than", "30m"], /--older-than needs a duration/],
  ])("exits with code 2 and says why for %j", async (args, message) => {
    // The database path cannot be created: a command that reached the store would exit 1.
    const blocker = path.join(dir, "not-a-folder");
    writeFileSync(blocker, "");
    const run = await sessions(args, { DATABASE_URL: `file:${path.join(blocker, "x.db")}` });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stderr).toMatch(/npm run sessions -- help/);
    expect(run.stdout).toBe("");
  });

  it("fails with code 1 and a clear message when the store cannot be opened", async () => {
    const blocker = path.join(dir, "not-a-folder");
    writeFileSync(blocker, "");
    const run = await sessions(["count"], { DATABASE_URL: `file:${path.join(blocker, "x.db")}` });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^sessions: /);
  });
});
