import { createHash, randomBytes } from "node:crypto";
import { readlinkSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import pg from "pg";
import { startLocalNeon, type LocalNeon } from "../../db/pg/local-neon";
import { openPostgresStore } from "../../db/pg/open";
import type { PostgresSessionStore } from "../../db/pg/session-store";

/**
 * The server the per-run test databases are created on: CARTSESSION_TEST_PG, or the
 * machine's PostgreSQL (trust auth). Its maintenance database `postgres`, which every
 * server has, is only used to create and drop them.
 */
export function testAdminUrl(env: Record<string, string | undefined> = process.env): string {
  return env.CARTSESSION_TEST_PG || "postgres://postgres@127.0.0.1:5432/postgres";
}

export const ADMIN_URL = testAdminUrl();

export async function postgresReachable(): Promise<boolean> {
  const url = new URL(ADMIN_URL);
  return new Promise((resolve) => {
    const socket = net.connect(Number(url.port || 5432), url.hostname);
    socket.setTimeout(1500);
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
    socket.once("timeout", () => {
      socket.destroy();
      resolve(false);
    });
  });
}

/**
 * Whether this run must use Postgres: on CI it is mandatory (an unreachable server fails
 * the run); elsewhere the Postgres suites skip with a printed reason.
 */
export async function postgresOrSkipReason(): Promise<string | null> {
  if (await postgresReachable()) return null;
  const reason = `PostgreSQL is not reachable at ${new URL(ADMIN_URL).host}`;
  if (process.env.CI) throw new Error(`${reason}; it is mandatory on CI`);
  console.log(`[skip] ${reason}: skipping the Postgres suites`);
  return reason;
}

/*
 * Test database names: `<prefix>_<host>_<pid>_<random>`, e.g.
 * cartsession_test_3fa9c1_48213_k2j9x0aa. <pid> is the process that created (and drops)
 * it; <host> is 6 hex of this machine's name and PID namespace, because a pid only says
 * something about processes on the machine (or container) that issued it. Another
 * machine's or container's databases on a shared server are never judged by our pids.
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
  return m ? { prefix: m[1]!, host: m[2]!, pid: Number(m[3]) } : null;
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

async function withAdmin<T>(fn: (admin: pg.Client) => Promise<T>): Promise<T> {
  const admin = new pg.Client({ connectionString: ADMIN_URL });
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
 * process (another worker, another engineer's run) is alive, so its databases are kept;
 * `DROP DATABASE` without FORCE also refuses a database someone connects to meanwhile.
 * Returns the names it dropped.
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
  url: string;
  neon: LocalNeon;
  drop(): Promise<void>;
}

async function dropDatabase(name: string): Promise<void> {
  await withAdmin((admin) => admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
}

/**
 * A fresh database for this run, reached through the local Neon bridge; `drop()` removes
 * it (call it from afterAll / finally). The first call in a process first drops what
 * crashed runs left behind.
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
  process.env.NEON_LOCAL_PROXY = neon.address;
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    neon,
    async drop() {
      try {
        await neon.close();
      } finally {
        await dropDatabase(name);
      }
    },
  };
}

export async function openTestPostgresStore(db: TestDatabase): Promise<PostgresSessionStore> {
  return openPostgresStore(db.url);
}
