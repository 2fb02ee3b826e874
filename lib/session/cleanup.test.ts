import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openSqlite } from "../../db/sqlite/open";
import { SqliteSessionStore } from "../../db/sqlite/session-store";
import { fakeSessions } from "../../scripts/sessions/fake-sessions";
import { testConfig } from "../../test/helpers/config";
import { tempSqliteStore } from "../../test/helpers/sqlite";
import { deleteExpiredSessions, purgeInactiveSessions, runScheduledCleanup } from "./cleanup";
import { manualClock } from "./clock";

const T0 = 1_800_000_000;
const DAY = 86_400;
const clock = manualClock(T0);
let env: ReturnType<typeof tempSqliteStore>;

beforeEach(() => {
  env = tempSqliteStore();
  clock.set(T0);
});
afterEach(() => env.dispose());

async function seed(active: number, expired: number): Promise<void> {
  await env.store.bulkInsert(fakeSessions(active, { now: T0, lifetime: 2 * DAY, expired: false }));
  await env.store.bulkInsert(fakeSessions(expired, { now: T0, lifetime: 2 * DAY, expired: true }));
}

const deps = () => ({ store: env.store, clock });

describe("cleanup of expired sessions", () => {
  it("deletes 20,000 generated expired rows in batches, keeps every active one, and records the run", async () => {
    await seed(5_000, 20_000);
    const batches: number[] = [];
    const result = await deleteExpiredSessions(deps(), {
      source: "cli",
      batchSize: 1_000,
      timeBudgetMs: Number.POSITIVE_INFINITY,
      onBatch: ({ deleted }) => batches.push(deleted),
    });
    console.log(`[cleanup] 20,000 rows in ${result.durationMs} ms, ${result.batches} batches`);
    expect(result).toMatchObject({ deleted: 20_000, remaining: 0 });
    expect(result.batches).toBeGreaterThanOrEqual(20);
    expect(result.batches).toBe(batches.length);
    expect(batches.at(-1)).toBe(20_000);
    expect(await env.store.stats(T0)).toMatchObject({ rows: 5_000, active: 5_000, expired: 0 });
    expect(await env.store.cleanupRuns(5)).toEqual([
      { startedAt: T0, source: "cli", kind: "expired", deleted: 20_000, batches: result.batches, durationMs: result.durationMs, remaining: 0 },
    ]);
  });

  it("treats a row as expired from its expiry second on, like Session.open and the cookie", async () => {
    await env.store.bulkInsert([
      { key: "t_" + "a".repeat(30), value: "{}", expiry: T0, created: T0 - DAY, updated: T0 - DAY },
      { key: "t_" + "b".repeat(30), value: "{}", expiry: T0 + 1, created: T0 - DAY, updated: T0 - DAY },
    ]);
    expect(await env.store.stats(T0)).toMatchObject({ active: 1, expired: 1 });
    expect((await deleteExpiredSessions(deps(), { source: "cron", batchSize: 10, timeBudgetMs: 1_000 })).deleted).toBe(1);
    expect(await env.store.load("t_" + "b".repeat(30))).not.toBeNull();
  });

  it("stops at its time budget and reports what is left", async () => {
    await seed(0, 12_000);
    const result = await deleteExpiredSessions(deps(), { source: "cron", batchSize: 100, timeBudgetMs: 1 });
    expect(result.remaining).toBeGreaterThan(0);
    expect(result.deleted + result.remaining).toBe(12_000);
    expect((await env.store.stats(T0)).expired).toBe(result.remaining);
  });

  it("two cleanups at once, on one connection or two, neither fail nor double count", async () => {
    await seed(1_000, 20_000);
    const other = new SqliteSessionStore(openSqlite(env.file));
    try {
      const options = { source: "cron" as const, batchSize: 500, timeBudgetMs: Number.POSITIVE_INFINITY };
      const runs = await Promise.all([
        deleteExpiredSessions(deps(), options),
        deleteExpiredSessions(deps(), options),
        deleteExpiredSessions({ store: other, clock }, options),
      ]);
      expect(runs.reduce((sum, r) => sum + r.deleted, 0)).toBe(20_000);
      expect(runs.map((r) => r.remaining)).toEqual([0, 0, 0]);
      expect(await env.store.stats(T0)).toMatchObject({ rows: 1_000, expired: 0 });
    } finally {
      await other.close();
    }
  });
});

describe("hard purge of inactive sessions", () => {
  const key = (c: string) => "t_" + c.repeat(30);

  it("deletes rows idle longer than the cutoff even when not expired, and spares renewed ones", async () => {
    await env.store.bulkInsert([
      { key: key("a"), value: "{}", expiry: T0 + 300 * DAY, created: T0 - 90 * DAY, updated: T0 - 90 * DAY },
      { key: key("b"), value: "{}", expiry: T0 + DAY, created: T0 - 90 * DAY, updated: T0 - 90 * DAY },
      { key: key("c"), value: "{}", expiry: T0 + DAY, created: T0 - 2 * DAY, updated: T0 - 2 * DAY },
    ]);
    await env.store.touch(key("b"), T0 + 2 * DAY, T0 - DAY);
    const result = await purgeInactiveSessions(deps(), { source: "cli", olderThanSeconds: 30 * DAY, batchSize: 10, timeBudgetMs: 1_000 });
    expect(result).toMatchObject({ deleted: 1, remaining: 0 });
    expect(await env.store.load(key("a"))).toBeNull();
    expect(await env.store.load(key("b"))).not.toBeNull();
    expect(await env.store.load(key("c"))).not.toBeNull();
    expect((await env.store.cleanupRuns(1))[0]).toMatchObject({ kind: "purge", deleted: 1 });
  });

  it("runs with the scheduled cleanup only when SESSION_PURGE_AFTER_DAYS is set", async () => {
    await seed(0, 50);
    await env.store.bulkInsert([{ key: key("d"), value: "{}", expiry: T0 + 300 * DAY, created: T0 - 90 * DAY, updated: T0 - 90 * DAY }]);
    const off = await runScheduledCleanup(deps(), testConfig(), "cron");
    expect(off).toMatchObject({ deleted: 50, purge: null });
    expect(await env.store.load(key("d"))).not.toBeNull();

    const on = await runScheduledCleanup(deps(), testConfig({ SESSION_PURGE_AFTER_DAYS: "60" }), "cron");
    expect(on).toMatchObject({ deleted: 0, purge: { deleted: 1, remaining: 0 } });
    expect((await env.store.cleanupRuns(10)).map((r) => r.kind)).toEqual(["purge", "expired", "expired"]);
  });
});

describe("cleanup configuration", () => {
  it("defaults to batches of 5,000, a 10 s budget and no purge", () => {
    expect(testConfig()).toMatchObject({ cleanupBatchSize: 5_000, cleanupBudgetMs: 10_000, purgeAfterDays: undefined });
  });

  it.each([
    [{ SESSION_CLEANUP_BATCH: "lots" }, /SESSION_CLEANUP_BATCH/],
    [{ SESSION_CLEANUP_BATCH: "0" }, /SESSION_CLEANUP_BATCH/],
    [{ SESSION_CLEANUP_BUDGET_MS: "5s" }, /SESSION_CLEANUP_BUDGET_MS/],
    [{ SESSION_PURGE_AFTER_DAYS: "-1" }, /SESSION_PURGE_AFTER_DAYS/],
    [{ SESSION_PURGE_AFTER_DAYS: "7" }, /SESSION_PURGE_AFTER_DAYS.*live sessions/],
  ])("fails fast naming the variable: %o", (env, message) => {
    expect(() => testConfig(env)).toThrow(message);
  });
});
