import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { GET } from "../app/api/cron/session-cleanup/route";
import { setSessionStoreForTesting } from "../db/client";
import { fakeSessions } from "../scripts/sessions/fake-sessions";
import { setConfigForTesting } from "../lib/session/config";
import { testConfig } from "./helpers/config";
import { tempSqliteStore } from "./helpers/sqlite";

const SECRET = "cron-secret-0123456789abcdef";
const DAY = 86_400;
let env: ReturnType<typeof tempSqliteStore>;

function cleanupRequest(headers: Record<string, string> = {}): Request {
  return new Request("http://localhost:3000/api/cron/session-cleanup", { headers });
}

async function seed(active: number, expired: number): Promise<void> {
  const now = Math.floor(Date.now() / 1000);
  await env.store.bulkInsert(fakeSessions(active, { now, lifetime: 2 * DAY, expired: false }));
  await env.store.bulkInsert(fakeSessions(expired, { now, lifetime: 2 * DAY, expired: true }));
}

beforeEach(() => {
  env = tempSqliteStore();
  setSessionStoreForTesting(env.store);
  setConfigForTesting(testConfig({ CRON_SECRET: SECRET }));
});
afterEach(async () => {
  setSessionStoreForTesting(undefined);
  setConfigForTesting(undefined);
  await env.dispose();
});

describe("GET /api/cron/session-cleanup", () => {
  it.each([
    ["no Authorization header", {}],
    ["a wrong secret", { authorization: "Bearer not-the-secret" }],
    ["the secret without the Bearer scheme", { authorization: SECRET }],
    ["the secret with a suffix", { authorization: `Bearer ${SECRET}x` }],
  ])("refuses %s with a 401 JSON error and deletes nothing", async (_name, headers) => {
    await seed(0, 10);
    const response = await GET(cleanupRequest(headers));
    expect(response.status).toBe(401);
    expect(response.headers.get("www-authenticate")).toMatch(/^Bearer/);
    expect(await response.json()).toEqual({ error: { code: "unauthorized", message: expect.stringMatching(/Bearer <CRON_SECRET>/) } });
    expect((await env.store.stats(0)).rows).toBe(10);
  });

  it("refuses everything when CRON_SECRET is not set, and says so", async () => {
    setConfigForTesting(testConfig());
    await seed(0, 10);
    for (const authorization of [undefined, "Bearer ", "Bearer undefined"]) {
      const response = await GET(cleanupRequest(authorization === undefined ? {} : { authorization }));
      expect(response.status).toBe(401);
      const body = (await response.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe("cron_secret_unset");
      expect(body.error.message).toMatch(/CRON_SECRET is not set/);
    }
    expect((await env.store.stats(0)).rows).toBe(10);
  });

  it("with the right secret deletes expired sessions in batches and reports the run", async () => {
    setConfigForTesting(testConfig({ CRON_SECRET: SECRET, SESSION_CLEANUP_BATCH: "1000" }));
    await seed(300, 2_500);
    const response = await GET(cleanupRequest({ authorization: `Bearer ${SECRET}` }));
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("private, no-store");
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ deleted: 2_500, remaining: 0, purge: null });
    expect(body.batches).toBeGreaterThanOrEqual(3);
    expect(typeof body.durationMs).toBe("number");
    expect(await env.store.stats(Math.floor(Date.now() / 1000))).toMatchObject({ rows: 300, expired: 0 });
    expect((await env.store.cleanupRuns(1))[0]).toMatchObject({ source: "cron", kind: "expired", deleted: 2_500 });
  });

  it("never creates a session or sends a cookie, even to a request carrying one", async () => {
    const response = await GET(cleanupRequest({ authorization: `Bearer ${SECRET}`, cookie: "session_abc=Fe26.2*1*x; cart_hash=1" }));
    expect(response.status).toBe(200);
    expect(response.headers.get("set-cookie")).toBeNull();
    expect((await env.store.stats(0)).rows).toBe(0);
  });

  it("runs the hard purge when SESSION_PURGE_AFTER_DAYS is set and reports it", async () => {
    setConfigForTesting(testConfig({ CRON_SECRET: SECRET, SESSION_PURGE_AFTER_DAYS: "30" }));
    const now = Math.floor(Date.now() / 1000);
    await env.store.bulkInsert([{ key: "t_" + "e".repeat(30), value: "{}", expiry: now + 100 * DAY, created: now - 40 * DAY, updated: now - 40 * DAY }]);
    const body = (await (await GET(cleanupRequest({ authorization: `Bearer ${SECRET}` }))).json()) as Record<string, unknown>;
    expect(body).toMatchObject({ deleted: 0, purge: { deleted: 1, remaining: 0 } });
  });

  it("two runs at once both succeed and together delete each expired row once", async () => {
    setConfigForTesting(testConfig({ CRON_SECRET: SECRET, SESSION_CLEANUP_BATCH: "500" }));
    await seed(100, 6_000);
    const responses = await Promise.all([1, 2].map(() => GET(cleanupRequest({ authorization: `Bearer ${SECRET}` }))));
    expect(responses.map((r) => r.status)).toEqual([200, 200]);
    const bodies = (await Promise.all(responses.map((r) => r.json()))) as { deleted: number }[];
    expect(bodies.reduce((sum, b) => sum + b.deleted, 0)).toBe(6_000);
  });
});
