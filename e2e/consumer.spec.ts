import { spawnSync, type ChildProcess } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { neon } from "@neondatabase/serverless";
import { setLocalNeonEndpoint } from "cartsession/testing";
import { startNextServer, stopServer } from "./helpers/next-server";
import { createTestDatabase, postgresOrSkipReason, type TestDatabase } from "../test/helpers/postgres";

/*
 * Issue 15: the engine as a real library. e2e/consumer is a minimal Next.js 16 app with
 * cacheComponents, built from the engine guide's adoption steps (lib/session/README.md);
 * here it installs cartsession
 * from `npm pack` output (a tarball, not a workspace link), builds, and runs on SQLite and
 * on Postgres (Neon driver through the local bridge) in a database that already holds a
 * host `users` table and a host Drizzle migration.
 */
test.describe.configure({ mode: "serial" });
test.setTimeout(240_000);

const PORT = Number(process.env.E2E_PORT ?? 3210) + 70;
const BASE = `http://127.0.0.1:${PORT}`;
const SECRET = "consumer-secret-consumer-secret-consumer-1";
const CRON_SECRET = "consumer-cron-secret-0123456789";
const USER = "6f1c2b9e-8a4d-4c1e-9b7a-2d3e4f5a6b7c";
let work = "";
let app = "";

function run(command: string, args: string[], cwd: string, env: Record<string, string> = {}): string {
  const result = spawnSync(command, args, { cwd, env: { ...process.env, ...env }, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  if (result.status !== 0) throw new Error(`${command} ${args.join(" ")} failed (${result.status}):\n${result.stdout}\n${result.stderr}`);
  return `${result.stdout}\n${result.stderr}`;
}

const version = (name: string) => (JSON.parse(readFileSync(path.resolve("node_modules", name, "package.json"), "utf8")) as { version: string }).version;

test.beforeAll(async () => {
  work = mkdtempSync(path.join(tmpdir(), "cartsession-consumer-"));
  // The package as it would be published: built, packed, then installed from the tarball.
  run("npm", ["pack", "--workspace", "cartsession", "--pack-destination", work, "--silent"], process.cwd());
  const tarball = readdirSync(work).find((f) => f.endsWith(".tgz"));
  if (!tarball) throw new Error("npm pack wrote no tarball");
  app = path.join(work, "app");
  cpSync(path.resolve("e2e/consumer"), app, { recursive: true });
  writeFileSync(
    path.join(app, "package.json"),
    JSON.stringify(
      {
        name: "cartsession-consumer",
        private: true,
        type: "module",
        dependencies: {
          cartsession: `file:../${tarball}`,
          next: version("next"),
          react: version("react"),
          "react-dom": version("react-dom"),
          "better-sqlite3": version("better-sqlite3"),
          "@neondatabase/serverless": version("@neondatabase/serverless"),
        },
        devDependencies: { typescript: version("typescript"), "@types/react": version("@types/react"), "@types/node": version("@types/node") },
      },
      null,
      2,
    ),
  );
  run("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error"], app);
  expect(readFileSync(path.join(app, "node_modules/cartsession/package.json"), "utf8")).toContain('"name": "cartsession"');
  const build = run(process.execPath, ["node_modules/next/dist/bin/next", "build"], app, { NEXT_TELEMETRY_DISABLED: "1" });
  // A route that merely bails out of prerendering (the cron and health routes) logs nothing as a failure.
  expect(build).not.toMatch(/\[cartsession\][^\n]*(failed|error)/i);
});

test.afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

/** The cart line once the page has settled (a re-render may briefly show old and new side by side). */
async function expectCart(page: Page, text: string): Promise<void> {
  await expect(page.getByTestId("cart").filter({ hasText: text })).toBeVisible();
  await expect(page.getByTestId("cart")).toHaveCount(1);
}

/** The engine guide's promises, as a shopper meets them in the consumer app. */
async function shopperFlow(browser: Browser): Promise<void> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${BASE}/`);
  await expectCart(page, "Guest: 0 items");
  const first = (await context.cookies()).find((c) => c.name.startsWith("session_"));
  expect(first?.httpOnly).toBe(true);

  await page.getByRole("button", { name: "Add a mug" }).click();
  await expectCart(page, "Guest: 1 items");
  // The first write re-seals once (the cookie now says a row exists); later cart changes never do.
  const afterFirstWrite = (await context.cookies()).find((c) => c.name.startsWith("session_"))?.value;
  await page.getByRole("button", { name: "Add a mug" }).click();
  await expectCart(page, "Guest: 2 items");
  await page.reload();
  await expectCart(page, "Guest: 2 items");
  expect((await context.cookies()).find((c) => c.name === "items_in_cart")?.value).toBe("1");
  expect((await context.cookies()).find((c) => c.name.startsWith("session_"))?.value).toBe(afterFirstWrite);

  await page.getByRole("button", { name: "Log in" }).click();
  await expectCart(page, `Customer ${USER}: 2 items`);
  expect(first?.value).not.toBe((await context.cookies()).find((c) => c.name.startsWith("session_"))?.value);
  const loggedIn = await context.cookies();

  await page.getByRole("button", { name: "Log out" }).click();
  await expectCart(page, "Guest: 0 items");

  // A copy of the logged-in cookie stays a guest, also after the customer logs in again.
  await page.getByRole("button", { name: "Log in" }).click();
  await expectCart(page, `Customer ${USER}: 2 items`);
  const thief = await browser.newContext();
  await thief.addCookies(loggedIn);
  const stolen = await thief.newPage();
  await stolen.goto(`${BASE}/`);
  await expectCart(stolen, "Guest: 0 items");
  await Promise.all([thief.close(), context.close()]);

  // The cron route: refused without the secret, a report with it.
  expect((await fetch(`${BASE}/api/cron/session-cleanup`)).status).toBe(401);
  const cleanup = await fetch(`${BASE}/api/cron/session-cleanup`, { headers: { authorization: `Bearer ${CRON_SECRET}` } });
  expect(cleanup.status).toBe(200);
  expect(await cleanup.json()).toMatchObject({ deleted: expect.any(Number) });
}

const serverEnv = { SESSION_SECRET: SECRET, CRON_SECRET, SITE_URL: BASE, NODE_ENV: "production" };

test("the consumer app works on SQLite, installed from the packed tarball", async ({ browser }) => {
  let server: ChildProcess | undefined;
  try {
    server = await startNextServer(PORT, { ...serverEnv, SESSIONS_FILE: path.join(work, "consumer.db") }, app, "/");
    await shopperFlow(browser);
  } finally {
    await stopServer(server);
  }
});

test("the consumer app works on Postgres beside a host users table and a host Drizzle migration", async ({ browser }) => {
  const skip = await postgresOrSkipReason();
  test.skip(skip !== null, skip ?? "");
  let db: TestDatabase | undefined;
  let server: ChildProcess | undefined;
  try {
    db = await createTestDatabase("cartsession_consumer");
    await db.admin(`CREATE TABLE users (id uuid PRIMARY KEY, email text NOT NULL UNIQUE);
      INSERT INTO users VALUES ('${USER}', 'ann@example.com');
      CREATE SCHEMA drizzle; CREATE TABLE drizzle."__drizzle_migrations" (id SERIAL PRIMARY KEY, hash text NOT NULL, created_at bigint);
      INSERT INTO drizzle."__drizzle_migrations" (hash, created_at) VALUES ('host-0001', 99999999999999);`);
    server = await startNextServer(PORT, { ...serverEnv, DATABASE_URL: db.url, NEON_LOCAL_PROXY: db.neon.address }, app, "/");
    await shopperFlow(browser);
    const bridge = db.neon.address;
    setLocalNeonEndpoint(bridge);
    const sql = neon(db.url);
    expect(await sql.query("SELECT id, email FROM users")).toEqual([{ id: USER, email: "ann@example.com" }]);
    expect(await sql.query(`SELECT hash FROM drizzle."__drizzle_migrations"`)).toEqual([{ hash: "host-0001" }]);
    expect(await sql.query("SELECT customer_id FROM sessions WHERE customer_id IS NOT NULL")).toEqual([{ customer_id: USER }]);
  } finally {
    await stopServer(server);
    await db?.drop();
  }
});
