import { summarizeCart } from "../../../lib/cart/summary";
import { wholeNumber } from "../args";
import { defineCommand, emit } from "../command";
import { bytes, count, expiry, isoTime, table } from "../format";

export const statsCommand = defineCommand({
  name: "stats",
  usage: "stats [--top N]",
  summary: "Rows, table size, the largest sessions and the last cleanups",
  options: { top: { type: "string" } },
  parse: ({ values }) => ({ top: wholeNumber(values.top, "--top", 5, 1, 100) }),
  async run(context, { top }) {
    const now = context.clock.nowSeconds();
    const [stats, largest, runs] = await Promise.all([context.store.stats(now), context.store.largest(top), context.store.cleanupRuns(5)]);
    const data = {
      ...stats,
      largest: largest.map((e) => ({
        key: e.key,
        bytes: e.bytes,
        expiry: e.expiry,
        itemsInCart: summarizeCart(context.codec.decode(e.value, e.key).cart).items,
      })),
      recentCleanups: runs,
    };
    emit(context, data, (d) =>
      [
        `rows           ${count(d.rows)} (${count(d.active)} active, ${count(d.expired)} expired)`,
        `session data   ${bytes(d.valueBytes)}`,
        `table size     ${d.tableBytes === null ? "unknown" : bytes(d.tableBytes)}`,
        "",
        "Largest sessions",
        d.largest.length === 0
          ? "(none)"
          : table(["KEY", "SIZE", "ITEMS", "EXPIRY"], d.largest.map((s) => [s.key, bytes(s.bytes), String(s.itemsInCart), expiry(s.expiry, now)]), [1, 2]),
        "",
        "Recent cleanups",
        d.recentCleanups.length === 0
          ? "(none recorded)"
          : table(
              ["STARTED", "SOURCE", "KIND", "DELETED", "BATCHES", "MS", "REMAINING"],
              d.recentCleanups.map((r) => [isoTime(r.startedAt), r.source, r.kind, count(r.deleted), count(r.batches), count(r.durationMs), count(r.remaining)]),
              [3, 4, 5, 6],
            ),
      ].join("\n"),
    );
  },
});
