import type { ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { startNextServer, stopServer } from "./helpers/next-server";
import { createCartSessions } from "cartsession/next";

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

/** cartsession with only a secret, to issue and read cookies as the server would (it never opens its store). */
const sessionsWith = (secrets: string) =>
  createCartSessions({ secrets, siteUrl: BASE, store: () => Promise.reject(new Error("this test never opens a store")) });

/** A new visitor's cookie as a Route Handler of `sessions` issues it, and the session key it names. */
async function issuedCookie(sessions: ReturnType<typeof sessionsWith>): Promise<{ value: string; key: string }> {
  let key = "";
  const response = await sessions.route(async (_request, session) => {
    key = session.getSessionKey();
    return new Response(null, { status: 204 });
  })(new Request(`${BASE}/api/x`), undefined);
  const name = sessions.cookieNames().session;
  const line = response.headers.getSetCookie().find((c) => c.startsWith(`${name}=`));
  if (!line) throw new Error("no session cookie issued");
  return { value: line.split(";")[0]!.slice(name.length + 1), key };
}

test("a cookie sealed with the old password still works and comes back sealed with the new one", async () => {
  const before = sessionsWith(OLD);
  const name = before.cookieNames().session;
  const { value: oldSeal, key } = await issuedCookie(before);

  const response = await fetch(`${BASE}/session`, { headers: { cookie: `${name}=${oldSeal}` } });
  expect(response.status).toBe(200);
  expect(await response.text()).toContain(key);
  const resealed = response.headers.getSetCookie().find((c) => c.startsWith(`${name}=`));
  expect(resealed).toBeDefined();
  const value = resealed!.split(";")[0]!.slice(name.length + 1);
  expect(value).not.toBe(oldSeal);

  // The new seal opens with the new password alone, and names the same session.
  const after = await sessionsWith(NEW).readSession(new Request(`${BASE}/session`, { headers: { cookie: `${name}=${value}` } }));
  expect(after.getSessionKey()).toBe(key);

  // And the re-sealed cookie is used as is on the next request: no further Set-Cookie.
  const next = await fetch(`${BASE}/session`, { headers: { cookie: `${name}=${value}` } });
  expect(next.headers.getSetCookie().some((c) => c.startsWith(`${name}=`))).toBe(false);
});
