import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, openTestPostgresStore, postgresOrSkipReason, type TestDatabase } from "../../test/helpers/postgres";
import { tempSqliteStore } from "../../test/helpers/sqlite";
import type { BulkSessionRow, SessionFilter, SessionStore } from "../session/store";
import { abandonedFilter } from "./abandoned";

/**
 * The two store methods issue 16 adds for the admin (countSessions, listSessions), on both
 * stores with the same rows and the same expected answers.
 */
const T0 = 1_800_000_000;
const G = 172_800; // guest lifetime
const U = 604_800; // customer lifetime
const at = { now: T0, guestLifetime: G, userLifetime: U };
const guest = (n: number) => `t_${n.toString(16).padStart(30, "0")}`;

// Row expiry = cookie end + one lifetime (rowExpiryFor).
const ROWS: BulkSessionRow[] = [
  // active guests: cookie ends in the future
  { key: guest(1), value: '{"cart":[{"productId":"a","quantity":2}]}', items: 2, expiry: T0 + 3600 + G, created: T0 - 7200, updated: T0 - 7200 },
  { key: guest(2), value: "{}", items: 0, expiry: T0 + 100 + G, created: T0 - 60, updated: T0 - 60 },
  // ended guest: cookie over, row kept
  { key: guest(3), value: '{"cart":[{"productId":"a","quantity":1}]}', items: 1, expiry: T0 - 100 + G, created: T0 - 300_000, updated: T0 - 200_000 },
  // expired guest: row past its expiry
  { key: guest(4), value: '{"cart":[{"productId":"a","quantity":5}]}', items: 5, expiry: T0 - 10, created: T0 - 500_000, updated: T0 - 400_000 },
  // active customer with a cart, idle for a day
  { key: "42", value: '{"cart":[{"productId":"b","quantity":3}]}', items: 3, expiry: T0 + 86_400 + U, created: T0 - 100_000, updated: T0 - 90_000 },
  // ended customer, empty cart
  { key: "43", value: "{}", items: 0, expiry: T0 - 5 + U, created: T0 - 900_000, updated: T0 - 800_000 },
];

function describeFilters(name: string, open: () => Promise<{ store: SessionStore; dispose(): Promise<void> } | null>) {
  describe(`countSessions / listSessions: ${name}`, () => {
    let subject: { store: SessionStore; dispose(): Promise<void> } | null = null;
    beforeAll(async () => {
      subject = await open();
      await subject?.store.bulkInsert(ROWS);
    }, 60_000);
    afterAll(async () => {
      await subject?.dispose();
    }, 60_000);

    const cases: [string, Omit<SessionFilter, keyof typeof at>, string[]][] = [
      ["everything", {}, ["t_…2", "t_…1", "42", "t_…3", "t_…4", "43"]],
      ["guests", { kind: "guest" }, ["t_…2", "t_…1", "t_…3", "t_…4"]],
      ["customers", { kind: "customer" }, ["42", "43"]],
      ["active", { status: ["active"] }, ["t_…2", "t_…1", "42"]],
      ["ended", { status: ["ended"] }, ["t_…3", "43"]],
      ["expired", { status: ["expired"] }, ["t_…4"]],
      ["active or ended", { status: ["active", "ended"] }, ["t_…2", "t_…1", "42", "t_…3", "43"]],
      ["active guests", { kind: "guest", status: ["active"] }, ["t_…2", "t_…1"]],
      ["active customers", { kind: "customer", status: ["active"] }, ["42"]],
      ["open carts", { cart: "open" }, ["t_…1", "42", "t_…3", "t_…4"]],
      ["empty carts", { cart: "empty" }, ["t_…2", "43"]],
      ["idle for an hour", { idleSince: T0 - 3600 }, ["t_…1", "42", "t_…3", "t_…4", "43"]],
      ["empty status list narrows nothing", { status: [] }, ["t_…2", "t_…1", "42", "t_…3", "t_…4", "43"]],
      ["all three statuses narrow nothing", { status: ["active", "ended", "expired"] }, ["t_…2", "t_…1", "42", "t_…3", "t_…4", "43"]],
      ["active or expired (not adjacent)", { status: ["active", "expired"] }, ["t_…2", "t_…1", "42", "t_…4"]],
      ["ended or expired", { status: ["ended", "expired"] }, ["t_…3", "t_…4", "43"]],
      ["ended customers", { kind: "customer", status: ["ended"] }, ["43"]],
      ["open carts of active guests idle for an hour", { kind: "guest", status: ["active"], cart: "open", idleSince: T0 - 3600 }, ["t_…1"]],
    ];
    const short = (key: string) => (key.startsWith("t_") ? `t_…${Number.parseInt(key.slice(2), 16)}` : key);

    for (const [label, filter, expected] of cases) {
      it(`${label}: the count and the newest-first list agree`, async (context) => {
        if (!subject) return context.skip();
        const full = { ...at, ...filter };
        expect(await subject.store.countSessions(full)).toBe(expected.length);
        const listed = await subject.store.listSessions(full, { limit: 50, offset: 0 });
        expect(listed.map((e) => short(e.key))).toEqual(expected);
      });
    }

    it("pages with limit and offset", async (context) => {
      if (!subject) return context.skip();
      const page2 = await subject.store.listSessions(at, { limit: 2, offset: 2 });
      expect(page2.map((e) => short(e.key))).toEqual(["42", "t_…3"]);
      expect(page2[0]).toMatchObject({ key: "42", updated: T0 - 90_000, expiry: T0 + 86_400 + U });
      expect(page2[0]?.bytes).toBeGreaterThan(0);
      expect(page2[0]?.value).toContain("productId");
    });

    it("abandoned carts: open, idle past the window, row still kept", async (context) => {
      if (!subject) return context.skip();
      const filter = abandonedFilter({ ...at, windowMinutes: 60 });
      expect(await subject.store.countSessions(filter)).toBe(3);
      expect((await subject.store.listSessions(filter, { limit: 10, offset: 0 })).map((e) => short(e.key))).toEqual(["t_…1", "42", "t_…3"]);
      expect(await subject.store.countSessions({ ...filter, kind: "customer" })).toBe(1);
      expect(await subject.store.countSessions(abandonedFilter({ ...at, windowMinutes: 0 }))).toBe(3);
      expect(await subject.store.countSessions(abandonedFilter({ ...at, windowMinutes: 1_440 }))).toBe(2);
    });

    it("active guests and customers add up to the overview's active sessions", async (context) => {
      if (!subject) return context.skip();
      const aggregates = await subject.store.adminAggregates(at);
      const guests = await subject.store.countSessions({ ...at, kind: "guest", status: ["active"] });
      const customers = await subject.store.countSessions({ ...at, kind: "customer", status: ["active"] });
      expect(guests + customers).toBe(aggregates.active);
      const ended = await subject.store.countSessions({ ...at, status: ["ended"] });
      expect(aggregates.active + ended + aggregates.expiredRows).toBe(ROWS.length);
    });
  });
}

describeFilters("SQLite", async () => tempSqliteStore());

describeFilters("Postgres", async () => {
  if (await postgresOrSkipReason()) return null;
  const db: TestDatabase = await createTestDatabase("cartsession_admin16");
  const store = await openTestPostgresStore(db);
  return {
    store,
    async dispose() {
      await store.close();
      await db.drop();
    },
  };
});
