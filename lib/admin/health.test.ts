import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { tempSqliteStore } from "../../test/helpers/sqlite";
import { checkHealth, tableWarnings } from "./health";

const T0 = 1_800_000_000;
let env: ReturnType<typeof tempSqliteStore>;
beforeEach(() => {
  env = tempSqliteStore();
});
afterEach(() => env.dispose());

describe("health", () => {
  it("reports ok with row counts and a latency when the database answers", async () => {
    await env.store.save({ key: "t_" + "1".repeat(30), value: "{}", expiry: T0 + 100, expectedVersion: null, now: T0 });
    await env.store.save({ key: "t_" + "2".repeat(30), value: "{}", expiry: T0 - 100, expectedVersion: null, now: T0 });
    await env.store.save({ key: "t_" + "3".repeat(30), value: "{}", expiry: T0 + 100, expectedVersion: null, now: T0 });
    const report = await checkHealth(async () => env.store, T0);
    expect(report.status).toBe("ok");
    expect(report.db.ok).toBe(true);
    expect(report.db.latencyMs).toBeGreaterThanOrEqual(0);
    expect(report.sessions).toEqual({ rows: 3, expired: 1 });
    expect(JSON.stringify(report)).not.toContain("t_1111");
  });

  it("reports unavailable when the database cannot be opened", async () => {
    const report = await checkHealth(async () => {
      throw new Error("SQLITE_CANTOPEN: unable to open database file");
    }, T0);
    expect(report).toMatchObject({ status: "unavailable", db: { ok: false }, sessions: null });
  });

  it("warns past the row and size thresholds", () => {
    const stats = { rows: 600_000, active: 590_000, expired: 10_000, valueBytes: 1, tableBytes: 600 * 1048576 };
    const warnings = tableWarnings(stats, { maxRows: 500_000, maxTableBytes: 500 * 1048576 });
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toMatch(/600,000 rows/);
    expect(tableWarnings({ ...stats, rows: 10, expired: 0, tableBytes: 10 }, { maxRows: 500_000, maxTableBytes: 500 * 1048576 })).toEqual([]);
    expect(tableWarnings({ ...stats, rows: 10, expired: 8, tableBytes: 10 }, { maxRows: 500_000, maxTableBytes: 500 * 1048576 })[0]).toMatch(
      /cleanup cron/,
    );
  });
});
