import type { BatchOptions, CleanupResult } from "../lib/session/store";

const DEFAULT_BATCH = 5_000;
const MIN_BATCH = 100;

/**
 * Deletes in batches sized by time, not just by count: each batch aims at `targetBatchMs`
 * (halving when slower, doubling when much faster, never above `batchSize`), and the run
 * yields between batches, so a concurrent writer never waits behind one long DELETE.
 * `deleteBatch(limit)` deletes up to `limit` expired rows and returns how many it deleted.
 */
export async function runBatchedCleanup(
  options: BatchOptions,
  deleteBatch: (limit: number) => Promise<number>,
): Promise<Omit<CleanupResult, "remaining">> {
  const maxBatch = Math.max(1, Math.floor(options.batchSize ?? DEFAULT_BATCH));
  const target = options.targetBatchMs ?? 25;
  const budget = options.timeBudgetMs ?? 10_000;
  const started = performance.now();
  let size = Math.min(maxBatch, 1_000);
  let deleted = 0;
  let batches = 0;
  while (performance.now() - started < budget) {
    const t0 = performance.now();
    const n = await deleteBatch(size);
    const took = performance.now() - t0;
    if (n > 0) {
      deleted += n;
      batches++;
      options.onBatch?.({ deleted, batches });
    }
    if (n < size) break;
    if (took > target * 1.5) size = Math.max(Math.min(MIN_BATCH, maxBatch), Math.floor(size / 2));
    else if (took < target / 2) size = Math.min(maxBatch, size * 2);
    // Leave the database to other writers between batches. SQLite's busy handler polls with
    // growing sleeps, so a bare yield lets the next batch take the lock before a waiting
    // writer wakes: pause for a multiple of the batch's own time instead.
    const pause = Math.min(50, took * (options.pauseRatio ?? 0));
    await new Promise<void>((resolve) => (pause >= 1 ? setTimeout(resolve, pause) : setImmediate(resolve)));
  }
  return { deleted, batches, durationMs: Math.round(performance.now() - started) };
}
