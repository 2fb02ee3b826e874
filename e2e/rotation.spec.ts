import type { ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { startNextServer, stopServer } from "./helpers/next-server";
import { loadConfig } from "../lib/session/config";
import { newSessionCookie, sealSessionCookie } from "../lib/session/cookie";
import { generateGuestKey } from "../lib/session/keys";

/*
 * Issue 7: SESSION_SECRET rotation end to end. A server started with "new,old" accepts a
 * cookie sealed with the old password and re-seals it with the new one on that response.
 */
const PORT = Number(process.env.E2E_PORT ?? 3210) + 90;
const BASE = `http://127.0.0.1:${PORT}`;
const OLD = "old-rotation-secret-old-rotation-secret-1";
const NEW = "new-rotation-secret-new-rotation-secret-2";
let server: ChildProcess | undefined;
let dir = "";

test.beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "cartsession-rotation-"));
  server = await startNextServer(PORT, { SESSION_SECRET: `${NEW},${OLD}`, SITE_URL: BASE, CARTSESSION_DATA_DIR: dir });
});

test.afterAll(async () => {
  try {
    await stopServer(server);
  } finally {
    if (dir) rmSync(dir, { recursive: true, force: true });
  }
});

test("a cookie sealed with the old password still works and comes back sealed with the new one", async () => {
  const before = loadConfig({ SESSION_SECRET: OLD, SITE_URL: BASE }, () => {});
  const now = Math.floor(Date.now() / 1000);
  const cookie = newSessionCookie(before, generateGuestKey(), now);
  const oldSeal = await sealSessionCookie(before, cookie, now);

  const response = await fetch(`${BASE}/session`, { headers: { cookie: `${before.cookieName}=${oldSeal}` } });
  expect(response.status).toBe(200);
  expect(await response.text()).toContain(cookie.customerId);
  const resealed = response.headers.getSetCookie().find((c) => c.startsWith(`${before.cookieName}=`));
  expect(resealed).toBeDefined();
  const value = resealed!.split(";")[0]!.slice(before.cookieName.length + 1);
  expect(value).not.toBe(oldSeal);

  // The new seal opens with the new password alone, and names the same customer.
  const after = loadConfig({ SESSION_SECRET: NEW, SITE_URL: BASE }, () => {});
  const { unsealSessionCookie } = await import("../lib/session/cookie");
  expect((await unsealSessionCookie(after, value, now))?.customerId).toBe(cookie.customerId);

  // And the re-sealed cookie is used as is on the next request: no further Set-Cookie.
  const next = await fetch(`${BASE}/session`, { headers: { cookie: `${before.cookieName}=${value}` } });
  expect(next.headers.getSetCookie().some((c) => c.startsWith(`${before.cookieName}=`))).toBe(false);
});
