import net from "node:net";
import pg from "pg";
import { startLocalNeon, type LocalNeon } from "../../db/pg/local-neon";
import { openPostgresStore } from "../../db/pg/open";
import type { PostgresSessionStore } from "../../db/pg/session-store";

/** The machine's PostgreSQL (trust auth); override with CARTSESSION_TEST_PG. */
export const ADMIN_URL = process.env.CARTSESSION_TEST_PG ?? "postgres://postgres@127.0.0.1:5432/test";

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

export interface TestDatabase {
  url: string;
  neon: LocalNeon;
  drop(): Promise<void>;
}

/** A fresh database for this run, reached through the local Neon bridge; dropped after. */
export async function createTestDatabase(prefix = "cartsession_test"): Promise<TestDatabase> {
  const name = `${prefix}_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const neon = await startLocalNeon(0);
  process.env.NEON_LOCAL_PROXY = neon.address;
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    neon,
    async drop() {
      await neon.close();
      const client = new pg.Client({ connectionString: ADMIN_URL });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}

export async function openTestPostgresStore(db: TestDatabase): Promise<PostgresSessionStore> {
  return openPostgresStore(db.url);
}
