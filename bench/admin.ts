/**
 * The store admin at scale: the overview and the abandoned-carts page of a running
 * production build, timed over HTTP as an admin sees them, on a sessions table of `rows`
 * rows, on SQLite and on Postgres (Neon driver through the local bridge).
 */
import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import autocannon from "autocannon";
import pg from "pg";
import { sqliteStore } from "cartsession/sqlite";
import { createTestDatabase, postgresReachable } from "cartsession/testing";
import { rowsFor } from "./engine";
import { buildApp, DIST, startApp, stop, waitFor } from "./http";
import { median, quantile, round } from "./stats";
import { existsSync } from "node:fs";

export interface AdminPageFigures {
  store: "sqlite" | "postgres";
  rows: number;
  overview: { medianMs: number; p90Ms: number; status: number; coldMs: number };
  abandoned: { medianMs: number; p90Ms: number; status: number };
  health: HealthFigures;
}

/** `/api/health` on the big table, and what 20 concurrent health callers do to other traffic. */
export interface HealthFigures {
  medianMs: number;
  status: number;
  /** p99 of `GET /api/products` alone, and while 20 concurrent /api/health calls arrive every second. */
  productsP99Ms: number;
  productsP99UnderHealthMs: number;
  ratio: number;
}

/**
 * Health as monitors use it: 20 concurrent calls (load balancers, uptime checks) every
 * second, from a process of their own so they never slow the benchmark's own event loop
 * (which also runs the Postgres bridge); products measured alone and beside them.
 */
async function timeHealth(base: string): Promise<HealthFigures> {
  const times: number[] = [];
  let status = 0;
  for (let i = 0; i < 40; i++) {
    const started = performance.now();
    const response = await fetch(`${base}/api/health`);
    await response.text();
    status = response.status;
    if (i >= 10) times.push(performance.now() - started);
  }
  const products = () => autocannonP99(`${base}/api/products`);
  const baseline = await products();
  const monitors = spawn(
    process.execPath,
    [
      "-e",
      `const url = ${JSON.stringify(`${base}/api/health`)};
       setInterval(() => { for (let i = 0; i < 20; i++) fetch(url).then((r) => r.text()).catch(() => {}); }, 1000);`,
    ],
    { stdio: "ignore" },
  );
  await new Promise((r) => setTimeout(r, 1_500));
  const under = await products();
  monitors.kill();
  return { medianMs: round(median(times), 2), status, productsP99Ms: baseline, productsP99UnderHealthMs: under, ratio: round(under / baseline, 2) };
}

function autocannonP99(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    autocannon({ url, connections: 10, duration: 4 }, (error, result) => (error ? reject(error) : resolve(result.latency.p99)));
  });
}

async function adminCookie(base: string): Promise<string> {
  const response = await fetch(`${base}/api/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email: "admin@example.com", password: "admin-password" }),
  });
  if (!response.ok) throw new Error(`admin login answered ${response.status}`);
  return response.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
}

async function timePages(base: string, samples: number): Promise<Pick<AdminPageFigures, "overview" | "abandoned" | "health">> {
  const cookie = await adminCookie(base);
  const time = async (url: string) => {
    const started = performance.now();
    const response = await fetch(url, { headers: { cookie } });
    await response.text();
    return { ms: performance.now() - started, status: response.status };
  };
  // The first render computes the overview's figures (then kept 30 s): reported on its own.
  const cold = await time(`${base}/admin`);
  for (let i = 0; i < 3; i++) await Promise.all([time(`${base}/admin`), time(`${base}/admin/abandoned`)].map((p) => p));
  const overview: number[] = [];
  const abandoned: number[] = [];
  let statuses = { overview: 0, abandoned: 0 };
  for (let i = 0; i < samples; i++) {
    const o = await time(`${base}/admin`);
    const a = await time(`${base}/admin/abandoned`);
    overview.push(o.ms);
    abandoned.push(a.ms);
    statuses = { overview: o.status, abandoned: a.status };
  }
  const figures = (xs: number[]) => ({ medianMs: round(median(xs), 1), p90Ms: round(quantile([...xs].sort((x, y) => x - y), 0.9), 1) });
  return {
    overview: { ...figures(overview), status: statuses.overview, coldMs: round(cold.ms, 1) },
    abandoned: { ...figures(abandoned), status: statuses.abandoned },
    health: await timeHealth(base),
  };
}

/** Live sessions, 80% with a cart, all idle long enough to count as abandoned (the heaviest case). */
function generatedRows(count: number, now: number, offset: number) {
  return rowsFor(count, now, offset).map((r, i) => ({ ...r, items: (offset + i) % 5 === 0 ? 0 : 1 + ((offset + i) % 6), updatedAt: now - 7_200 - ((offset + i) % 3_600), createdAt: now - ((offset + i) % 172_800) }));
}

export async function benchAdminPages(options: { rows: number; samples: number; tmp: string; port: number }): Promise<(AdminPageFigures | { store: string; skipped: string })[]> {
  if (!existsSync(path.join(DIST, "BUILD_ID"))) buildApp(options.tmp);
  const out: (AdminPageFigures | { store: string; skipped: string })[] = [];
  const now = Math.floor(Date.now() / 1000);

  // SQLite: the demo's database file, migrated and seeded, then filled.
  const data = path.join(options.tmp, "admin-sqlite");
  rmSync(data, { recursive: true, force: true });
  mkdirSync(data, { recursive: true });
  const migrate = spawnSync(process.execPath, ["--import", "tsx", "scripts/db-migrate.ts"], { env: { ...process.env, CARTSESSION_DATA_DIR: data, DATABASE_URL: "", NODE_ENV: "development" }, stdio: "ignore" });
  if (migrate.status !== 0) throw new Error("db:migrate failed");
  const store = await sqliteStore({ file: path.join(data, "sessions.db") });
  for (let i = 0; i < options.rows; i += 50_000) await store.bulkInsert(generatedRows(Math.min(50_000, options.rows - i), now, i));
  await store.close();
  let server = startApp(options.port, { CARTSESSION_DATA_DIR: data, ABANDONED_CART_MINUTES: "60" });
  try {
    await waitFor(`http://127.0.0.1:${options.port}/api/bench/noop`);
    out.push({ store: "sqlite", rows: options.rows, ...(await timePages(`http://127.0.0.1:${options.port}`, options.samples)) });
  } finally {
    await stop(server);
    rmSync(data, { recursive: true, force: true });
  }

  // Postgres: a throwaway database, migrated by the app's first request, filled server-side.
  if (!(await postgresReachable())) {
    out.push({ store: "postgres", skipped: "PostgreSQL is not reachable" });
    return out;
  }
  const db = await createTestDatabase("cartsession_admin");
  server = startApp(options.port, { DATABASE_URL: db.url, NEON_LOCAL_PROXY: db.neon.address, ABANDONED_CART_MINUTES: "60" });
  try {
    const base = `http://127.0.0.1:${options.port}`;
    await waitFor(`${base}/api/bench/noop`);
    await fetch(`${base}/api/products`); // opens the store: migrations and seeds
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      await client.query(
        `INSERT INTO sessions (session_id, session_key, customer_id, session_logins, session_value, session_expiry, session_active_until, session_version, session_created, session_updated, session_items, session_bytes)
         SELECT g, 't_' || lpad(to_hex(g), 30, '0'), NULL, '[]', $2, $1 + 172800 + (g % 172800), $1 + (g % 172800), 1, $1 - (g % 172800), $1 - 7200 - (g % 3600),
                CASE WHEN g % 5 = 0 THEN 0 ELSE 1 + g % 6 END, octet_length($2)
         FROM generate_series(1, $3::int) g`,
        [now, rowsFor(1, now)[0]?.value ?? "{}", options.rows],
      );
      await client.query("VACUUM ANALYZE sessions");
    } finally {
      await client.end();
    }
    out.push({ store: "postgres", rows: options.rows, ...(await timePages(base, options.samples)) });
  } finally {
    await stop(server);
    await db.drop();
  }
  return out;
}
