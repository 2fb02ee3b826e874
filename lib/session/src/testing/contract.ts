import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { manualClock } from "../clock.js";
import { createSessionEngine, type SessionEngine } from "../engine.js";
import { supports, type SessionStore, type SessionWrite } from "../store/port.js";
import type { SessionCookie } from "../cookie.js";
import { requestClaim, IDEMPOTENCY_WINDOW_SECONDS } from "../idempotency.js";
import { idempotentRoute, type OpenedRequest } from "../idempotent-request.js";
import { errorStatus, isSessionError } from "../errors.js";
import type { Session } from "../session.js";

/** What the contract suite needs to run against a store. */
export interface StoreContractSubject {
  store: SessionStore;
  /** Deletes every session between tests. */
  reset(): Promise<void>;
  dispose(): Promise<void>;
}

const T0 = 1_800_000_000;
const SECRET = "contract-suite-secret-contract-suite-secret";
const key = (n: number) => `t_${n.toString(16).padStart(30, "0")}`;
const ckey = (n: number) => `c_${n.toString(16).padStart(30, "0")}`;

function write(partial: Partial<SessionWrite> & { key: string }): SessionWrite {
  return {
    customerId: null,
    logins: [],
    value: "{}",
    expiresAt: T0 + 1000,
    activeUntil: T0 + 500,
    items: 0,
    now: T0,
    expectedVersion: null,
    ...partial,
  };
}

type Cart = { cart: { productId: string; quantity: number }[]; note: string; n: number };

/**
 * The contract every store passes, like Auth.js's shared adapter tests: the required core
 * always, then each optional capability the store offers (`supports`). Run it in a vitest
 * file of your adapter:
 *
 *   describeStoreContract("my store", async () => ({ store, reset, dispose }));
 *
 * Return null from the factory to skip (e.g. the database is not reachable here).
 */
export function describeStoreContract(name: string, open: () => Promise<StoreContractSubject | null>): void {
  describe(`store contract: ${name}`, () => {
    let subject: StoreContractSubject | null = null;
    const clock = manualClock(T0);
    let engine: SessionEngine;
    const store = () => (subject as StoreContractSubject).store;

    beforeAll(async () => {
      subject = await open();
      if (subject) engine = createSessionEngine({ store: subject.store, secrets: SECRET, siteUrl: "https://shop.example", clock });
    }, 120_000);
    afterAll(async () => {
      await subject?.dispose();
    }, 120_000);
    beforeEach(async (context) => {
      if (!subject) return context.skip();
      clock.set(T0);
      await subject.reset();
    });

    /** A browser: its cookie state after each response. */
    async function visit(cookie: SessionCookie | null, fn?: (s: Awaited<ReturnType<SessionEngine["open"]>>) => void): Promise<SessionCookie> {
      const identity = cookie ? { cookie } : await engine.identify({});
      const session = await engine.open<Cart>(identity.cookie, { writable: true });
      fn?.(session);
      await session.save();
      return session.cookie;
    }
    async function read(cookie: SessionCookie) {
      return engine.open<Cart>(cookie, { writable: false });
    }

    describe("core", () => {
      it("inserts, loads, updates by version and deletes", async () => {
        expect(await store().load(key(1))).toBeNull();
        expect(await store().save(write({ key: key(1), value: '{"a":1}' }))).toEqual({ ok: true, version: 1 });
        expect(await store().load(key(1))).toMatchObject({ key: key(1), customerId: null, logins: [], value: '{"a":1}', expiresAt: T0 + 1000, activeUntil: T0 + 500, version: 1 });
        expect(await store().save(write({ key: key(1), value: '{"a":2}', expiresAt: T0 + 2000, expectedVersion: 1, now: T0 + 1 }))).toEqual({ ok: true, version: 2 });
        expect(await store().load(key(1))).toMatchObject({ value: '{"a":2}', expiresAt: T0 + 2000, version: 2 });
        expect(await store().delete(key(1))).toBe(true);
        expect(await store().delete(key(1))).toBe(false);
        expect(await store().load(key(1))).toBeNull();
      });

      it("stores every changed column of a write based on the loaded row, and nothing else moves", async () => {
        await store().save(write({ key: key(3), value: '{"cart":[]}', items: 0, logins: [] }));
        const loaded = (await store().load(key(3)))!;
        // Only the value, the item count and the time change (a typical cart change).
        expect(await store().save(write({ key: key(3), value: '{"cart":[{"productId":"p","quantity":2}]}', items: 2, now: T0 + 5, expectedVersion: 1, base: loaded }))).toEqual({ ok: true, version: 2 });
        const after = (await store().load(key(3)))!;
        expect(after).toMatchObject({ value: '{"cart":[{"productId":"p","quantity":2}]}', version: 2, expiresAt: T0 + 1000, activeUntil: T0 + 500, logins: [] });
        if (after.items !== undefined) expect(after).toMatchObject({ items: 2, bytes: 41, updatedAt: T0 + 5 });
        // Then the lifetime and the logins change too, and a stale base cannot win.
        const login = "b".repeat(24);
        expect(await store().save(write({ key: key(3), value: '{"cart":[]}', items: 0, logins: [login], expiresAt: T0 + 3000, activeUntil: T0 + 2000, now: T0 + 6, expectedVersion: 2, base: after }))).toEqual({ ok: true, version: 3 });
        expect(await store().save(write({ key: key(3), value: '{"stale":1}', expectedVersion: 2, base: after }))).toEqual({ ok: false, reason: "conflict" });
        expect(await store().load(key(3))).toMatchObject({ value: '{"cart":[]}', logins: [login], expiresAt: T0 + 3000, activeUntil: T0 + 2000, version: 3 });
        const s = store();
        if (supports(s, "inspection")) {
          const [listed] = await s.listSessions({ search: key(3), limit: 1, offset: 0 });
          expect(listed).toMatchObject({ items: 0, bytes: 11, updatedAt: T0 + 6, activeUntil: T0 + 2000 });
        }
      });

      it("refuses a stale compare-and-swap and a duplicate insert, keeping the winner", async () => {
        await store().save(write({ key: key(2) }));
        expect(await store().save(write({ key: key(2) }))).toEqual({ ok: false, reason: "conflict" });
        await store().save(write({ key: key(2), value: '{"v":2}', expectedVersion: 1 }));
        expect(await store().save(write({ key: key(2), value: '{"v":"stale"}', expectedVersion: 1 }))).toEqual({ ok: false, reason: "conflict" });
        expect((await store().load(key(2)))?.value).toBe('{"v":2}');
      });

      it("keeps one session per customer, found by any customer id up to 255 characters", async () => {
        const ids = ["550e8400-e29b-41d4-a716-446655440000", "user_2abcXYZ", "42", "é".repeat(255), "ck0x9q8w7e6r5t4y3u2i1o0p"];
        for (const [i, id] of ids.entries()) {
          expect(await store().save(write({ key: ckey(100 + i), customerId: id, logins: ["a".repeat(24)] }))).toEqual({ ok: true, version: 1 });
        }
        for (const [i, id] of ids.entries()) {
          expect(await store().loadByCustomer(id)).toMatchObject({ key: ckey(100 + i), customerId: id, logins: ["a".repeat(24)] });
        }
        // A second row for the same customer is a conflict, whatever its key.
        expect(await store().save(write({ key: ckey(200), customerId: ids[0] }))).toEqual({ ok: false, reason: "conflict" });
        expect(await store().loadByCustomer("nobody")).toBeNull();
      });

      it("keeps the logins it is given and changes them only by compare-and-swap", async () => {
        await store().save(write({ key: ckey(1), customerId: "9", logins: ["b".repeat(24)] }));
        await store().save(write({ key: ckey(1), customerId: "9", logins: ["b".repeat(24), "c".repeat(24)], expectedVersion: 1 }));
        expect((await store().load(ckey(1)))?.logins).toEqual(["b".repeat(24), "c".repeat(24)]);
        expect(await store().save(write({ key: ckey(1), customerId: "9", logins: [], expectedVersion: 1 }))).toEqual({ ok: false, reason: "conflict" });
        expect((await store().load(ckey(1)))?.logins).toHaveLength(2);
      });

      it("touch moves expiry and activity forward only, keeping value and version", async () => {
        await store().save(write({ key: key(3), value: '{"x":1}', expiresAt: T0 + 100, activeUntil: T0 + 50 }));
        expect(await store().touch(key(3), T0 + 5000, T0 + 4000, T0 + 50)).toBe(true);
        expect(await store().load(key(3))).toMatchObject({ value: '{"x":1}', expiresAt: T0 + 5000, activeUntil: T0 + 4000, version: 1 });
        await store().touch(key(3), T0 + 10, T0 + 10, T0 + 60);
        expect(await store().load(key(3))).toMatchObject({ expiresAt: T0 + 5000, activeUntil: T0 + 4000 });
        expect(await store().touch(key(99), T0, T0, T0)).toBe(false);
      });

      it("deletes expired rows in batches and keeps live ones", async () => {
        for (let i = 0; i < 120; i++) await store().save(write({ key: key(1000 + i), expiresAt: i < 100 ? T0 - 10 : T0 + 1000 }));
        const seen: number[] = [];
        const result = await store().deleteExpired({ before: T0, batchSize: 10, onBatch: (p) => seen.push(p.deleted) });
        expect(result.deleted).toBe(100);
        expect(result.remaining === 0 || result.remaining === -1).toBe(true);
        if (result.batches > 0) expect(seen.at(-1)).toBe(100);
        expect(await store().load(key(1000))).toBeNull();
        expect(await store().load(key(1100))).not.toBeNull();
      });

      it("lets two cleanups run at once without failing or double counting", async () => {
        for (let i = 0; i < 300; i++) await store().save(write({ key: key(5000 + i), expiresAt: T0 - 10 }));
        const [a, b] = await Promise.all([store().deleteExpired({ before: T0, batchSize: 20 }), store().deleteExpired({ before: T0, batchSize: 20 })]);
        expect(a.deleted + b.deleted).toBe(300);
      });
    });

    describe("the engine on this store", () => {
      it("loses no update with 50 parallel writers on one session", async () => {
        const first = await visit(null, (s) => s.set("n", 0));
        const sessions = await Promise.all(Array.from({ length: 50 }, () => engine.open<Cart>(first, { writable: true })));
        for (const s of sessions) s.update("n", (n) => (n ?? 0) + 1);
        await Promise.all(sessions.map((s) => s.save()));
        expect((await read(first)).get("n")).toBe(50);
      }, 60_000);

      /**
       * `route()` with an Idempotency-Key, as the Next binding runs it (framework-free): the
       * session a cookie names, saved when the answer is sent. Errors become their status.
       */
      async function post(cookie: SessionCookie, idempotencyKey: string, body: string, handler: (s: Session<Cart>) => Promise<Response>): Promise<Response> {
        const request = new Request("https://shop.example/api/cart/items", { method: "POST", headers: { "Idempotency-Key": idempotencyKey, "Content-Type": "application/json" }, body });
        const opened = async (): Promise<OpenedRequest<Cart>> => {
          const session = await engine.open<Cart>(cookie, { writable: true });
          return { session, respond: async (response) => (await session.save(), response) };
        };
        try {
          const claim = await requestClaim(request, clock.nowSeconds());
          return await idempotentRoute(claim!, await opened(), handler, opened);
        } catch (error) {
          if (!isSessionError(error)) throw error;
          return Response.json({ error: { code: error.code } }, { status: errorStatus(error.code) });
        }
      }
      const add = (s: Session<Cart>) => {
        s.update("n", (n) => (n ?? 0) + 1);
        return Response.json({ n: s.get("n") }, { status: 201, headers: { "X-Shop": "mugs" } });
      };

      it("applies a write with an Idempotency-Key once: a replay answers the original response and changes nothing", async () => {
        const cookie = await visit(null, (s) => s.set("n", 0));
        const first = await post(cookie, "key-1", `{"add":1}`, async (s) => add(s));
        expect(first.status).toBe(201);
        expect(await first.json()).toEqual({ n: 1 });
        await visit(cookie, (s) => s.set("note", "another write meanwhile"));
        for (let i = 0; i < 3; i++) {
          const again = await post(cookie, "key-1", `{"add":1}`, async (s) => add(s));
          expect(again.status).toBe(201);
          expect(again.headers.get("Idempotent-Replayed")).toBe("true");
          expect(again.headers.get("X-Shop")).toBe("mugs");
          expect(await again.json()).toEqual({ n: 1 });
        }
        expect((await read(cookie)).get("n")).toBe(1);
        // The records are the engine's: apps never read them.
        expect(Object.keys((await read(cookie)).getSessionData()).sort()).toEqual(["n", "note"]);
        // A new key is a new write.
        expect(await (await post(cookie, "key-2", `{"add":1}`, async (s) => add(s))).json()).toEqual({ n: 2 });
        expect((await read(cookie)).get("n")).toBe(2);
      });

      it("answers 422 idempotency_key_reused for the same key with a different body, changing nothing", async () => {
        const cookie = await visit(null, (s) => s.set("n", 0));
        await post(cookie, "key-1", `{"add":1}`, async (s) => add(s));
        const reused = await post(cookie, "key-1", `{"add":2}`, async (s) => add(s));
        expect(reused.status).toBe(422);
        expect(await reused.json()).toEqual({ error: { code: "idempotency_key_reused" } });
        expect((await read(cookie)).get("n")).toBe(1);
      });

      it("replays right when the handler saved before building its body, and applies concurrent duplicates once", async () => {
        const cookie = await visit(null, (s) => s.set("n", 0));
        const early = async (s: Session<Cart>) => {
          s.update("n", (n) => (n ?? 0) + 1);
          await s.save();
          return Response.json({ n: s.get("n") });
        };
        expect(await (await post(cookie, "early", "{}", early)).json()).toEqual({ n: 1 });
        await visit(cookie, (s) => s.update("n", (n) => Number(n ?? 0) + 10));
        const replayed = await post(cookie, "early", "{}", early);
        expect(replayed.headers.get("Idempotent-Replayed")).toBe("true");
        expect(await replayed.json()).toEqual({ n: 1 });
        expect((await read(cookie)).get("n")).toBe(11);
        // Ten instances get the same retry at once: one applies it, the others answer its outcome.
        const answers = await Promise.all(Array.from({ length: 10 }, () => post(cookie, "burst", "{}", async (s) => add(s))));
        expect((await read(cookie)).get("n")).toBe(12);
        const bodies = await Promise.all(answers.map((r) => r.json()));
        expect(bodies).toEqual(Array.from({ length: 10 }, () => ({ n: 12 })));
        expect(answers.filter((r) => r.headers.get("Idempotent-Replayed") === "true")).toHaveLength(9);
      }, 60_000);

      it("forgets a key after the window, and keeps at most 32 per session", async () => {
        const cookie = await visit(null, (s) => s.set("n", 0));
        await post(cookie, "old", "{}", async (s) => add(s));
        clock.set(T0 + IDEMPOTENCY_WINDOW_SECONDS + 1);
        expect(await (await post(cookie, "old", "{}", async (s) => add(s))).json()).toEqual({ n: 2 });
        for (let i = 0; i < 33; i++) await post(cookie, `k${i}`, "{}", async (s) => add(s));
        expect((await read(cookie)).get("n")).toBe(35);
        // k0 was dropped (the oldest beyond 32): it applies again; k1 is still remembered.
        expect(await (await post(cookie, "k1", "{}", async (s) => add(s))).json()).toEqual({ n: 4 });
        expect(await (await post(cookie, "k0", "{}", async (s) => add(s))).json()).toEqual({ n: 36 });
      }, 60_000);

      it("reads a corrupt stored value as an empty session and logs it, never crashing", async () => {
        const errors = vi.spyOn(console, "error").mockImplementation(() => {});
        try {
          const cookie = await visit(null, (s) => s.set("note", "x"));
          const row = await store().load(cookie.key);
          await store().save(write({ key: cookie.key, value: "{not json", expiresAt: row!.expiresAt, activeUntil: row!.activeUntil, expectedVersion: row!.version }));
          expect((await read(cookie)).getSessionData()).toEqual({});
          const after = await visit(cookie, (s) => s.set("note", "recovered"));
          expect((await read(after)).get("note")).toBe("recovered");
        } finally {
          errors.mockRestore();
        }
      });

      it("moves a guest cart to the customer at login, merging with their other device, and deletes the guest row", async () => {
        const phone = await engine.logIn(await visit(null, (s) => s.set("cart", [{ productId: "mug", quantity: 1 }])), "2f1c6a3e-0000-4000-8000-000000000001");
        const laptopGuest = await visit(null, (s) => s.set("cart", [{ productId: "mug", quantity: 2 }, { productId: "apron", quantity: 1 }]));
        const laptop = await engine.logIn(laptopGuest, "2f1c6a3e-0000-4000-8000-000000000001");
        expect(laptop.cookie.key).toBe(phone.cookie.key);
        expect(laptop.cookie.loginId).not.toBe(phone.cookie.loginId);
        expect((await read(laptop.cookie)).get("cart")).toEqual([{ productId: "mug", quantity: 3 }, { productId: "apron", quantity: 1 }]);
        expect(await store().load(laptopGuest.key)).toBeNull();
        // Two devices, one cart: a change on one is seen on the other.
        await visit(phone.cookie, (s) => s.set("note", "from the phone"));
        expect((await read(laptop.cookie)).get("note")).toBe("from the phone");
      });

      it("revokes a logged-out cookie for good, also after the customer logs in again", async () => {
        const login = await engine.logIn(await visit(null, (s) => s.set("cart", [{ productId: "mug", quantity: 1 }])), "customer-7");
        const stolen = login.cookie;
        const other = await engine.logIn(await visit(null), "customer-7");
        await engine.logOut(login.cookie);
        expect((await read(stolen)).isGuest()).toBe(true);
        expect((await read(stolen)).get("cart")).toBeUndefined();
        // The other device stays logged in; the cart survives for the next login (persistent cart).
        expect((await read(other.cookie)).isGuest()).toBe(false);
        const again = await engine.logIn(await visit(null), "customer-7");
        expect((await read(again.cookie)).get("cart")).toEqual([{ productId: "mug", quantity: 1 }]);
        const copied = await read(stolen);
        expect(copied.isGuest()).toBe(true);
        expect(copied.get("cart")).toBeUndefined();
        // Log out everywhere revokes every device.
        expect(await engine.logOutEverywhere("customer-7")).toBe(true);
        expect((await read(other.cookie)).isGuest()).toBe(true);
        expect((await read(again.cookie)).isGuest()).toBe(true);
      });
    });

    describe("capability: inspection", () => {
      beforeEach((context) => {
        if (subject && !supports(store(), "inspection")) context.skip();
      });
      it("lists and counts with filters, true totals and paging", async () => {
        const s = store();
        if (!supports(s, "inspection")) return;
        await s.save(write({ key: key(20), items: 2, now: T0 - 7200, activeUntil: T0 + 100 }));
        await s.save(write({ key: key(21), items: 0, now: T0 - 10, activeUntil: T0 + 100 }));
        await s.save(write({ key: ckey(22), customerId: "u-22", items: 5, now: T0 - 3600, activeUntil: T0 + 100, value: JSON.stringify({ big: "x".repeat(300) }) }));
        await s.save(write({ key: key(23), items: 1, now: T0 - 9000, activeUntil: T0 - 1 }));
        expect(await s.countSessions({})).toBe(4);
        expect(await s.countSessions({ kind: "guest" })).toBe(3);
        expect(await s.countSessions({ kind: "customer" })).toBe(1);
        expect(await s.countSessions({ cart: "open", status: ["active"], now: T0, idleBefore: T0 - 600 })).toBe(2);
        expect(await s.countSessions({ status: ["ended", "expired"], now: T0 })).toBe(1);
        expect(await s.countSessions({ cart: "empty" })).toBe(1);
        expect((await s.listSessions({ cart: "open", status: ["active"], now: T0, idleBefore: T0 - 600, limit: 1, offset: 0 })).map((x) => x.key)).toEqual([ckey(22)]);
        expect((await s.listSessions({ cart: "open", status: ["active"], now: T0, idleBefore: T0 - 600, limit: 1, offset: 1 })).map((x) => x.key)).toEqual([key(20)]);
        expect((await s.listSessions({ limit: 1, offset: 0, order: "largest" }))[0]).toMatchObject({ key: ckey(22), customerId: "u-22", items: 5 });
        expect((await s.listSessions({ search: "u-22", limit: 5, offset: 0 })).map((x) => x.key)).toEqual([ckey(22)]);
        expect((await s.listSessions({ search: key(21).slice(0, 20), limit: 5, offset: 0 })).map((x) => x.key)).toContain(key(21));
        expect(await s.countSessions({ search: "%" })).toBe(0);
        expect(await s.clearSessions({ kind: "guest" })).toBe(3);
        expect(await s.countSessions({})).toBe(1);
        expect(await s.clearSessions({})).toBe(1);
      });
    });

    describe("capability: aggregates", () => {
      beforeEach((context) => {
        if (subject && !supports(store(), "aggregates")) context.skip();
      });
      it("computes the overview figures in the database", async () => {
        const s = store();
        if (!supports(s, "aggregates")) return;
        await s.save(write({ key: key(50), items: 3, activeUntil: T0 + 100, expiresAt: T0 + 9000, now: T0 - 10 }));
        await s.save(write({ key: key(51), items: 0, activeUntil: T0 + 5000, expiresAt: T0 + 9000, now: T0 - 3700 }));
        await s.save(write({ key: ckey(52), customerId: "7", items: 12, activeUntil: T0 + 7300, expiresAt: T0 + 99_000, now: T0 - 100_000 }));
        await s.save(write({ key: key(53), items: 5, activeUntil: T0 - 500, expiresAt: T0 - 10, now: T0 - 200_000 }));
        const a = await s.aggregates(T0, { buckets: 48, bucketSeconds: 3600, largestCartSize: 10 });
        expect(a).toMatchObject({ rows: 4, expiredRows: 1, active: 3, activeGuests: 2, activeCustomers: 1, openCarts: 2, itemsInOpenCarts: 15 });
        expect(a.expiring).toHaveLength(48);
        expect(a.expiring.slice(0, 4)).toEqual([1, 1, 1, 0]);
        // Oldest hour first: 47 = the past hour, 46 = one to two hours ago, 20 = 27–28 hours ago.
        expect(a.created).toHaveLength(48);
        expect(a.created[47]).toBe(1);
        expect(a.created[46]).toBe(1);
        expect(a.created[20]).toBe(1);
        expect(a.created.reduce((x, y) => x + y, 0)).toBe(3);
        expect(a.cartSizes).toHaveLength(11);
        expect(a.cartSizes[3]).toBe(1);
        expect(a.cartSizes[10]).toBe(1);
        expect(a.valueBytes).toBe(8);
        // The caller's layout: 4 two-hour buckets, carts of 1-4 units and "5 or more".
        const b = await s.aggregates(T0, { buckets: 4, bucketSeconds: 7200, largestCartSize: 5 });
        expect(b.expiring).toEqual([2, 1, 0, 0]);
        expect(b.created).toEqual([0, 0, 0, 2]);
        expect(b.cartSizes).toEqual([0, 0, 0, 1, 0, 1]);
      });
    });

    describe("capability: cleanup log", () => {
      beforeEach((context) => {
        if (subject && !supports(store(), "cleanupLog")) context.skip();
      });
      it("records cleanup runs, newest first", async () => {
        const s = store();
        if (!supports(s, "cleanupLog")) return;
        await s.recordCleanupRun({ startedAt: T0, source: "cron", kind: "expired", deleted: 5, batches: 1, durationMs: 3, remaining: 0 });
        await s.recordCleanupRun({ startedAt: T0 + 60, source: "cli", kind: "purge", deleted: 1, batches: 1, durationMs: 1, remaining: 0 });
        expect((await s.cleanupRuns(10))[0]).toMatchObject({ startedAt: T0 + 60, source: "cli", kind: "purge" });
      });
    });

    describe("capability: purge", () => {
      beforeEach((context) => {
        if (subject && !supports(store(), "purge")) context.skip();
      });
      it("purges rows inactive since a time, expired or not", async () => {
        const s = store();
        if (!supports(s, "purge")) return;
        await s.save(write({ key: key(7), now: T0 - 1000, expiresAt: T0 + 9999 }));
        await s.save(write({ key: key(8), now: T0, expiresAt: T0 + 9999 }));
        expect((await s.purgeInactive({ updatedBefore: T0 - 10 })).deleted).toBe(1);
        expect(await s.load(key(7))).toBeNull();
        expect(await s.load(key(8))).not.toBeNull();
      });
    });

    describe("capability: bulk load", () => {
      beforeEach((context) => {
        if (subject && !supports(store(), "bulkLoad")) context.skip();
      });
      it("inserts new keys and skips existing ones", async () => {
        const s = store();
        if (!supports(s, "bulkLoad")) return;
        const rows = Array.from({ length: 1200 }, (_, i) => ({ key: key(9000 + i), value: "{}", expiresAt: T0 + 10, activeUntil: T0 + 5, createdAt: T0, updatedAt: T0 }));
        expect(await s.bulkInsert(rows)).toBe(1200);
        expect(await s.bulkInsert(rows.slice(0, 10))).toBe(0);
        expect(await s.load(key(9000))).toMatchObject({ expiresAt: T0 + 10, version: 1 });
      });
    });

    describe("capability: rate limit", () => {
      beforeEach((context) => {
        if (subject && !supports(store(), "rateLimit")) context.skip();
      });
      // Buckets are unique per test (the reset between tests clears sessions only).
      const bucket = (label: string) => `test:${label}-${Math.random().toString(16).slice(2, 10)}`;

      it("counts hits in fixed windows and starts over in the next one", async () => {
        const s = store();
        if (!supports(s, "rateLimit")) return;
        const b = bucket("window");
        // Windows start at multiples of their length: T0 is a multiple of 100.
        expect(await s.hit(b, 100, T0 + 10)).toEqual({ count: 1, resetAt: T0 + 100 });
        expect(await s.hit(b, 100, T0 + 99)).toEqual({ count: 2, resetAt: T0 + 100 });
        expect(await s.hit(b, 100, T0 + 100)).toEqual({ count: 1, resetAt: T0 + 200 });
        // A late hit from an instance whose clock is behind counts in the newer window.
        expect(await s.hit(b, 100, T0 + 50)).toEqual({ count: 2, resetAt: T0 + 200 });
      });

      it("loses no hit when 50 arrive at once, and clears and prunes buckets", async () => {
        const s = store();
        if (!supports(s, "rateLimit")) return;
        const b = bucket("parallel");
        const counts = (await Promise.all(Array.from({ length: 50 }, () => s.hit(b, 60, T0)))).map((h) => h.count).sort((x, y) => x - y);
        expect(counts).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
        await s.clearHits(b);
        expect((await s.hit(b, 60, T0)).count).toBe(1);
        const old = bucket("old");
        await s.hit(old, 60, T0 - 120);
        expect(await s.pruneHits(T0)).toBeGreaterThanOrEqual(1);
        expect((await s.hit(old, 60, T0 - 120)).count).toBe(1);
        expect((await s.hit(b, 60, T0)).count).toBe(2);
      });
    });

    describe("capability: probe", () => {
      beforeEach((context) => {
        if (subject && !supports(store(), "probe")) context.skip();
      });
      it("proves reads and writes reach the store", async () => {
        const s = store();
        if (!supports(s, "probe")) return;
        await expect(s.probe()).resolves.toBeUndefined();
      });
    });
  });
}
