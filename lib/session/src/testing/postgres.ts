/**
 * Throwaway PostgreSQL databases for tests (this package's, an adapter's, an app's): one per
 * run, reached through the local Neon bridge, dropped after, and swept when a crashed run
 * left one behind. Needs `pg`.
 */
import { createHash, randomBytes } from "node:crypto";
import { readlinkSync } from "node:fs";
import { serverReachable, serviceOrSkipReason } from "./service.js";
import os from "node:os";
import { startLocalNeon, type LocalNeon } from "./local-neon.js";

interface AdminClient {
  connect(): Promise<unknown>;
  query<R>(text: string): Promise<{ rows: R[] }>;
  end(): Promise<void>;
}

/**
 * The server test databases are created on: CARTSESSION_TEST_PG, or the machine's
 * PostgreSQL (trust auth). Only its maintenance database `postgres`, which every server
 * has, is used, to create and drop them.
 */
export function testAdminUrl(env: Record<string, string | undefined> = process.env): string {
  return env.CARTSESSION_TEST_PG || "postgres://postgres@127.0.0.1:5432/postgres";
}

export function postgresReachable(url = testAdminUrl()): Promise<boolean> {
  return serverReachable(url, 5432);
}

/**
 * Whether this run can use Postgres: on CI (CI set) it is mandatory and an unreachable
 * server fails the run; elsewhere the Postgres suites skip with a printed reason.
 */
export function postgresOrSkipReason(): Promise<string | null> {
  return serviceOrSkipReason({ name: "PostgreSQL", url: testAdminUrl(), defaultPort: 5432, envVariable: "CARTSESSION_TEST_PG" });
}

/*
 * Names: `<prefix>_<host>_<pid>_<random>`. <pid> is the process that created (and drops)
 * it; <host> is 6 hex of this machine's name and PID namespace, because a pid only says
 * something on the machine (or container) that issued it.
 */
function pidNamespace(): string {
  try {
    return readlinkSync("/proc/self/ns/pid");
  } catch {
    return "";
  }
}

export const HOST_TAG = createHash("sha256").update(`${os.hostname()}\0${pidNamespace()}`).digest("hex").slice(0, 6);
const NAME = /^(cartsession(?:_[a-z0-9]+)*?)_([0-9a-f]{6})_(\d+)_([a-z0-9]{8})$/;

export function testDatabaseName(prefix = "cartsession_test", pid = process.pid): string {
  if (!/^cartsession(_[a-z0-9]+)*$/.test(prefix)) throw new Error(`test database prefix must look like cartsession_<word>: ${prefix}`);
  const random = BigInt(`0x${randomBytes(6).toString("hex")}`).toString(36).padStart(8, "0").slice(-8);
  return `${prefix}_${HOST_TAG}_${pid}_${random}`;
}

export function parseTestDatabaseName(name: string): { prefix: string; host: string; pid: number } | null {
  const m = NAME.exec(name);
  return m ? { prefix: m[1] as string, host: m[2] as string, pid: Number(m[3]) } : null;
}

/** Whether a process with this pid exists here (EPERM: it exists, it just is not ours). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

async function withAdmin<T>(fn: (admin: AdminClient) => Promise<T>): Promise<T> {
  const { default: pg } = (await import("pg")) as unknown as { default: { Client: new (config: { connectionString: string }) => AdminClient } };
  const admin = new pg.Client({ connectionString: testAdminUrl() });
  await admin.connect();
  try {
    return await fn(admin);
  } finally {
    await admin.end().catch(() => {});
  }
}

/**
 * Drops the test databases crashed runs left behind: named for this machine, created by a
 * process that no longer exists, and with nobody connected. A concurrently running test
 * process is alive, so its databases are kept; DROP DATABASE without FORCE also refuses one
 * someone connects to meanwhile. Returns the names dropped.
 */
export async function dropStaleTestDatabases(): Promise<string[]> {
  return withAdmin(async (admin) => {
    const { rows } = await admin.query<{ datname: string; connections: string }>(
      `SELECT d.datname, (SELECT count(*) FROM pg_stat_activity a WHERE a.datname = d.datname) AS connections
         FROM pg_database d WHERE d.datname LIKE 'cartsession\\_%' ORDER BY d.datname`,
    );
    const dropped: string[] = [];
    for (const { datname, connections } of rows) {
      const parsed = parseTestDatabaseName(datname);
      if (!parsed || parsed.host !== HOST_TAG || processAlive(parsed.pid) || Number(connections) > 0) continue;
      try {
        await admin.query(`DROP DATABASE IF EXISTS "${datname}"`);
        dropped.push(datname);
      } catch {
        // In use after all, or dropped by a concurrent run's clean-up: leave it.
      }
    }
    if (dropped.length) console.log(`[postgres] dropped ${dropped.length} test database(s) left by crashed runs: ${dropped.join(", ")}`);
    return dropped;
  });
}

let staleSweep: Promise<unknown> | undefined;

export interface TestDatabase {
  name: string;
  /** `postgres://…/<name>` on the test server. */
  url: string;
  /** The local Neon endpoint in front of it (`setLocalNeonEndpoint(neon.address)`). */
  neon: LocalNeon;
  /** Runs a statement as the server's admin (e.g. to create a least-privilege role). */
  admin(sql: string): Promise<void>;
  drop(): Promise<void>;
}

async function dropDatabase(name: string): Promise<void> {
  await withAdmin((admin) => admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
}

/**
 * A fresh database for this run behind its own local Neon bridge; `drop()` removes it
 * (call it from afterAll or finally). The first call in a process sweeps what crashed runs
 * left behind.
 */
export async function createTestDatabase(prefix = "cartsession_test"): Promise<TestDatabase> {
  staleSweep ??= dropStaleTestDatabases().catch((error: unknown) => console.log(`[postgres] could not sweep stale test databases: ${String(error)}`));
  await staleSweep;
  const name = testDatabaseName(prefix);
  await withAdmin((admin) => admin.query(`CREATE DATABASE "${name}"`));
  let neon: LocalNeon;
  try {
    neon = await startLocalNeon(0);
  } catch (error) {
    await dropDatabase(name).catch(() => {});
    throw error;
  }
  const url = new URL(testAdminUrl());
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    neon,
    async admin(sql) {
      const { default: pg } = (await import("pg")) as unknown as { default: { Client: new (config: { connectionString: string }) => AdminClient } };
      const client = new pg.Client({ connectionString: url.toString() });
      await client.connect();
      try {
        await client.query(sql);
      } finally {
        await client.end().catch(() => {});
      }
    },
    async drop() {
      try {
        await neon.close();
      } finally {
        await dropDatabase(name);
      }
    },
  };
}
