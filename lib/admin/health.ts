import type { SessionStore, StoreStats } from "../session/store";

/** When the sessions table deserves a look (WooCommerce's guidance: 500,000 rows or 500 MB). */
export interface Thresholds {
  maxRows: number;
  maxTableBytes: number;
}

export const DEFAULT_THRESHOLDS: Thresholds = { maxRows: 500_000, maxTableBytes: 500 * 1024 * 1024 };

export interface HealthReport {
  status: "ok" | "degraded" | "unavailable";
  db: { ok: boolean; latencyMs: number | null };
  sessions: { rows: number; expired: number } | null;
  warnings: string[];
}

export function tableWarnings(stats: StoreStats, thresholds: Thresholds): string[] {
  const warnings: string[] = [];
  if (stats.rows > thresholds.maxRows) {
    warnings.push(`The sessions table holds ${stats.rows.toLocaleString("en")} rows, over ${thresholds.maxRows.toLocaleString("en")}.`);
  }
  const bytes = stats.tableBytes ?? stats.valueBytes;
  if (bytes > thresholds.maxTableBytes) {
    warnings.push(`The sessions table takes ${(bytes / 1048576).toFixed(0)} MB, over ${(thresholds.maxTableBytes / 1048576).toFixed(0)} MB.`);
  }
  if (stats.expired > 0 && stats.expired >= stats.rows / 2) {
    warnings.push(`${stats.expired.toLocaleString("en")} expired rows await cleanup: is the cleanup cron running?`);
  }
  return warnings;
}

/**
 * Database reachability and latency (one indexed lookup), row counts and warnings. Holds
 * no secrets and no personal data; never creates a session.
 */
export async function checkHealth(
  openStore: () => Promise<SessionStore>,
  now: number,
  thresholds: Thresholds = DEFAULT_THRESHOLDS,
): Promise<HealthReport> {
  let store: SessionStore;
  const started = performance.now();
  try {
    store = await openStore();
    await store.load("t_000000000000000000000000000000");
  } catch {
    return { status: "unavailable", db: { ok: false, latencyMs: null }, sessions: null, warnings: ["The database is unreachable."] };
  }
  const latencyMs = Math.round((performance.now() - started) * 100) / 100;
  try {
    const stats = await store.stats(now);
    const warnings = tableWarnings(stats, thresholds);
    return {
      status: warnings.length > 0 ? "degraded" : "ok",
      db: { ok: true, latencyMs },
      sessions: { rows: stats.rows, expired: stats.expired },
      warnings,
    };
  } catch {
    return { status: "unavailable", db: { ok: false, latencyMs }, sessions: null, warnings: ["The database stopped answering."] };
  }
}
