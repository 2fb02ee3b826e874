import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startLocalNeon } from "../db/pg/local-neon";
import { TEST_SECRET } from "./helpers/config";

/*
 * Issue 20: the sessions CLI as a newcomer meets it. An unreachable Postgres is one
 * readable line (not "[object ErrorEvent]"); --json output is clean JSON on stdout, and a
 * reader that stops early (`| head -c 100`) gets no EPIPE stack trace.
 */

const root = path.resolve(__dirname, "..");
let dir = "";
let file = "";

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function run(command: string, args: string[], env: Record<string, string | undefined>): Promise<Run> {
  return new Promise((resolve) => {
    execFile(command, args, { cwd: root, env: { ...process.env, SESSION_SECRET: TEST_SECRET, CARTSESSION_DATA_DIR: dir, NEON_LOCAL_PROXY: undefined, ...env }, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) =>
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

const sessions = (args: string[], env: Record<string, string | undefined> = {}) => run(process.execPath, ["--import", "tsx", "scripts/sessions.ts", ...args], { DATABASE_URL: `file:${file}`, ...env });
const shell = (script: string) => run("bash", ["-c", script], { DATABASE_URL: `file:${file}` });

function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function expectOneReadableLine(result: Run): void {
  expect(result.code).toBe(1);
  expect(result.stdout).toBe("");
  expect(result.stderr).not.toMatch(/\[object|ErrorEvent|    at /);
  expect(result.stderr.endsWith("\n")).toBe(true);
  expect(result.stderr.trimEnd().split("\n")).toHaveLength(1);
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "cartsession-cli-errors-"));
  file = path.join(dir, "sessions.db");
  const seeded = await sessions(["generate", "1500"]);
  expect(seeded.code, seeded.stderr).toBe(0);
}, 60_000);
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("npm run sessions: an unreachable PostgreSQL", () => {
  it("without NEON_LOCAL_PROXY: says what it tried to reach, why it failed, and to start the bridge", async () => {
    const port = await closedPort();
    const result = await sessions(["stats"], { DATABASE_URL: `postgres://postgres@127.0.0.1:${port}/postgres` });
    expectOneReadableLine(result);
    expect(result.stderr).toMatch(new RegExp(`^sessions: cannot reach PostgreSQL at 127\\.0\\.0\\.1:${port} through the Neon driver \\(WebSocket wss://127\\.0\\.0\\.1/v2\\): `));
    expect(result.stderr).toMatch(/NEON_LOCAL_PROXY .*npm run neon:local/);
  });

  it("with NEON_LOCAL_PROXY pointing at a bridge that is not running: connection refused, is npm run neon:local running?", async () => {
    const [pgPort, bridgePort] = [await closedPort(), await closedPort()];
    const result = await sessions(["stats"], { DATABASE_URL: `postgres://postgres@127.0.0.1:${pgPort}/postgres`, NEON_LOCAL_PROXY: `127.0.0.1:${bridgePort}` });
    expectOneReadableLine(result);
    expect(result.stderr).toBe(
      `sessions: cannot reach PostgreSQL at 127.0.0.1:${pgPort} through the Neon driver: the local Neon bridge at 127.0.0.1:${bridgePort} (NEON_LOCAL_PROXY): connection refused; is npm run neon:local running?\n`,
    );
  });

  it("with the bridge running but no PostgreSQL behind it: names the PostgreSQL that refused", async () => {
    const bridge = await startLocalNeon(0);
    try {
      const pgPort = await closedPort();
      const result = await sessions(["stats"], { DATABASE_URL: `postgres://postgres@127.0.0.1:${pgPort}/postgres`, NEON_LOCAL_PROXY: bridge.address });
      expectOneReadableLine(result);
      expect(result.stderr).toBe(
        `sessions: cannot reach PostgreSQL at 127.0.0.1:${pgPort} through the Neon driver and the local bridge at ${bridge.address}: connection refused; is PostgreSQL running at 127.0.0.1:${pgPort}?\n`,
      );
    } finally {
      await bridge.close();
    }
  });
});

describe("npm run sessions: --json in a pipe", () => {
  it("`npm run --silent sessions -- stats --json` prints only JSON on stdout (what `| jq .` needs)", async () => {
    const result = await run("npm", ["run", "--silent", "sessions", "--", "stats", "--json"], { DATABASE_URL: `file:${file}` });
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ rows: 1500 });
  });

  it("`… stats --json | head -c 100` gives the first 100 characters of that JSON and nothing on stderr", async () => {
    const whole = (await sessions(["stats", "--json"])).stdout;
    const result = await shell("set -o pipefail; npm run --silent sessions -- stats --json | head -c 100");
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(whole.slice(0, 100));
  });

  it("a reader that closes early (`list --json | head -c 100`, far more than a pipe holds) gets no EPIPE stack trace, and the CLI exits 0", async () => {
    const result = await shell("set -o pipefail; node --import tsx scripts/sessions.ts list --json --per-page 1000 | head -c 100");
    expect(result.stdout).toHaveLength(100);
    expect(result.stdout.startsWith("{")).toBe(true);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
  });
});
