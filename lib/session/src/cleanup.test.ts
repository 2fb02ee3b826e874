import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { deleteExpiredSessions, purgeInactiveSessions, runScheduledCleanup } from "./cleanup.js";
import { manualClock } from "./clock.js";
import { fakeSessions } from "./cli/fake-sessions.js";
import { resolveSettings } from "./options.js";
import { sqliteStore } from "./sqlite/index.js";
import { T0, TEST_SECRET, tempSqlite, type TempSqlite } from "./test-helpers.js";

const DAY = 86_400;
const clock = manualClock(T0);
let env: TempSqlite;

beforeEach(async () => {
  env = await tempSqlite();
  clock.set(T0);
});
afterEach(() => env.dispose());

async function seed(active: number, expired: number): Promise<void> {
  await env.store.bulkInsert(fakeSessions(active, { now: T0, lifetime: 2 * DAY, expired: false, cartKey: "cart" }));
  await env.store.bulkInsert(fakeSessions(expired, { now: T0, lifetime: 2 * DAY, expired: true, cartKey: "cart" }));
}
const row = (key: string, expiresAt: number, updatedAt: number) => ({ key, value: "{}", expiresAt, activeUntil: expiresAt - 2 * DAY, createdAt: updatedAt, updatedAt });
const key = (c: string) => "t_" + c.repeat(30);
const settings = (env: { purgeAfterDays?: number } = {}) => ({ ...resolveSettings({ secrets: TEST_SECRET, siteUrl: "http://x", cleanup: env }), clock });

describe("cleanup of expired sessions", () => {
  it("deletes 20,000 generated expired rows in batches, keeps every live one, and records the run", async () => {
    await seed(5_000, 20_000);
    const batches: number[] = [];
    const result = await deleteExpiredSessions(env.store, T0, { source: "cli", batchSize: 1_000, timeBudgetMs: Number.POSITIVE_INFINITY, onBatch: ({ deleted }) => batches.push(deleted) });
    expect(result).toMatchObject({ deleted: 20_000, remaining: 0 });
    expect(result.batches).toBeGreaterThanOrEqual(20);
    expect(result.batches).toBe(batches.length);
    expect(batches.at(-1)).toBe(20_000);
    expect(await env.store.countSessions({})).toBe(5_000);
    expect(await env.store.cleanupRuns(5)).toEqual([{ startedAt: T0, source: "cli", kind: "expired", deleted: 20_000, batches: result.batches, durationMs: result.durationMs, remaining: 0 }]);
  });

  it("treats a row as expired from its expiry second on, like the engine and the cookie", async () => {
    await env.store.bulkInsert([row(key("a"), T0, T0 - DAY), row(key("b"), T0 + 1, T0 - DAY)]);
    expect((await deleteExpiredSessions(env.store, T0, { source: "cron", batchSize: 10, timeBudgetMs: 1_000 })).deleted).toBe(1);
    expect(await env.store.load(key("b"))).not.toBeNull();
  });

  it("stops at its time budget and reports what is left", async () => {
    await seed(0, 12_000);
    const result = await deleteExpiredSessions(env.store, T0, { source: "cron", batchSize: 100, timeBudgetMs: 1 });
    expect(result.remaining).toBeGreaterThan(0);
    expect(result.deleted + result.remaining).toBe(12_000);
  });

  it("two cleanups at once, on one connection or two, neither fail nor double count", async () => {
    await seed(1_000, 20_000);
    const other = await sqliteStore({ file: env.file });
    try {
      const options = { source: "cron" as const, batchSize: 500, timeBudgetMs: Number.POSITIVE_INFINITY };
      const runs = await Promise.all([deleteExpiredSessions(env.store, T0, options), deleteExpiredSessions(env.store, T0, options), deleteExpiredSessions(other, T0, options)]);
      expect(runs.reduce((sum, r) => sum + r.deleted, 0)).toBe(20_000);
      expect(runs.map((r) => r.remaining)).toEqual([0, 0, 0]);
      expect(await env.store.countSessions({})).toBe(1_000);
    } finally {
      await other.close();
    }
  });
});

describe("hard purge of inactive sessions", () => {
  it("deletes rows idle longer than the cutoff even when not expired, and spares renewed ones", async () => {
    await env.store.bulkInsert([row(key("a"), T0 + 300 * DAY, T0 - 90 * DAY), row(key("b"), T0 + DAY, T0 - 90 * DAY), row(key("c"), T0 + DAY, T0 - 2 * DAY)]);
    await env.store.touch(key("b"), T0 + 2 * DAY, T0 + DAY, T0 - DAY);
    const result = await purgeInactiveSessions(env.store, T0, { source: "cli", olderThanSeconds: 30 * DAY, batchSize: 10, timeBudgetMs: 1_000 });
    expect(result).toMatchObject({ deleted: 1, remaining: 0 });
    expect(await env.store.load(key("a"))).toBeNull();
    expect(await env.store.load(key("b"))).not.toBeNull();
    expect((await env.store.cleanupRuns(1))[0]).toMatchObject({ kind: "purge", deleted: 1 });
  });

  it("runs with the scheduled cleanup only when purgeAfterDays is set", async () => {
    await seed(0, 50);
    await env.store.bulkInsert([row(key("d"), T0 + 300 * DAY, T0 - 90 * DAY)]);
    expect(await runScheduledCleanup(env.store, settings(), "cron")).toMatchObject({ deleted: 50, purge: null });
    expect(await env.store.load(key("d"))).not.toBeNull();
    expect(await runScheduledCleanup(env.store, settings({ purgeAfterDays: 60 }), "cron")).toMatchObject({ deleted: 0, purge: { deleted: 1, remaining: 0 } });
    expect((await env.store.cleanupRuns(10)).map((r) => r.kind)).toEqual(["purge", "expired", "expired"]);
  });
});
