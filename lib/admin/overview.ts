import type { CleanupRun, SessionListEntry, SessionStore, StoreStats } from "../session/store";
import { DEFAULT_THRESHOLDS, tableWarnings, type Thresholds } from "./health";

/** A single session this large deserves a look (WooCommerce's guidance). */
export const LARGE_SESSION_BYTES = 100 * 1024;

export interface Overview {
  stats: StoreStats;
  largest: SessionListEntry[];
  cleanupRuns: CleanupRun[];
  warnings: string[];
}

/** Table-level figures for the admin overview; every query is an aggregate or an indexed read. */
export async function loadOverview(store: SessionStore, now: number, thresholds: Thresholds = DEFAULT_THRESHOLDS): Promise<Overview> {
  const [stats, largest, cleanupRuns] = await Promise.all([store.stats(now), store.largest(5), store.cleanupRuns(5)]);
  const warnings = tableWarnings(stats, thresholds);
  const big = largest.filter((entry) => entry.bytes > LARGE_SESSION_BYTES);
  if (big.length > 0) warnings.push(`${big.length} session${big.length === 1 ? "" : "s"} over ${LARGE_SESSION_BYTES / 1024} KiB (largest: ${big[0]?.key}).`);
  return { stats, largest, cleanupRuns, warnings };
}
