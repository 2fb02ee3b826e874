import { summarizeCart } from "../../../lib/cart/summary";
import { wholeNumber } from "../args";
import { defineCommand, emit } from "../command";
import { bytes, expiry, table } from "../format";

export const listCommand = defineCommand({
  name: "list",
  usage: "list [--page N] [--per-page N]",
  summary: "List sessions, most recently active first",
  options: { page: { type: "string" }, "per-page": { type: "string" } },
  parse: ({ values }) => ({
    page: wholeNumber(values.page, "--page", 1, 1, 1_000_000_000),
    perPage: wholeNumber(values["per-page"], "--per-page", 20, 1, 1_000),
  }),
  async run(context, { page, perPage }) {
    const now = context.clock.nowSeconds();
    const entries = await context.store.list({ limit: perPage, offset: (page - 1) * perPage });
    const sessions = entries.map((e) => ({
      key: e.key,
      expiry: e.expiry,
      expired: e.expiry <= now,
      bytes: e.bytes,
      itemsInCart: summarizeCart(context.codec.decode(e.value, e.key).cart).items,
    }));
    emit(context, { page, perPage, sessions }, (data) =>
      data.sessions.length === 0
        ? `No sessions on page ${data.page}.`
        : table(
            ["KEY", "EXPIRY", "SIZE", "ITEMS"],
            data.sessions.map((s) => [s.key, expiry(s.expiry, now), bytes(s.bytes), String(s.itemsInCart)]),
            [2, 3],
          ),
    );
  },
});
