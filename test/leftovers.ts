/**
 * CI's "no leftovers" check (.ci/run): a test run must remove every `cartsession-*` temp
 * folder, every test database and every test Redis key prefix it created, even when tests
 * fail.
 *
 *   node --import tsx test/leftovers.ts snapshot <file>   before the tests: what exists already
 *   node --import tsx test/leftovers.ts check <file>      after them: exit 1, listing what
 *                                                         the run created and left behind
 */
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { redisReachable } from "cartsession/testing";
import pg from "pg";
import { createClient } from "redis";
import { ADMIN_URL, postgresReachable } from "./helpers/postgres";

const REDIS_URL = process.env.CARTSESSION_TEST_REDIS || "redis://127.0.0.1:6379";

/** Whether a process with this pid exists here (EPERM: it exists, it just is not ours). */
function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

interface Snapshot {
  tmp: string[];
  databases: string[] | null;
  /** Key prefixes of test runs (`cartsession-<label>:<host>:<pid>:<random>:`) with keys in the test Redis. */
  redisPrefixes?: string[] | null;
}

const TEST_PREFIX = /^(cartsession-[a-z0-9-]+:([0-9a-f]{6}):(\d+):[0-9a-f]{8}:)/;

async function testRedisPrefixes(): Promise<string[] | null> {
  if (!(await redisReachable())) return null;
  const client = createClient({ url: REDIS_URL });
  await client.connect();
  try {
    const prefixes = new Set<string>();
    for await (const keys of client.scanIterator({ MATCH: "cartsession-*", COUNT: 1000 })) {
      for (const key of keys) {
        const match = TEST_PREFIX.exec(key);
        if (match) prefixes.add(match[1] as string);
      }
    }
    return [...prefixes].sort();
  } finally {
    client.destroy();
  }
}

/** A prefix the run left keys under, unless a process that is still running owns it. */
function leftoverPrefix(prefix: string): boolean {
  const [, , , pid] = TEST_PREFIX.exec(prefix) ?? [];
  return !processAlive(Number(pid));
}

function tempFolders(): string[] {
  return readdirSync(tmpdir())
    .filter((name) => name.startsWith("cartsession-"))
    .sort();
}

async function testDatabases(): Promise<string[] | null> {
  if (!(await postgresReachable())) return null;
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    const { rows } = await client.query<{ datname: string }>("SELECT datname FROM pg_database WHERE datname LIKE 'cartsession\\_%' ORDER BY datname");
    return rows.map((r) => r.datname);
  } finally {
    await client.end();
  }
}

async function snapshot(): Promise<Snapshot> {
  return { tmp: tempFolders(), databases: await testDatabases(), redisPrefixes: await testRedisPrefixes() };
}

/**
 * A database the run created is a leftover unless a process that is still running owns it
 * (a concurrent run on this machine): `cartsession/testing` names them
 * `<prefix>_<host>_<pid>_<random>`, with the creating process's pid.
 */
function leftoverDatabase(name: string): boolean {
  const pid = /_(\d+)_[a-z0-9]{8}$/.exec(name)?.[1];
  return pid === undefined || !processAlive(Number(pid));
}

const [command, file] = process.argv.slice(2);
if ((command !== "snapshot" && command !== "check") || !file) {
  console.error("usage: node --import tsx test/leftovers.ts snapshot|check <file>");
  process.exit(2);
}

if (command === "snapshot") {
  const now = await snapshot();
  writeFileSync(file, JSON.stringify(now, null, 2));
  console.log(
    `leftovers: ${now.tmp.length} cartsession-* temp folder(s), ${now.databases?.length ?? "(no PostgreSQL)"} cartsession_* database(s) and ${now.redisPrefixes?.length ?? "(no Redis)"} test Redis prefix(es) before the run`,
  );
} else {
  const before = JSON.parse(readFileSync(file, "utf8")) as Snapshot;
  const now = await snapshot();
  const folders = now.tmp.filter((name) => !before.tmp.includes(name)).map((name) => path.join(tmpdir(), name));
  const databases = now.databases === null ? [] : now.databases.filter((name) => !before.databases?.includes(name) && leftoverDatabase(name));
  const prefixes = (now.redisPrefixes ?? []).filter((prefix) => !before.redisPrefixes?.includes(prefix) && leftoverPrefix(prefix));
  if (now.databases === null) console.log("leftovers: PostgreSQL is not reachable; databases not checked");
  if (now.redisPrefixes === null) console.log("leftovers: Redis is not reachable; test keys not checked");
  if (folders.length || databases.length || prefixes.length) {
    console.error("leftovers: this run left behind:");
    for (const folder of folders) console.error(`  temp folder  ${folder}`);
    for (const db of databases) console.error(`  database     ${db}`);
    for (const prefix of prefixes) console.error(`  Redis keys   ${prefix}*`);
    process.exit(1);
  }
  console.log("leftovers: none (no new cartsession-* temp folders, cartsession_* test databases or test Redis keys)");
}
