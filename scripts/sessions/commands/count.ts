import { defineCommand, emit } from "../command";
import { count as n } from "../format";

export const countCommand = defineCommand({
  name: "count",
  usage: "count",
  summary: "Count active and expired sessions",
  parse: () => undefined,
  async run(context) {
    const stats = await context.store.stats(context.clock.nowSeconds());
    emit(context, { active: stats.active, expired: stats.expired, total: stats.rows }, (c) =>
      [`active   ${n(c.active)}`, `expired  ${n(c.expired)}`, `total    ${n(c.total)}`].join("\n"),
    );
  },
});
