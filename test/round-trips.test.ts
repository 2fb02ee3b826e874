/**
 * Store round trips per operation, as a contract (issue #26, item 5): the table below is
 * what a page view, a cart read, a cart write, a login and a logout cost in trips to the
 * store on each store, counted at the driver by bench/round-trips.ts (SQLite statements,
 * Neon HTTP requests, Redis commands; see its header). A change that adds one fails here;
 * if it is intended, update EXPECTED and the table in BENCHMARKS.md.
 *
 * Real servers, as every store test: Postgres (through the local Neon bridge) and Redis are
 * mandatory on CI; elsewhere a store whose server is unreachable is skipped with the reason.
 */
import { postgresOrSkipReason, redisOrSkipReason } from "cartsession/testing";
import { beforeAll, describe, expect, it } from "vitest";
import { formatRoundTrips, measureRoundTrips, OPERATION_LABELS, OPERATIONS, STORE_LABELS, STORES, type Operation, type RoundTrips, type RoundTripTable, type StoreName } from "../bench/round-trips";

/** The committed contract: round trips per operation (rows) and store (columns). */
const EXPECTED: Record<Operation, Record<StoreName, RoundTrips>> = {
  catalogPageNoCart: { sqlite: { database: 0 }, postgres: { database: 0 }, redis: { redis: 0 }, "postgres+redis": { database: 0, redis: 0 } },
  catalogPage: { sqlite: { database: 1 }, postgres: { database: 1 }, redis: { redis: 1 }, "postgres+redis": { database: 0, redis: 1 } },
  personalPage: { sqlite: { database: 1 }, postgres: { database: 1 }, redis: { redis: 1 }, "postgres+redis": { database: 0, redis: 1 } },
  cartRead: { sqlite: { database: 1 }, postgres: { database: 1 }, redis: { redis: 1 }, "postgres+redis": { database: 0, redis: 1 } },
  cartWrite: { sqlite: { database: 2 }, postgres: { database: 2 }, redis: { redis: 2 }, "postgres+redis": { database: 1, redis: 2 } },
  login: { sqlite: { database: 4 }, postgres: { database: 4 }, redis: { redis: 4 }, "postgres+redis": { database: 3, redis: 4 } },
  logout: { sqlite: { database: 2 }, postgres: { database: 2 }, redis: { redis: 2 }, "postgres+redis": { database: 1, redis: 2 } },
};

/** One line per operation whose count moved, saying which way and what to do. */
function differences(store: StoreName, measured: Record<Operation, RoundTrips>): string[] {
  const lines: string[] = [];
  for (const op of OPERATIONS) {
    const expected = EXPECTED[op][store];
    const actual = measured[op];
    const channels = ["database", "redis"] as const;
    if (channels.every((c) => expected[c] === actual[c])) continue;
    const more = channels.some((c) => (actual[c] ?? 0) > (expected[c] ?? 0));
    const what = more ? `a change added a store round trip to ${op} on ${store}` : `a change removed a store round trip from ${op} on ${store}`;
    lines.push(
      `${OPERATION_LABELS[op]} (${op}) on ${STORE_LABELS[store]} (${store}): expected ${formatRoundTrips(expected)}, measured ${formatRoundTrips(actual)}; ${what}; if intended, update the table in test/round-trips.test.ts and BENCHMARKS.md`,
    );
  }
  return lines;
}

let table: RoundTripTable;

beforeAll(async () => {
  // On CI an unreachable server fails the run here; elsewhere its stores are skipped.
  await postgresOrSkipReason();
  await redisOrSkipReason();
  table = await measureRoundTrips();
}, 120_000);

describe("store round trips per operation (the contract in EXPECTED)", () => {
  for (const store of STORES) {
    it(`${STORE_LABELS[store]}: every operation makes the committed number of round trips`, (context) => {
      const column = table.stores[store];
      if ("skipped" in column) return context.skip(column.skipped);
      const problems = differences(store, column.counts);
      expect(column.counts, problems.join("\n")).toEqual(Object.fromEntries(OPERATIONS.map((op) => [op, EXPECTED[op][store]])));
      // Exact counts: a fraction means visitors in the same state cost differently.
      for (const op of OPERATIONS) for (const n of Object.values(column.counts[op])) expect(Number.isInteger(n), `${op} on ${store}: ${n} is not a whole number of round trips`).toBe(true);
      // Every count is a sent command or request; none of these operations overlaps two.
      expect(column.concurrent, `round trips sent while another was in flight on ${store}`).toEqual({});
    });
  }
});

describe("the engine guide's table (lib/session/README.md, \"What each request costs\")", () => {
  it("says what the contract says, store by store", async () => {
    const { readFileSync } = await import("node:fs");
    const readme = readFileSync(new URL("../lib/session/README.md", import.meta.url), "utf8");
    const section = readme.slice(readme.indexOf("## What each request costs"));
    const rows = section
      .split("\n")
      .filter((line) => line.startsWith("| ") && !line.startsWith("| operation"))
      .slice(0, 6)
      .map((line) => line.split("|").slice(2, 4).map((cell) => cell.trim()));
    // The guide's rows, in order, and the operation each one states.
    const stated: Operation[] = ["catalogPageNoCart", "personalPage", "cartRead", "cartWrite", "login", "logout"];
    const cached = (trips: RoundTrips) => (trips.database ? formatRoundTrips(trips) : `${trips.redis} Redis`).replace(/^0 Redis$/, "0");
    expect(rows).toEqual(
      stated.map((op) => {
        const plain = new Set((["sqlite", "postgres", "redis"] as const).map((store) => formatRoundTrips(EXPECTED[op][store])));
        expect(plain.size, `${op} costs the same on SQLite, Postgres and Redis`).toBe(1);
        return [[...plain][0], cached(EXPECTED[op]["postgres+redis"])];
      }),
    );
  });
});
