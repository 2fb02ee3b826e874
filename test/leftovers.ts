/**
 * CI's "no leftovers" check (.ci/run): a test run must remove every `cartsession-*` temp
 * folder and every test database it created, even when tests fail.
 *
 *   node --import tsx test/leftovers.ts snapshot <file>   before the tests: what exists already
 *   node --import tsx test/leftovers.ts check <file>      after them: exit 1, listing what
 *                                                         the run created and left behind
 */
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { ADMIN_URL, HOST_TAG, parseTestDatabaseName, postgresReachable, processAlive } from "./helpers/postgres";

interface Snapshot {
  tmp: string[];
  databases: string[] | null;
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
  return { tmp: tempFolders(), databases: await testDatabases() };
}

/** A database the run created is a leftover unless a process that is still running owns it (a concurrent run on this machine). */
function leftoverDatabase(name: string): boolean {
  const parsed = parseTestDatabaseName(name);
  if (!parsed) return true;
  return parsed.host === HOST_TAG && !processAlive(parsed.pid);
}

const [command, file] = process.argv.slice(2);
if ((command !== "snapshot" && command !== "check") || !file) {
  console.error("usage: node --import tsx test/leftovers.ts snapshot|check <file>");
  process.exit(2);
}

if (command === "snapshot") {
  const now = await snapshot();
  writeFileSync(file, JSON.stringify(now, null, 2));
  console.log(`leftovers: ${now.tmp.length} cartsession-* temp folder(s) and ${now.databases?.length ?? "(no PostgreSQL)"} cartsession_* database(s) before the run`);
} else {
  const before = JSON.parse(readFileSync(file, "utf8")) as Snapshot;
  const now = await snapshot();
  const folders = now.tmp.filter((name) => !before.tmp.includes(name)).map((name) => path.join(tmpdir(), name));
  const databases = now.databases === null ? [] : now.databases.filter((name) => !before.databases?.includes(name) && leftoverDatabase(name));
  if (now.databases === null) console.log("leftovers: PostgreSQL is not reachable; databases not checked");
  if (folders.length || databases.length) {
    console.error("leftovers: this run left behind:");
    for (const folder of folders) console.error(`  temp folder  ${folder}`);
    for (const db of databases) console.error(`  database     ${db}`);
    process.exit(1);
  }
  console.log("leftovers: none (no new cartsession-* temp folders, no new cartsession_* test databases)");
}
