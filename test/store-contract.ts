import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { manualClock } from "../lib/session/clock";
import { newSessionCookie } from "../lib/session/cookie";
import { generateGuestKey } from "../lib/session/keys";
import { Session } from "../lib/session/session";
import type { SessionStore } from "../lib/session/store";
import { testConfig } from "./helpers/config";

export interface ContractSubject {
  store: SessionStore;
  /** Writes a raw `session_value`, bypassing the store (to plant corrupt data). */
  setRawValue(key: string, value: string): Promise<void>;
  /** Deletes every row between tests. */
  reset(): Promise<void>;
  dispose(): Promise<void>;
}

const T0 = 1_800_000_000;
const key = (n: number) => `t_${n.toString(16).padStart(30, "0")}`;

/**
 * The SessionStore contract: every store (SQLite, Postgres) runs this suite unchanged,
 * like Auth.js's shared adapter tests.
 */
export function describeSessionStoreContract(name: string, open: () => Promise<ContractSubject | null>): void {
  describe(`SessionStore contract: ${name}`, () => {
    let subject: ContractSubject | null = null;
    const config = testConfig();
    const clock = manualClock(T0);

    beforeAll(async () => {
      subject = await open();
    }, 60_000);
    afterAll(async () => {
      await subject?.dispose();
    }, 60_000);
    beforeEach(async (context) => {
      if (!subject) return context.skip();
      clock.set(T0);
      await subject.reset();
    });
    const store = () => subject!.store;

    it("inserts, loads, updates by version, deletes", async () => {
      expect(await store().load(key(1))).toBeNull();
      expect(await store().save({ key: key(1), value: '{"a":1}', expiry: T0 + 100, expectedVersion: null, now: T0 })).toEqual({ ok: true, version: 1 });
      expect(await store().load(key(1))).toEqual({ key: key(1), value: '{"a":1}', expiry: T0 + 100, version: 1 });
      expect(await store().save({ key: key(1), value: '{"a":2}', expiry: T0 + 200, expectedVersion: 1, now: T0 + 1 })).toEqual({ ok: true, version: 2 });
      expect(await store().load(key(1))).toMatchObject({ value: '{"a":2}', expiry: T0 + 200, version: 2 });
      expect(await store().delete(key(1))).toBe(true);
      expect(await store().delete(key(1))).toBe(false);
      expect(await store().load(key(1))).toBeNull();
    });

    it("refuses a stale compare-and-swap and a duplicate insert", async () => {
      await store().save({ key: key(2), value: "{}", expiry: T0 + 100, expectedVersion: null, now: T0 });
      expect(await store().save({ key: key(2), value: "{}", expiry: T0 + 100, expectedVersion: null, now: T0 })).toEqual({ ok: false, reason: "conflict" });
      await store().save({ key: key(2), value: '{"v":2}', expiry: T0 + 100, expectedVersion: 1, now: T0 });
      expect(await store().save({ key: key(2), value: '{"v":"stale"}', expiry: T0 + 100, expectedVersion: 1, now: T0 })).toEqual({
        ok: false,
        reason: "conflict",
      });
      expect((await store().load(key(2)))?.value).toBe('{"v":2}');
    });

    it("loses no update with 50 parallel updaters on one key through the engine", async () => {
      const deps = { store: store(), config, clock, backoff: async (attempt: number) => new Promise<void>((r) => setTimeout(r, Math.random() * Math.min(10, attempt))) };
      const cookie = newSessionCookie(config, generateGuestKey(), T0);
      const sessions = await Promise.all(Array.from({ length: 50 }, () => Session.open<{ n: number }>(deps, { cookie, writable: true })));
      for (const s of sessions) s.update("n", (n) => (n ?? 0) + 1);
      await Promise.all(sessions.map((s) => s.save()));
      const after = await Session.open<{ n: number }>(deps, { cookie: { ...cookie, persisted: true }, writable: false });
      expect(after.get("n")).toBe(50);
    }, 60_000);

    it("touch moves the expiry and records activity, keeping value and version", async () => {
      await store().save({ key: key(3), value: '{"x":1}', expiry: T0 + 100, expectedVersion: null, now: T0 });
      expect(await store().touch(key(3), T0 + 5000, T0 + 50)).toBe(true);
      expect(await store().load(key(3))).toEqual({ key: key(3), value: '{"x":1}', expiry: T0 + 5000, version: 1 });
      expect((await store().list({ limit: 1, offset: 0 }))[0]).toMatchObject({ key: key(3), updated: T0 + 50 });
      expect(await store().touch(key(99), T0, T0)).toBe(false);
    });

    it("deletes expired rows in batches with correct counts and keeps live ones", async () => {
      const rows = Array.from({ length: 600 }, (_, i) => ({
        key: key(1000 + i),
        value: "{}",
        expiry: i < 500 ? T0 - 10 : T0 + 1000,
        created: T0 - 100,
        updated: T0 - 100,
      }));
      expect(await store().bulkInsert(rows)).toBe(600);
      expect(await store().bulkInsert(rows.slice(0, 10))).toBe(0);
      const batches: number[] = [];
      const result = await store().deleteExpired({ before: T0, batchSize: 50, onBatch: (p) => batches.push(p.deleted) });
      expect(result.deleted).toBe(500);
      expect(result.batches).toBeGreaterThanOrEqual(10);
      expect(result.remaining).toBe(0);
      expect(batches.at(-1)).toBe(500);
      expect((await store().stats(T0)).rows).toBe(100);
    });

    it("lets two cleanups run at once without failing or double counting", async () => {
      const rows = Array.from({ length: 2000 }, (_, i) => ({ key: key(5000 + i), value: "{}", expiry: T0 - 10, created: T0, updated: T0 }));
      await store().bulkInsert(rows);
      const [a, b] = await Promise.all([
        store().deleteExpired({ before: T0, batchSize: 100 }),
        store().deleteExpired({ before: T0, batchSize: 100 }),
      ]);
      expect(a.deleted + b.deleted).toBe(2000);
      expect((await store().stats(T0)).rows).toBe(0);
    });

    it("purges rows inactive since a time, expired or not", async () => {
      await store().bulkInsert([
        { key: key(7), value: "{}", expiry: T0 + 9999, created: T0 - 1000, updated: T0 - 1000 },
        { key: key(8), value: "{}", expiry: T0 + 9999, created: T0, updated: T0 },
      ]);
      const result = await store().purgeInactive({ updatedBefore: T0 - 10 });
      expect(result.deleted).toBe(1);
      expect(await store().load(key(7))).toBeNull();
      expect(await store().load(key(8))).not.toBeNull();
    });

    it("reports stats, newest-first lists and the largest sessions", async () => {
      await store().save({ key: key(10), value: '{"small":1}', expiry: T0 + 100, expectedVersion: null, now: T0 });
      await store().save({ key: key(11), value: JSON.stringify({ big: "x".repeat(500) }), expiry: T0 - 1, expectedVersion: null, now: T0 + 5 });
      const stats = await store().stats(T0);
      expect(stats).toMatchObject({ rows: 2, active: 1, expired: 1, valueBytes: 11 + JSON.stringify({ big: "x".repeat(500) }).length });
      expect(stats.tableBytes).toBeGreaterThan(0);
      expect((await store().list({ limit: 10, offset: 0 })).map((e) => e.key)).toEqual([key(11), key(10)]);
      expect((await store().list({ limit: 10, offset: 1 })).map((e) => e.key)).toEqual([key(10)]);
      const [largest] = await store().largest(1);
      expect(largest).toMatchObject({ key: key(11), bytes: JSON.stringify({ big: "x".repeat(500) }).length });
    });

    it("counts guests and customers, and clears guests only or everything", async () => {
      await store().bulkInsert([
        { key: key(20), value: "{}", expiry: T0 + 100, created: T0, updated: T0 },
        { key: key(21), value: "{}", expiry: T0 + 100, created: T0, updated: T0 },
        { key: "42", value: "{}", expiry: T0 + 100, created: T0, updated: T0 },
      ]);
      expect(await store().countByKind()).toEqual({ guests: 2, customers: 1 });
      expect(await store().clearSessions({ guestsOnly: true })).toBe(2);
      expect(await store().countByKind()).toEqual({ guests: 0, customers: 1 });
      expect(await store().clearSessions({ guestsOnly: false })).toBe(1);
      expect((await store().stats(T0)).rows).toBe(0);
    });

    it("lists idle sessions, most recently active first", async () => {
      await store().bulkInsert([
        { key: key(30), value: "{}", expiry: T0 + 9999, created: T0 - 500, updated: T0 - 500 },
        { key: key(31), value: "{}", expiry: T0 + 9999, created: T0 - 300, updated: T0 - 300 },
        { key: key(32), value: "{}", expiry: T0 + 9999, created: T0, updated: T0 },
      ]);
      expect((await store().listIdle({ updatedBefore: T0 - 100, limit: 10, offset: 0 })).map((e) => e.key)).toEqual([key(31), key(30)]);
    });

    it("consumes a restore token once, and never when expired or unknown", async () => {
      await store().createRestoreToken({ tokenHash: "h1", sessionKey: key(40), cart: '[{"productId":"a","quantity":1}]', createdAt: T0, expiresAt: T0 + 60 });
      await store().createRestoreToken({ tokenHash: "h2", sessionKey: key(40), cart: "[]", createdAt: T0, expiresAt: T0 + 60 });
      const [first, second] = await Promise.all([store().consumeRestoreToken("h1", T0 + 1), store().consumeRestoreToken("h1", T0 + 1)]);
      expect([first, second].filter((c) => c !== null)).toEqual(['[{"productId":"a","quantity":1}]']);
      expect(await store().consumeRestoreToken("h2", T0 + 61)).toBeNull();
      expect(await store().consumeRestoreToken("nope", T0)).toBeNull();
    });

    it("computes the admin aggregates, the same figures on every store", async () => {
      const G = config.guestExpiration;
      const U = config.userExpiration;
      await store().bulkInsert([
        { key: key(50), value: "{}", items: 3, expiry: T0 + 100 + G, created: T0 - 10, updated: T0 - 10 },
        { key: key(51), value: "{}", items: 0, expiry: T0 + 5000 + G, created: T0 - 3700, updated: T0 - 3700 },
        { key: "7", value: "{}", items: 12, expiry: T0 + 7300 + U, created: T0 - 100_000, updated: T0 },
        { key: key(52), value: "{}", items: 5, expiry: T0 - 10, created: T0 - 200_000, updated: T0 - 200_000 },
        { key: key(53), value: "{}", items: 1, expiry: T0 - 50 + G, created: T0 - 300_000, updated: T0 - 300_000 },
      ]);
      const a = await store().adminAggregates({ now: T0, guestLifetime: G, userLifetime: U });
      expect(a).toMatchObject({ guests: 4, customers: 1, active: 3, expiredRows: 1, openCarts: 2, itemsInOpenCarts: 15, expiringNextHour: 1 });
      expect(a.expiryByHour.slice(0, 4)).toEqual([1, 1, 1, 0]);
      expect(a.expiryByHour.reduce((x, y) => x + y, 0)).toBe(3);
      expect(a.createdByHour[0]).toBe(1);
      expect(a.createdByHour[1]).toBe(1);
      expect(a.createdByHour[27]).toBe(1);
      expect(a.createdByHour.reduce((x, y) => x + y, 0)).toBe(3);
      expect(a.cartSizes[3]).toBe(1);
      expect(a.cartSizes[10]).toBe(1);
      expect(a.cartSizes.reduce((x, y) => x + y, 0)).toBe(2);
    });

    it("keeps the cart's unit count with every save", async () => {
      const deps = { store: store(), config, clock };
      const cookie = newSessionCookie(config, generateGuestKey(), T0);
      const session = await Session.open<{ cart: { productId: string; quantity: number }[] }>(deps, { cookie, writable: true });
      session.set("cart", [{ productId: "a", quantity: 2 }, { productId: "b", quantity: 3 }]);
      await session.save();
      const a = await store().adminAggregates({ now: T0, guestLifetime: config.guestExpiration, userLifetime: config.userExpiration });
      expect(a).toMatchObject({ openCarts: 1, itemsInOpenCarts: 5 });
    });

    it("records cleanup runs, newest first", async () => {
      await store().recordCleanupRun({ startedAt: T0, source: "cron", kind: "expired", deleted: 5, batches: 1, durationMs: 3, remaining: 0 });
      await store().recordCleanupRun({ startedAt: T0 + 60, source: "cli", kind: "purge", deleted: 1, batches: 1, durationMs: 1, remaining: 0 });
      const runs = await store().cleanupRuns(10);
      expect(runs[0]).toMatchObject({ startedAt: T0 + 60, source: "cli", kind: "purge" });
      expect(runs.length).toBeGreaterThanOrEqual(2);
    });

    it("reads a corrupt stored value as an empty session and logs it, never crashing", async () => {
      const errors = vi.spyOn(console, "error").mockImplementation(() => {});
      try {
        const deps = { store: store(), config, clock };
        const cookie = { ...newSessionCookie(config, generateGuestKey(), T0), persisted: true };
        await store().save({ key: cookie.customerId, value: '{"cart":[]}', expiry: T0 + 1_000_000, expectedVersion: null, now: T0 });
        await subject!.setRawValue(cookie.customerId, "{not json");
        const session = await Session.open(deps, { cookie, writable: true });
        expect(session.getSessionData()).toEqual({});
        expect(errors).toHaveBeenCalled();
        session.set("note", "recovered");
        await session.save();
        expect((await Session.open(deps, { cookie, writable: false })).get("note")).toBe("recovered");
      } finally {
        errors.mockRestore();
      }
    });
  });
}
