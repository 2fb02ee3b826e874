import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { PassThrough } from "node:stream";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sqliteStore, type SqliteSessionStore } from "../sqlite/index.js";
import { TEST_SECRET } from "../test-helpers.js";
import { runCli } from "./run.js";

/* The CLI on a real SQLite file: in-process for speed, and as a real process where pipes matter. */

const DAY = 86_400;
let dir: string;
let file: string;

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

async function cli(args: string[], env: Record<string, string> = {}): Promise<Run> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = "";
  let err = "";
  stdout.on("data", (c: Buffer) => (out += c.toString()));
  stderr.on("data", (c: Buffer) => (err += c.toString()));
  const code = await runCli(args, { stdout, stderr, env: { DATABASE_URL: `file:${file}`, SESSION_SECRET: TEST_SECRET, ...env }, cwd: dir });
  return { code, stdout: out, stderr: err };
}

async function json<T>(args: string[]): Promise<T> {
  const run = await cli([...args, "--json"]);
  expect(run.stderr).toBe("");
  expect(run.code).toBe(0);
  return JSON.parse(run.stdout) as T;
}

async function withStore<T>(fn: (store: SqliteSessionStore) => Promise<T>): Promise<T> {
  const store = await sqliteStore({ file });
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

const now = () => Math.floor(Date.now() / 1000);
const guest = (c: string) => "t_" + c.repeat(30);
const row = (key: string, value: string, activeUntil: number, updatedAt: number, customerId: string | null = null) => ({
  key,
  customerId,
  value,
  activeUntil,
  expiresAt: activeUntil + 2 * DAY,
  createdAt: updatedAt,
  updatedAt,
});

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), "cartsession-cli-"));
  file = path.join(dir, "sessions.db");
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("cartsession CLI", () => {
  it("migrates a database, then has nothing to do", async () => {
    expect(await cli(["migrate"])).toMatchObject({ code: 0, stdout: "Applied 0001_sessions, 0002_rate_limits, 0003_one_cart_index, 0004_no_sequences.\n" });
    expect(await json(["migrate"])).toEqual({ applied: [] });
  });

  it("generates test data and counts live and ended sessions", async () => {
    expect((await cli(["generate", "300"])).stdout).toMatch(/Generated 300 live sessions/);
    expect(await json(["generate", "200", "--expired"])).toMatchObject({ inserted: 200, expired: true });
    expect(await json(["count"])).toEqual({ total: 500, active: 300, activeGuests: 300, activeCustomers: 0, inactive: 200 });
  });

  it("lists sessions newest first, paged with the true total, filtered, with end, size and items", async () => {
    const t = now();
    await withStore((store) =>
      store.bulkInsert([
        row(guest("a"), JSON.stringify({ cart: [{ productId: "enamel-mug", quantity: 3 }, { productId: "linen-apron", quantity: 1 }] }), t + DAY - 120, t + 2),
        row("c_" + "b".repeat(30), JSON.stringify({ note: "no cart" }), t - 60, t + 1, "550e8400-e29b-41d4-a716-446655440000"),
      ]),
    );
    await withStore(async (store) => {
      const a = await store.load(guest("a"));
      await store.save({ ...a!, items: 4, now: t + 2, expectedVersion: a!.version });
    });
    type Page = { total: number; sessions: { key: string; customerId: string | null; itemsInCart: number; live: boolean; bytes: number }[] };
    const first = await json<Page>(["list", "--per-page", "2"]);
    expect(first.total).toBe(502);
    expect(first.sessions.map((s) => s.key)).toEqual([guest("a"), "c_" + "b".repeat(30)]);
    expect(first.sessions[0]).toMatchObject({ itemsInCart: 4, live: true });
    expect(first.sessions[1]).toMatchObject({ customerId: "550e8400-e29b-41d4-a716-446655440000", live: false, bytes: 18 });
    expect((await json<Page>(["list", "--customers"])).sessions.map((s) => s.key)).toEqual(["c_" + "b".repeat(30)]);
    expect((await json<Page>(["list", "--search", "550e8400-e29b-41d4-a716-446655440000"])).total).toBe(1);
    const table = await cli(["list", "--per-page", "2"]);
    const lines = table.stdout.trim().split("\n");
    expect(lines[0]).toMatch(/^KEY\s+CUSTOMER\s+ENDS\s+SIZE\s+ITEMS$/);
    expect(lines[2]).toMatch(new RegExp(`^${guest("a")}\\s+\\(guest\\)\\s+\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\dZ \\(in 23h 5\\dm\\)\\s+\\d+ B\\s+4$`));
    expect(lines.at(-1)).toMatch(/^Page 1 of 251 \(502 sessions\)$/);
  });

  it("shows one session's value as pretty JSON, exports it for a customer id, and deletes it", async () => {
    const shown = await cli(["show", guest("a")]);
    expect(shown.code).toBe(0);
    expect(JSON.parse(shown.stdout)).toEqual({ cart: [{ productId: "enamel-mug", quantity: 3 }, { productId: "linen-apron", quantity: 1 }] });
    const exported = JSON.parse((await cli(["export", "550e8400-e29b-41d4-a716-446655440000"])).stdout) as { data: unknown };
    expect(exported.data).toEqual({ note: "no cart" });
    expect(await cli(["delete", guest("a")])).toMatchObject({ code: 0, stdout: `Deleted ${guest("a")}.\n` });
    expect(await cli(["show", guest("a")])).toMatchObject({ code: 1, stderr: `cartsession: No session with key ${guest("a")}.\n` });
    expect(await cli(["erase", "550e8400-e29b-41d4-a716-446655440000"])).toMatchObject({ code: 0 });
    expect((await cli(["erase", "550e8400-e29b-41d4-a716-446655440000"])).code).toBe(1);
  });

  it("cleans up every expired session and records the run for stats", async () => {
    const result = await json<{ deleted: number; remaining: number; batches: number }>(["cleanup", "--batch", "50"]);
    expect(result).toMatchObject({ deleted: 200, remaining: 0 });
    expect(result.batches).toBeGreaterThanOrEqual(4);
    type Stats = { rows: number; active: number; tableBytes: number; largest: { bytes: number }[]; recentCleanups: { source: string; deleted: number }[] };
    const stats = await json<Stats>(["stats", "--top", "3"]);
    expect(stats.rows).toBe(300);
    expect(stats.tableBytes).toBeGreaterThan(0);
    expect(stats.largest).toHaveLength(3);
    expect(stats.largest[0]!.bytes).toBeGreaterThanOrEqual(stats.largest[2]!.bytes);
    expect(stats.recentCleanups[0]).toMatchObject({ source: "cli", deleted: 200 });
    expect((await cli(["stats"])).stdout).toMatch(/Largest sessions[\s\S]*Recent cleanups/);
  });

  it("purges sessions idle longer than --older-than, expired or not", async () => {
    const t = now();
    await withStore((store) => store.bulkInsert([row(guest("c"), "{}", t + 60 * DAY, t - 40 * DAY), row(guest("d"), "{}", t + 60 * DAY, t - 25 * DAY)]));
    expect(await json(["purge", "--older-than", "30d"])).toMatchObject({ deleted: 1, remaining: 0 });
    expect((await cli(["show", guest("c")])).code).toBe(1);
    expect((await cli(["show", guest("d")])).code).toBe(0);
  });

  it("prints help with every command", async () => {
    const help = await cli(["help"]);
    expect(help.code).toBe(0);
    for (const name of ["migrate", "count", "list", "show", "delete", "export", "erase", "logout-everywhere", "cleanup", "purge", "generate", "stats", "help"]) {
      expect(help.stdout).toMatch(new RegExp(`^  ${name}\\b`, "m"));
    }
  });

  it.each([
    [["frobnicate"], /unknown command "frobnicate"/],
    [["show"], /missing argument/],
    [["show", "t_not-a-key"], /not a session key/],
    [["delete", "'; DROP TABLE sessions; --"], /not a session key/],
    [["export", "x".repeat(300)], /neither a session key nor a customer id/],
    [["list", "--page", "0"], /--page must be between 1/],
    [["list", "--per-page", "ten"], /--per-page must be a whole number/],
    [["list", "--bogus"], /Unknown option '--bogus'/],
    [["count", "extra"], /unexpected argument "extra"/],
    [["generate", "many"], /<n> must be a whole number/],
    [["cleanup", "--batch", "0"], /--batch must be between 1/],
    [["purge", "--older-than", "30m"], /--older-than needs a duration/],
  ])("exits with code 2 and says why for %j, before touching the database", async (args, message) => {
    const blocker = path.join(dir, "not-a-folder");
    writeFileSync(blocker, "");
    const run = await cli(args, { DATABASE_URL: `file:${path.join(blocker, "x.db")}` });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stderr).toMatch(/cartsession help/);
    expect(run.stdout).toBe("");
  });

  it("fails with code 1 and one readable line when the database cannot be reached", async () => {
    const blocker = path.join(dir, "not-a-folder");
    writeFileSync(blocker, "");
    const sqlite = await cli(["count"], { DATABASE_URL: `file:${path.join(blocker, "x.db")}` });
    expect(sqlite.code).toBe(1);
    expect(sqlite.stderr).toMatch(/^cartsession: cannot reach the SQLite file .*x\.db: .+\n$/);
    const pg = await cli(["count"], { DATABASE_URL: "postgres://postgres@127.0.0.1:1/nowhere" });
    expect(pg.code).toBe(1);
    expect(pg.stderr).toMatch(/^cartsession: cannot reach PostgreSQL at 127\.0\.0\.1:1\/nowhere through the Neon driver: .+\n$/);
    expect(pg.stderr).not.toMatch(/\[object/);
    expect(pg.stderr.trim().split("\n")).toHaveLength(1);
  });

  it("pipes cleanly as a real process: JSON only on stdout, no EPIPE trace when the reader stops early", async () => {
    const main = path.join(path.dirname(fileURLToPath(import.meta.url)), "main.ts");
    const run = await new Promise<Run>((resolve) =>
      execFile("/bin/sh", ["-c", `"${process.execPath}" --import tsx "${main}" list --per-page 1000 --json --database "file:${file}" | head -c 100`], { env: { ...process.env, DATABASE_URL: `file:${file}` } }, (error, stdout, stderr) =>
        resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
      ),
    );
    expect(run.stdout.startsWith("{")).toBe(true);
    expect(run.stdout).toHaveLength(100);
    expect(run.stderr).toBe("");
  }, 30_000);
});

describe("cartsession neon-local", () => {
  it("serves Neon's HTTP endpoint in front of the local PostgreSQL until stopped, for the Neon driver", async () => {
    const { postgresOrSkipReason } = await import("../testing/postgres.js");
    if (await postgresOrSkipReason()) return;
    const stop = new AbortController();
    const stdout = new PassThrough();
    let out = "";
    stdout.on("data", (c: Buffer) => (out += c.toString()));
    const running = runCli(["neon-local", "--port", "0"], { stdout, stderr: new PassThrough(), env: {}, signal: stop.signal });
    await expect.poll(() => out, { timeout: 10_000 }).toMatch(/NEON_LOCAL_PROXY=127\.0\.0\.1:\d+/);
    const address = /NEON_LOCAL_PROXY=(127\.0\.0\.1:\d+)/.exec(out)![1]!;
    const { neon } = await import("@neondatabase/serverless");
    const { setLocalNeonEndpoint } = await import("../testing/local-neon.js");
    setLocalNeonEndpoint(address);
    const rows = await neon(process.env.CARTSESSION_TEST_PG || "postgres://postgres@127.0.0.1:5432/postgres").query("SELECT 40 + 2 AS answer");
    expect(rows).toEqual([{ answer: 42 }]);
    stop.abort();
    expect(await running).toBe(0);
  });

  it("refuses a bad port with exit 2 before starting anything", async () => {
    const stderr = new PassThrough();
    let err = "";
    stderr.on("data", (c: Buffer) => (err += c.toString()));
    expect(await runCli(["neon-local", "--port", "99999"], { stdout: new PassThrough(), stderr, env: {} })).toBe(2);
    expect(err).toContain("--port must be a port number");
  });

  it("is listed in the help", async () => {
    const run = await cli(["help"]);
    expect(run.stdout).toMatch(/neon-local \[--port N\]\s+Serve Neon's HTTP endpoint/);
  });
});
