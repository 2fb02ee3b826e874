import { performance } from "node:perf_hooks";
import { wholeNumber } from "../args";
import { defineCommand, emit } from "../command";
import { count } from "../format";
import { fakeSessions } from "../fake-sessions";
import { noProgress, progressBar } from "../progress";

/** Rows per bulkInsert call: one transaction each; big enough for sorted index writes, small enough for memory. */
const CHUNK = 100_000;

export const generateCommand = defineCommand({
  name: "generate",
  usage: "generate <n> [--expired]",
  summary: "Insert n guest sessions of realistic test data (carts, addresses)",
  options: { expired: { type: "boolean" } },
  positionals: { min: 1, max: 1 },
  parse: ({ positionals, values }) => ({
    n: wholeNumber(positionals[0], "<n>", 0, 1, 100_000_000),
    expired: values.expired === true,
  }),
  async run(context, { n, expired }) {
    const started = performance.now();
    const now = context.clock.nowSeconds();
    const progress = context.json ? noProgress : progressBar(context.stdout, n, "Generating");
    let inserted = 0;
    for (let done = 0; done < n; done += CHUNK) {
      const rows = fakeSessions(Math.min(CHUNK, n - done), { now, lifetime: context.config.guestExpiration, expired });
      inserted += await context.store.bulkInsert(rows);
      progress.update(done + rows.length);
    }
    progress.finish();
    const durationMs = Math.round(performance.now() - started);
    emit(context, { inserted, expired, durationMs }, (r) =>
      `Generated ${count(r.inserted)} ${r.expired ? "expired" : "active"} sessions in ${(r.durationMs / 1000).toFixed(1)} s.`,
    );
  },
});
