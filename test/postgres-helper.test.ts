import { spawn, type ChildProcess } from "node:child_process";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ADMIN_URL,
  createTestDatabase,
  dropStaleTestDatabases,
  HOST_TAG,
  parseTestDatabaseName,
  postgresOrSkipReason,
  processAlive,
  testAdminUrl,
  testDatabaseName,
} from "./helpers/postgres";

/* test/helpers/postgres.ts: where test databases are created, and which stale ones it drops. */

let skipReason: string | null = null;
let admin: pg.Client | undefined;
const created: string[] = [];

beforeAll(async () => {
  skipReason = await postgresOrSkipReason();
  if (skipReason) return;
  admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
});

afterAll(async () => {
  try {
    for (const name of created) await admin?.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  } finally {
    await admin?.end();
  }
});

async function createRaw(name: string): Promise<string> {
  created.push(name);
  await admin!.query(`CREATE DATABASE "${name}"`);
  return name;
}

async function exists(name: string): Promise<boolean> {
  return (await admin!.query("SELECT 1 FROM pg_database WHERE datname = $1", [name])).rowCount === 1;
}

/** A node process that keeps running until killed: a concurrently running test process. */
function liveProcess(): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["-e", "setInterval(() => {}, 1000); process.stdout.write('up')"], { stdio: ["ignore", "pipe", "ignore"] });
    child.once("error", reject);
    child.stdout!.once("data", () => resolve(child));
  });
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.once("exit", () => resolve());
    child.kill("SIGKILL");
  });
}

/** The pid of a process that has come and gone: a crashed test run. */
async function deadPid(): Promise<number> {
  const child = await liveProcess();
  const pid = child.pid!;
  await stop(child);
  expect(processAlive(pid)).toBe(false);
  return pid;
}

describe("test/helpers/postgres", () => {
  it("creates its databases through the maintenance database `postgres` unless CARTSESSION_TEST_PG says otherwise", () => {
    expect(testAdminUrl({})).toBe("postgres://postgres@127.0.0.1:5432/postgres");
    expect(testAdminUrl({ CARTSESSION_TEST_PG: "postgres://ci@db:5433/postgres" })).toBe("postgres://ci@db:5433/postgres");
  });

  it("names each database after this machine and the creating pid", () => {
    const name = testDatabaseName("cartsession_multi");
    expect(name.length).toBeLessThanOrEqual(63);
    expect(parseTestDatabaseName(name)).toEqual({ prefix: "cartsession_multi", host: HOST_TAG, pid: process.pid });
    expect(parseTestDatabaseName("cartsession_test_4242_abcdefgh")).toBeNull();
    expect(parseTestDatabaseName("cartsession")).toBeNull();
  });

  it("creates a reachable database and drop() removes it", async (ctx) => {
    if (skipReason) return ctx.skip(skipReason);
    const db = await createTestDatabase();
    try {
      expect(parseTestDatabaseName(db.name)?.pid).toBe(process.pid);
      expect(new URL(db.url).pathname).toBe(`/${db.name}`);
      expect(await exists(db.name)).toBe(true);
      await db.drop();
      expect(await exists(db.name)).toBe(false);
    } finally {
      await db.drop();
    }
  });

  it("drops the databases of crashed runs and keeps those of running processes, other machines, and open connections", async (ctx) => {
    if (skipReason) return ctx.skip(skipReason);
    const otherHost = HOST_TAG === "000000" ? "ffffff" : "000000";
    const running = await liveProcess();
    try {
      const crashed = await createRaw(testDatabaseName("cartsession_test", await deadPid()));
      const crashedMulti = await createRaw(testDatabaseName("cartsession_multi", await deadPid()));
      const concurrent = await createRaw(testDatabaseName("cartsession_test", running.pid));
      const ours = await createRaw(testDatabaseName("cartsession_test"));
      const elsewhere = await createRaw(testDatabaseName("cartsession_test", await deadPid()).replace(`_${HOST_TAG}_`, `_${otherHost}_`));
      const notOurs = await createRaw("cartsession_keep_me");
      const inUse = await createRaw(testDatabaseName("cartsession_test", await deadPid()));
      const user = new URL(ADMIN_URL);
      user.pathname = `/${inUse}`;
      const connected = new pg.Client({ connectionString: user.toString() });
      await connected.connect();
      try {
        const dropped = await dropStaleTestDatabases();
        expect(dropped).toEqual(expect.arrayContaining([crashed, crashedMulti]));
        for (const kept of [concurrent, ours, elsewhere, notOurs, inUse]) expect(dropped, kept).not.toContain(kept);
        expect(await exists(crashed)).toBe(false);
        expect(await exists(crashedMulti)).toBe(false);
        for (const kept of [concurrent, ours, elsewhere, notOurs, inUse]) expect(await exists(kept), kept).toBe(true);
      } finally {
        await connected.end();
      }

      // Once the concurrent process has ended and the connection is closed, both go too.
      await stop(running);
      const later = await dropStaleTestDatabases();
      expect(later).toEqual(expect.arrayContaining([concurrent, inUse]));
      expect(await exists(concurrent)).toBe(false);
      expect(await exists(inUse)).toBe(false);
      expect(await exists(ours)).toBe(true);
    } finally {
      if (running.exitCode === null && running.signalCode === null) await stop(running);
    }
  });
});
