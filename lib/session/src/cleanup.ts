import type { EngineSettings } from "./options.js";
import { supports, type CleanupResult, type CleanupRun, type SessionStore } from "./store/port.js";

/**
 * Session cleanup as a framework-free job: the cron route and the CLI are thin shells over
 * it. Each run is recorded when the store keeps a cleanup log.
 */
export interface CleanupJobOptions {
  source: CleanupRun["source"];
  /** Most rows per DELETE. */
  batchSize: number;
  /** Stop starting batches after this long; Infinity runs to the end. */
  timeBudgetMs: number;
  onBatch?: (progress: { deleted: number; batches: number }) => void;
}

export interface CleanupReport extends CleanupResult {
  /** The hard purge's result, or null when `cleanup.purgeAfterDays` is unset (or the store cannot purge). */
  purge: CleanupResult | null;
  /** Rate-limit buckets whose window had ended, deleted (0 for a store without the capability). */
  rateLimitBuckets: number;
}

async function record(store: SessionStore, run: CleanupRun): Promise<void> {
  if (supports(store, "cleanupLog")) await store.recordCleanupRun(run);
}

/** Deletes every row past its expiry (a row is expired from its expiry second on, like the cookie). */
export async function deleteExpiredSessions(store: SessionStore, now: number, options: CleanupJobOptions): Promise<CleanupResult> {
  const result = await store.deleteExpired({ batchSize: options.batchSize, timeBudgetMs: options.timeBudgetMs, onBatch: options.onBatch, before: now + 1 });
  await record(store, { startedAt: now, source: options.source, kind: "expired", ...result });
  return result;
}

/** The hard purge: deletes rows with no write or renewal for `olderThanSeconds`, expired or not. */
export async function purgeInactiveSessions(
  store: SessionStore,
  now: number,
  options: CleanupJobOptions & { olderThanSeconds: number },
): Promise<CleanupResult | null> {
  if (!supports(store, "purge")) return null;
  const result = await store.purgeInactive({
    batchSize: options.batchSize,
    timeBudgetMs: options.timeBudgetMs,
    onBatch: options.onBatch,
    updatedBefore: now - options.olderThanSeconds,
  });
  await record(store, { startedAt: now, source: options.source, kind: "purge", ...result });
  return result;
}

/** What the cron route runs: expired rows first, then the purge when configured, within one time budget. */
export async function runScheduledCleanup(store: SessionStore, settings: Pick<EngineSettings, "cleanup" | "clock">, source: CleanupRun["source"]): Promise<CleanupReport> {
  const started = performance.now();
  const now = settings.clock.nowSeconds();
  const options = { source, batchSize: settings.cleanup.batchSize, timeBudgetMs: settings.cleanup.budgetMs };
  const expired = await deleteExpiredSessions(store, now, options);
  const rateLimitBuckets = supports(store, "rateLimit") ? await store.pruneHits(now) : 0;
  const days = settings.cleanup.purgeAfterDays;
  if (days === undefined) return { ...expired, purge: null, rateLimitBuckets };
  const left = Math.max(0, settings.cleanup.budgetMs - (performance.now() - started));
  const purge = await purgeInactiveSessions(store, now, { ...options, timeBudgetMs: left, olderThanSeconds: days * 86_400 });
  return { ...expired, purge, rateLimitBuckets };
}
