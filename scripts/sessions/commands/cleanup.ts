import { deleteExpiredSessions } from "../../../lib/session/cleanup";
import { wholeNumber } from "../args";
import { defineCommand, emit } from "../command";
import { count } from "../format";
import { noProgress, progressBar } from "../progress";

export const cleanupCommand = defineCommand({
  name: "cleanup",
  usage: "cleanup [--batch N]",
  summary: "Delete every expired session, in batches",
  options: { batch: { type: "string" } },
  parse: ({ values }) => ({
    batchSize: values.batch === undefined ? undefined : wholeNumber(values.batch, "--batch", 0, 1, 1_000_000),
  }),
  async run(context, { batchSize = context.config.cleanupBatchSize }) {
    const progress =
      context.json || !context.stdout.isTTY
        ? noProgress
        : progressBar(context.stdout, (await context.store.stats(context.clock.nowSeconds())).expired, "Deleting expired sessions");
    const result = await deleteExpiredSessions(
      { store: context.store, clock: context.clock },
      { source: "cli", batchSize, timeBudgetMs: Number.POSITIVE_INFINITY, onBatch: ({ deleted }) => progress.update(deleted) },
    );
    progress.finish();
    emit(context, result, (r) => `Deleted ${count(r.deleted)} expired sessions in ${count(r.batches)} batches (${count(r.durationMs)} ms).`);
  },
});
