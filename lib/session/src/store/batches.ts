import type { BatchOptions, CleanupResult } from "./port.js";

const DEFAULT_BATCH = 5_000;
const MIN_BATCH = 100;

export interface BatchTuning {
  /** Target duration of one batch (ms). */
  targetBatchMs: number;
  /** Pause after each batch, as a multiple of its duration, so other writers get the lock. */
  pauseRatio: number;
}

/**
 * Deletes in batches sized by time, not just by count: each batch aims at `targetBatchMs`
 * (halving when slower, doubling when much faster, never above `batchSize`), and the run
 * pauses between batches, so a concurrent writer never waits behind one long DELETE.
 * `deleteBatch(limit)` deletes up to `limit` rows and returns how many it deleted.
 */
export async function runBatchedDelete(
  options: BatchOptions,
  tuning: BatchTuning,
  deleteBatch: (limit: number) => Promise<number>,
): Promise<Omit<CleanupResult, "remaining">> {
  const maxBatch = Math.max(1, Math.floor(options.batchSize ?? DEFAULT_BATCH));
  const target = options.targetBatchMs ?? tuning.targetBatchMs;
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
    // SQLite's busy handler polls with growing sleeps, so a bare yield lets the next batch
    // take the lock before a waiting writer wakes: pause for a multiple of the batch's time.
    const pause = Math.min(50, took * tuning.pauseRatio);
    await new Promise<void>((resolve) => (pause >= 1 ? setTimeout(resolve, pause) : setImmediate(resolve)));
  }
  return { deleted, batches, durationMs: Math.round(performance.now() - started) };
}
