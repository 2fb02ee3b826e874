import { purgeInactiveSessions } from "../../../lib/session/cleanup";
import { duration, wholeNumber } from "../args";
import { defineCommand, emit } from "../command";
import { count, span } from "../format";
import { noProgress, progressCounter } from "../progress";

export const purgeCommand = defineCommand({
  name: "purge",
  usage: "purge --older-than <30d|12h> [--batch N]",
  summary: "Delete sessions with no activity for a while, expired or not",
  options: { "older-than": { type: "string" }, batch: { type: "string" } },
  parse: ({ values }) => ({
    olderThanSeconds: duration(values["older-than"], "--older-than"),
    batchSize: values.batch === undefined ? undefined : wholeNumber(values.batch, "--batch", 0, 1, 1_000_000),
  }),
  async run(context, { olderThanSeconds, batchSize = context.config.cleanupBatchSize }) {
    const progress = context.json ? noProgress : progressCounter(context.stdout, "Sessions purged");
    const result = await purgeInactiveSessions(
      { store: context.store, clock: context.clock },
      { source: "cli", batchSize, olderThanSeconds, timeBudgetMs: Number.POSITIVE_INFINITY, onBatch: ({ deleted }) => progress.update(deleted) },
    );
    progress.finish();
    emit(context, result, (r) => `Purged ${count(r.deleted)} sessions inactive for over ${span(olderThanSeconds)} (${count(r.durationMs)} ms).`);
  },
});
