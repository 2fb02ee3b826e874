import type { Clock } from "./clock";
import type { SessionConfig } from "./config";
import type { CleanupResult, CleanupRun, SessionStore } from "./store";

/**
 * Session cleanup as a framework-free job: the cron route and the CLI are thin shells over
 * it. Every run is recorded with the store, so an admin page can show when cleanup last ran.
 */
export interface CleanupDeps {
  store: SessionStore;
  clock: Clock;
}

export interface CleanupJobOptions {
  source: CleanupRun["source"];
  /** Most rows per DELETE. */
  batchSize: number;
  /** Stop starting batches after this long; Infinity runs to the end. */
  timeBudgetMs: number;
  onBatch?: (progress: { deleted: number; batches: number }) => void;
}

export interface ScheduledCleanupReport extends CleanupResult {
  /** The hard purge's result, or null when SESSION_PURGE_AFTER_DAYS is unset. */
  purge: CleanupResult | null;
}

/** Deletes every row past its expiry (a row is expired from its expiry second on, like the cookie). */
export async function deleteExpiredSessions(deps: CleanupDeps, options: CleanupJobOptions): Promise<CleanupResult> {
  const startedAt = deps.clock.nowSeconds();
  const result = await deps.store.deleteExpired({ ...options, before: startedAt + 1 });
  await deps.store.recordCleanupRun({ startedAt, source: options.source, kind: "expired", ...result });
  return result;
}

/** The hard purge: deletes rows with no write or renewal for `olderThanSeconds`, expired or not. */
export async function purgeInactiveSessions(
  deps: CleanupDeps,
  options: CleanupJobOptions & { olderThanSeconds: number },
): Promise<CleanupResult> {
  const startedAt = deps.clock.nowSeconds();
  const { olderThanSeconds, ...batching } = options;
  const result = await deps.store.purgeInactive({ ...batching, updatedBefore: startedAt - olderThanSeconds });
  await deps.store.recordCleanupRun({ startedAt, source: options.source, kind: "purge", ...result });
  return result;
}

/** What the cron route runs: expired rows first, then the purge when configured, within one time budget. */
export async function runScheduledCleanup(
  deps: CleanupDeps,
  config: Pick<SessionConfig, "cleanupBatchSize" | "cleanupBudgetMs" | "purgeAfterDays">,
  source: CleanupRun["source"],
): Promise<ScheduledCleanupReport> {
  const started = performance.now();
  const options = { source, batchSize: config.cleanupBatchSize, timeBudgetMs: config.cleanupBudgetMs };
  const expired = await deleteExpiredSessions(deps, options);
  if (config.purgeAfterDays === undefined) return { ...expired, purge: null };
  const left = Math.max(0, config.cleanupBudgetMs - (performance.now() - started));
  const purge = await purgeInactiveSessions(deps, { ...options, timeBudgetMs: left, olderThanSeconds: config.purgeAfterDays * 86_400 });
  return { ...expired, purge };
}
