import { beforeEach, describe, expect, it } from "vitest";
import { abandonedFilter } from "./abandoned";
import type { AdminAggregates, AdminStore, SessionFilter } from "./admin-store";
import { cachedOverview, invalidateOverview, loadOverview, type Overview } from "./overview";

/* The overview counts whole tables, so it is computed at most every 30 s per server. */

let computed = 0;
const load = async (): Promise<Overview> => {
  computed++;
  return { warnings: [String(computed)] } as unknown as Overview;
};
const deps = (now: number) => ({ now }) as unknown as Parameters<typeof cachedOverview>[0];
const settle = () => new Promise((r) => setTimeout(r, 0));

beforeEach(() => {
  invalidateOverview();
  computed = 0;
});

describe("the cached admin overview", () => {
  it("serves one computation for 30 seconds, then stale figures while recomputing, and waits when they are too old", async () => {
    expect((await cachedOverview(deps(1_000), load)).at).toBe(1_000);
    expect((await cachedOverview(deps(1_029), load)).at).toBe(1_000);
    expect(computed).toBe(1);
    // Stale: served at once, recomputed in the background.
    expect((await cachedOverview(deps(1_031), load)).at).toBe(1_000);
    await settle();
    expect(computed).toBe(2);
    expect((await cachedOverview(deps(1_032), load)).at).toBe(1_031);
    // Five minutes later the render waits for fresh figures.
    expect((await cachedOverview(deps(1_400), load)).at).toBe(1_400);
  });

  it("computes once for many concurrent renders, and afresh after an admin change", async () => {
    await Promise.all(Array.from({ length: 10 }, () => cachedOverview(deps(2_000), load)));
    expect(computed).toBe(1);
    invalidateOverview();
    expect((await cachedOverview(deps(2_001), load)).at).toBe(2_001);
    expect(computed).toBe(2);
  });
});

describe("the overview's figures", () => {
  it("come from one snapshot: the abandoned count is computed with the others, at the same time, with the list's filter", async () => {
    const counted: SessionFilter[] = [];
    const aggregates: AdminAggregates = {
      active: 5, activeGuests: 4, activeCustomers: 1, expiredRows: 1, endedRows: 2, rows: 8, openCarts: 2, itemsInOpenCarts: 3,
      expiringNextHour: 0, expiryByHour: [], createdByHour: [], cartSizes: [], valueBytes: 100, tableBytes: 4096,
    };
    const store = {
      aggregates: async () => aggregates,
      countSessions: async (filter: SessionFilter) => (counted.push(filter), 2),
      listSessions: async () => [],
      largest: async () => [],
      cleanupRuns: async () => [],
    } as unknown as AdminStore;
    const config = { abandonedCartMinutes: 60, warnRows: 1_000_000, warnTableMb: 500, warnSessionKb: 100 } as Parameters<typeof loadOverview>[0]["config"];
    const catalog = { list: async () => [], get: async () => null };
    const overview = await loadOverview({ store, decode: () => ({}), catalog, config, now: 5_000 });
    expect(overview.abandoned).toBe(2);
    expect(overview.aggregates.openCarts).toBe(2);
    expect(counted).toContainEqual(abandonedFilter({ now: 5_000, windowMinutes: 60 }));
  });
});
