import type { CleanupRun } from "cartsession/store";
import type { Catalog } from "../cart/catalog";
import type { ShopConfig } from "../shop-config";
import type { AdminAggregates, AdminStore, DecodeValue, SessionListEntry } from "./admin-store";
import { abandonedFilter, findAbandonedCarts } from "./abandoned";
import { tableWarnings } from "./warnings";

/** Open carts decoded for their value and top products: the most recently active ones. */
export const VALUE_SAMPLE = 1_000;

export interface Overview {
  stats: { rows: number; tableBytes: number | null; valueBytes: number };
  aggregates: AdminAggregates;
  /** Abandoned carts (the abandoned-carts list's default filter), counted with the other figures. */
  abandoned: number;
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
export async function loadOverview(deps: { store: AdminStore; decode: DecodeValue; catalog: Catalog; config: ShopConfig; now: number }): Promise<Overview> {
  const { store, config, now } = deps;
  // Every figure is an index range count in the store (docs/ARCHITECTURE.md); value and
  // top products decode the most recent open carts only, so the page stays fast on a million rows.
  // One snapshot: every figure on the page is computed here, at the same `now`, and cached
  // together; none is read live beside cached ones (they would disagree).
  const [aggregates, abandoned, largest, cleanupRuns, sample, products] = await Promise.all([
    store.aggregates(now),
    store.countSessions(abandonedFilter({ now, windowMinutes: config.abandonedCartMinutes })),
    store.largest(5),
    store.cleanupRuns(5),
    findAbandonedCarts({ store, decode: deps.decode, catalog: deps.catalog, now, windowMinutes: 0, limit: VALUE_SAMPLE }),
    deps.catalog.list(),
  ]);
  const stats = { rows: aggregates.rows, tableBytes: aggregates.tableBytes, valueBytes: aggregates.valueBytes };
  const names = new Map(products.map((p) => [p.id, p.name]));
  const units = new Map<string, number>();
  for (const cart of sample.carts) for (const line of cart.lines) units.set(line.productId, (units.get(line.productId) ?? 0) + line.quantity);
  const topProducts = [...units.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 8)
    .map(([productId, n]) => ({ productId, name: names.get(productId) ?? productId, units: n }));
  const warnings = tableWarnings(aggregates, { maxRows: config.warnRows, maxTableBytes: config.warnTableMb * 1024 * 1024 });
  const big = largest.filter((entry) => entry.bytes > config.warnSessionKb * 1024);
  if (big.length > 0) warnings.push(`${big.length} session${big.length === 1 ? "" : "s"} over ${config.warnSessionKb} KiB (largest: ${big[0]?.key}).`);
  return {
    stats,
    aggregates,
    abandoned,
    activeByKind: { guests: aggregates.activeGuests, customers: aggregates.activeCustomers },
    endedRows: aggregates.endedRows,
    openCartValue: {
      cents: sample.carts.reduce((sum, c) => sum + c.valueCents, 0),
      currency: sample.carts[0]?.currency ?? products[0]?.currency ?? "USD",
      carts: sample.carts.length,
      complete: sample.carts.length >= sample.total,
    },
    topProducts,
    largest,
    cleanupRuns,
    warnings,
  };
}

/** How long a computed overview is served before it is recomputed (in the background). */
export const OVERVIEW_FRESH_SECONDS = 30;
/** Older than this, a render waits for fresh figures instead of showing stale ones. */
const OVERVIEW_MAX_STALE_SECONDS = 300;

interface CachedOverview {
  overview: Overview;
  /** Unix seconds the figures were computed at. */
  at: number;
}

const cache = globalThis as unknown as { __cartsessionOverview?: { value?: CachedOverview; pending?: Promise<CachedOverview> } };

/**
 * The overview, computed at most every 30 seconds per server: its figures count a whole
 * table (a million rows take a couple of hundred milliseconds, more on Postgres), and an
 * admin reloading the page, or several admins, must not repeat that each time. Within 30 s
 * the cached figures are served; up to 5 minutes old they are served while fresh ones are
 * computed; older, the render waits. Admin actions that change sessions drop the cache.
 */
export async function cachedOverview(deps: Parameters<typeof loadOverview>[0], load = loadOverview): Promise<CachedOverview> {
  const state = (cache.__cartsessionOverview ??= {});
  const refresh = () =>
    (state.pending ??= load(deps)
      .then((overview) => (state.value = { overview, at: deps.now }))
      .finally(() => {
        state.pending = undefined;
      }));
  const value = state.value;
  if (value && deps.now - value.at < OVERVIEW_FRESH_SECONDS) return value;
  if (value && deps.now - value.at < OVERVIEW_MAX_STALE_SECONDS) {
    refresh().catch(() => {});
    return value;
  }
  return refresh();
}

/** After an admin action that changes sessions: the next overview is computed afresh. */
export function invalidateOverview(): void {
  if (cache.__cartsessionOverview) cache.__cartsessionOverview.value = undefined;
}
