import type { Catalog } from "../cart/catalog";
import type { ValueCodec } from "../session/codec";
import type { SessionConfig } from "../session/config";
import type { AdminAggregates, CleanupRun, SessionListEntry, SessionStore, StoreStats } from "../session/store";
import { findAbandonedCarts } from "./abandoned";
import { tableWarnings } from "./health";

/** Open carts decoded for their value and top products: the most recently active ones. */
export const VALUE_SAMPLE = 5_000;

export interface Overview {
  stats: StoreStats;
  aggregates: AdminAggregates;
  /** The active sessions by kind: their sum is `aggregates.active` (the stored-row counts include ended and expired rows). */
  activeByKind: { guests: number; customers: number };
  /** Rows whose cookie has ended but which are kept until their row expiry (neither active nor awaiting cleanup). */
  endedRows: number;
  /** Value of the open carts looked at, cents, and how many that was (all, or the latest VALUE_SAMPLE). */
  openCartValue: { cents: number; currency: string; carts: number; complete: boolean };
  topProducts: { productId: string; name: string; units: number }[];
  largest: SessionListEntry[];
  cleanupRuns: CleanupRun[];
  warnings: string[];
}

/**
 * Everything on the admin overview. Counts and charts are aggregates in the database (the
 * cart's unit count is kept in `session_items` on every save); value and top products
 * decode the most recent open carts only, so the page stays fast on a million rows.
 */
export async function loadOverview(deps: { store: SessionStore; codec: ValueCodec; catalog: Catalog; config: SessionConfig; now: number }): Promise<Overview> {
  const { store, config, now } = deps;
  const lifetimes = { now, guestLifetime: config.guestExpiration, userLifetime: config.userExpiration };
  // Customers are few and found through the key index; guests and ended rows follow from
  // the totals, so the figures add up exactly and no second full scan is needed.
  const [stats, aggregates, activeCustomers, largest, cleanupRuns, sample, products] = await Promise.all([
    store.stats(now),
    store.adminAggregates(lifetimes),
    store.countSessions({ ...lifetimes, kind: "customer", status: ["active"] }),
    store.largest(5),
    store.cleanupRuns(5),
    findAbandonedCarts({ store, codec: deps.codec, catalog: deps.catalog, now, windowMinutes: 0, limit: VALUE_SAMPLE, maxScan: VALUE_SAMPLE * 2 }),
    deps.catalog.list(),
  ]);
  const names = new Map(products.map((p) => [p.id, p.name]));
  const units = new Map<string, number>();
  for (const cart of sample.carts) for (const line of cart.lines) units.set(line.productId, (units.get(line.productId) ?? 0) + line.quantity);
  const topProducts = [...units.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 8)
    .map(([productId, n]) => ({ productId, name: names.get(productId) ?? productId, units: n }));
  const warnings = tableWarnings(stats, { maxRows: config.warnRows, maxTableBytes: config.warnTableMb * 1024 * 1024 });
  const big = largest.filter((entry) => entry.bytes > config.warnSessionKb * 1024);
  if (big.length > 0) warnings.push(`${big.length} session${big.length === 1 ? "" : "s"} over ${config.warnSessionKb} KiB (largest: ${big[0]?.key}).`);
  return {
    stats,
    aggregates,
    activeByKind: { guests: Math.max(0, aggregates.active - activeCustomers), customers: activeCustomers },
    endedRows: Math.max(0, stats.rows - aggregates.active - aggregates.expiredRows),
    openCartValue: {
      cents: sample.carts.reduce((sum, c) => sum + c.valueCents, 0),
      currency: sample.carts[0]?.currency ?? products[0]?.currency ?? "USD",
      carts: sample.carts.length,
      complete: sample.carts.length >= aggregates.openCarts,
    },
    topProducts,
    largest,
    cleanupRuns,
    warnings,
  };
}
