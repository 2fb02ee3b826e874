import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

/*
 * `npx cartsession` in the app's folder loads the app's own wiring (cartsession.config.ts),
 * so it opens the store the app opens and runs the app's hooks: a GDPR erase from the CLI
 * also deletes the demo's restore links for that customer (README, "The cartsession
 * command-line tool").
 */
const ROOT = path.resolve(import.meta.dirname, "..");
const dir = mkdtempSync(path.join(tmpdir(), "cartsession-cli-wiring-"));
const ENV = { CARTSESSION_DATA_DIR: dir, SESSION_SECRET: "cli-wiring-test-secret-0123456789abcdef", SITE_URL: "http://localhost:3000", DATABASE_URL: "" };
const CUSTOMER = "cli-wiring-customer-7";
const KEY = `c_${"7".repeat(30)}`;

let token = "";
let links: Awaited<ReturnType<typeof import("../lib/restore-links")["restoreLinks"]>>;

beforeAll(async () => {
  Object.assign(process.env, ENV);
  const { sessions } = await import("../lib/sessions");
  const { restoreLinks } = await import("../lib/restore-links");
  const store = await sessions.store();
  const now = Math.floor(Date.now() / 1000);
  const lines = [{ productId: "linen-apron", quantity: 2 }];
  await store.save({ key: KEY, customerId: CUSTOMER, logins: [], value: JSON.stringify({ cart: lines }), expiresAt: now + 86_400, activeUntil: now + 3_600, items: 2, now, expectedVersion: null });
  links = await restoreLinks();
  const link = await links.linkFor({ key: KEY, customerId: CUSTOMER, lines }, now);
  token = link.url.split("/").at(-1)!;
  expect((await links.open(token, now)).status).toBe("live");
}, 60_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const cli = (...args: string[]) =>
  spawnSync(process.execPath, [path.join(ROOT, "lib/session/dist/cli/main.js"), ...args], { cwd: ROOT, env: { ...process.env, ...ENV }, encoding: "utf8", timeout: 60_000 });

describe("the cartsession command in the app's folder", () => {
  it("finds the app's store through cartsession.config.ts (not DATABASE_URL's default)", () => {
    const run = cli("show", KEY, "--json");
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ key: KEY, customerId: CUSTOMER });
  });

  it("erases a customer's session and, through the app's sessionErased hook, their cart's restore links", async () => {
    const run = cli("erase", CUSTOMER);
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    expect(run.stdout).toContain(`Erased the session of ${CUSTOMER}.`);
    expect((await links.open(token, Math.floor(Date.now() / 1000))).status).toBe("unknown");
    expect(cli("show", KEY).status).toBe(1);
  });

  it("uses the database named by --database instead, when one is given", () => {
    const run = cli("count", "--database", `file:${path.join(dir, "another.db")}`, "--json");
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ total: 0 });
  });
});
