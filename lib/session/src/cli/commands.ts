import { performance } from "node:perf_hooks";
import { summarizeCart } from "../cart.js";
import { deleteExpiredSessions, purgeInactiveSessions } from "../cleanup.js";
import { supports, type BulkLoadingStore, type CleanupLogStore, type InspectableStore, type AggregatingStore } from "../store/port.js";
import { duration, owner, sessionKey, wholeNumber } from "./args.js";
import { CommandFailed, defineCommand, emit, requireCapability, type Command, type CliContext } from "./command.js";
import { fakeSessions } from "./fake-sessions.js";
import { bytes, count, expiry, isoTime, table } from "./format.js";
import { noProgress, progressBar, progressCounter } from "./progress.js";

/** "1 batch", "2 batches", "1,000 sessions". */
const plural = (n: number, one: string, many = `${one}s`) => `${count(n)} ${n === 1 ? one : many}`;

const itemsOf = (context: CliContext, key: string, value: string): number =>
  summarizeCart(context.engine.settings.codec.decode(value, key)[context.engine.settings.cartKey]).items;

const inspection = (context: CliContext) => requireCapability<InspectableStore>(context.store, supports(context.store, "inspection"), "list sessions");

const countCommand = defineCommand({
  name: "count",
  usage: "count",
  summary: "Count live and expired sessions",
  parse: () => undefined,
  async run(context) {
    const now = context.engine.settings.clock.nowSeconds();
    const store = inspection(context);
    const [all, live, guests] = await Promise.all([store.countSessions({}), store.countSessions({ status: ["active"], now }), store.countSessions({ kind: "guest", status: ["active"], now })]);
    emit(context, { total: all, active: live, activeGuests: guests, activeCustomers: live - guests, inactive: all - live }, (c) =>
      `${count(c.total)} sessions: ${count(c.active)} live (${count(c.activeGuests)} guests, ${count(c.activeCustomers)} customers), ${count(c.inactive)} ended`,
    );
  },
});

const listCommand = defineCommand({
  name: "list",
  usage: "list [--page N] [--per-page N] [--customers | --guests] [--with-cart] [--search TEXT]",
  summary: "List sessions, most recently active first, with true totals",
  options: { page: { type: "string" }, "per-page": { type: "string" }, customers: { type: "boolean" }, guests: { type: "boolean" }, "with-cart": { type: "boolean" }, search: { type: "string" } },
  parse: ({ values }) => ({
    page: wholeNumber(values.page, "--page", 1, 1, 1_000_000_000),
    perPage: wholeNumber(values["per-page"], "--per-page", 20, 1, 1_000),
    kind: values.customers === true ? ("customer" as const) : values.guests === true ? ("guest" as const) : undefined,
    cart: values["with-cart"] === true ? ("open" as const) : undefined,
    search: typeof values.search === "string" ? values.search : undefined,
  }),
  async run(context, { page, perPage, ...query }) {
    const now = context.engine.settings.clock.nowSeconds();
    const store = inspection(context);
    const [entries, total] = await Promise.all([store.listSessions({ ...query, limit: perPage, offset: (page - 1) * perPage }), store.countSessions(query)]);
    const sessions = entries.map((e) => ({ key: e.key, customerId: e.customerId, activeUntil: e.activeUntil, expiresAt: e.expiresAt, live: e.activeUntil > now, bytes: e.bytes, itemsInCart: e.items }));
    emit(context, { page, perPage, total, sessions }, (data) =>
      data.sessions.length === 0
        ? `No sessions on page ${data.page} (${count(data.total)} in all).`
        : `${table(
            ["KEY", "CUSTOMER", "ENDS", "SIZE", "ITEMS"],
            data.sessions.map((s) => [s.key, s.customerId ?? "(guest)", expiry(s.activeUntil, now), bytes(s.bytes), String(s.itemsInCart)]),
            [3, 4],
          )}\nPage ${data.page} of ${Math.max(1, Math.ceil(data.total / data.perPage))} (${count(data.total)} sessions)`,
    );
  },
});

const showCommand = defineCommand({
  name: "show",
  usage: "show <session-key>",
  summary: "Print a session's stored value as JSON",
  positionals: { min: 1, max: 1 },
  parse: ({ positionals }) => sessionKey(positionals[0]),
  async run(context, key) {
    const row = await context.store.load(key);
    if (!row) throw new CommandFailed(`No session with key ${key}.`);
    const now = context.engine.settings.clock.nowSeconds();
    const value = context.engine.settings.codec.decode(row.value, row.key);
    if (!context.json && row.expiresAt <= now) context.stderr.write(`note: this session has expired: ${expiry(row.expiresAt, now)}\n`);
    emit(context, { key: row.key, customerId: row.customerId, logins: row.logins.length, expiresAt: row.expiresAt, activeUntil: row.activeUntil, version: row.version, value }, (s) =>
      JSON.stringify(s.value, null, 2),
    );
  },
});

const deleteCommand = defineCommand({
  name: "delete",
  usage: "delete <session-key>",
  summary: "Delete one session",
  positionals: { min: 1, max: 1 },
  parse: ({ positionals }) => sessionKey(positionals[0]),
  async run(context, key) {
    if (!(await context.store.delete(key))) throw new CommandFailed(`No session with key ${key}.`);
    emit(context, { deleted: key }, () => `Deleted ${key}.`);
  },
});

const exportCommand = defineCommand({
  name: "export",
  usage: "export <customer-id | session-key>",
  summary: "Print everything stored for a customer or session as JSON (GDPR access request)",
  positionals: { min: 1, max: 1 },
  parse: ({ positionals }) => owner(positionals[0]),
  async run(context, who) {
    const data = await context.engine.exportSession(who);
    if (!data) throw new CommandFailed(`Nothing is stored for ${"customerId" in who ? who.customerId : who.sessionKey}.`);
    context.stdout.write(`${JSON.stringify(data, null, 2)}\n`);
  },
});

const eraseCommand = defineCommand({
  name: "erase",
  usage: "erase <customer-id | session-key>",
  summary: "Erase the stored session of a customer or session (GDPR erasure); with the app's wiring, its sessionErased hook erases what it keeps beside it",
  positionals: { min: 1, max: 1 },
  parse: ({ positionals }) => owner(positionals[0]),
  async run(context, who) {
    const name = "customerId" in who ? who.customerId : who.sessionKey;
    if (!(await context.engine.eraseSession(who))) throw new CommandFailed(`Nothing is stored for ${name}.`);
    emit(context, { erased: name }, () => `Erased the session of ${name}.`);
  },
});

const logoutCommand = defineCommand({
  name: "logout-everywhere",
  usage: "logout-everywhere <customer-id>",
  summary: "Revoke every login of a customer (their cookies and Cart-Tokens become guests)",
  positionals: { min: 1, max: 1 },
  parse: ({ positionals }) => {
    const who = owner(positionals[0]);
    if (!("customerId" in who)) throw new CommandFailed("logout-everywhere takes a customer id");
    return who.customerId;
  },
  async run(context, customerId) {
    if (!(await context.engine.logOutEverywhere(customerId))) throw new CommandFailed(`No session for customer ${customerId}.`);
    emit(context, { customerId, revoked: true }, () => `Every login of ${customerId} is revoked.`);
  },
});

const cleanupCommand = defineCommand({
  name: "cleanup",
  usage: "cleanup [--batch N]",
  summary: "Delete every expired session now, in batches, to the end",
  options: { "batch": { type: "string" } },
  parse: ({ values }) => ({ batchSize: wholeNumber(values["batch"], "--batch", 5_000, 1, 1_000_000) }),
  async run(context, { batchSize }) {
    const progress = context.json ? noProgress : progressCounter(context.stdout, "Deleted");
    const result = await deleteExpiredSessions(context.store, context.engine.settings.clock.nowSeconds(), {
      source: "cli",
      batchSize,
      timeBudgetMs: Number.POSITIVE_INFINITY,
      onBatch: (p) => progress.update(p.deleted),
    });
    progress.finish();
    emit(context, result, (r) => `Deleted ${plural(r.deleted, "expired session")} in ${plural(r.batches, "batch", "batches")} (${count(r.durationMs)} ms).`);
  },
});

const purgeCommand = defineCommand({
  name: "purge",
  usage: "purge --older-than 30d [--batch N]",
  summary: "Delete sessions with no activity for a while, expired or not (hard purge)",
  options: { "older-than": { type: "string" }, "batch": { type: "string" } },
  parse: ({ values }) => ({ olderThanSeconds: duration(values["older-than"], "--older-than"), batchSize: wholeNumber(values["batch"], "--batch", 5_000, 1, 1_000_000) }),
  async run(context, { olderThanSeconds, batchSize }) {
    const progress = context.json ? noProgress : progressCounter(context.stdout, "Purged");
    const result = await purgeInactiveSessions(context.store, context.engine.settings.clock.nowSeconds(), {
      source: "cli",
      batchSize,
      olderThanSeconds,
      timeBudgetMs: Number.POSITIVE_INFINITY,
      onBatch: (p) => progress.update(p.deleted),
    });
    progress.finish();
    if (!result) throw new CommandFailed(`the ${context.store.name} store cannot purge`);
    emit(context, result, (r) => `Purged ${plural(r.deleted, "session")} idle longer than the cutoff in ${plural(r.batches, "batch", "batches")} (${count(r.durationMs)} ms).`);
  },
});

/** Rows per bulkInsert call: big enough for sorted index writes, small enough for memory. */
const CHUNK = 100_000;

const generateCommand = defineCommand({
  name: "generate",
  usage: "generate <n> [--expired]",
  summary: "Insert n guest sessions of realistic test data (carts, addresses)",
  options: { expired: { type: "boolean" } },
  positionals: { min: 1, max: 1 },
  parse: ({ positionals, values }) => ({ n: wholeNumber(positionals[0], "<n>", 0, 1, 100_000_000), expired: values.expired === true }),
  async run(context, { n, expired }) {
    const store = requireCapability<BulkLoadingStore>(context.store, supports(context.store, "bulkLoad"), "load test data");
    const started = performance.now();
    const settings = context.engine.settings;
    const now = settings.clock.nowSeconds();
    const progress = context.json ? noProgress : progressBar(context.stdout, n, "Generating");
    let inserted = 0;
    for (let done = 0; done < n; done += CHUNK) {
      const rows = fakeSessions(Math.min(CHUNK, n - done), { now, lifetime: settings.lifetimes.guestExpiration, expired, cartKey: settings.cartKey });
      inserted += await store.bulkInsert(rows);
      progress.update(done + rows.length);
    }
    progress.finish();
    const durationMs = Math.round(performance.now() - started);
    emit(context, { inserted, expired, durationMs }, (r) => `Generated ${count(r.inserted)} ${r.expired ? "expired" : "live"} sessions in ${(r.durationMs / 1000).toFixed(1)} s.`);
  },
});

const statsCommand = defineCommand({
  name: "stats",
  usage: "stats [--top N]",
  summary: "Rows, sizes, carts, the largest sessions and the last cleanups",
  options: { top: { type: "string" } },
  parse: ({ values }) => ({ top: wholeNumber(values.top, "--top", 5, 1, 100) }),
  async run(context, { top }) {
    const now = context.engine.settings.clock.nowSeconds();
    const store = context.store;
    const aggregates = requireCapability<AggregatingStore>(store, supports(store, "aggregates"), "compute statistics");
    const [figures, largest, runs] = await Promise.all([
      aggregates.aggregates(now, { buckets: 24, bucketSeconds: 3600, largestCartSize: 10 }),
      supports(store, "inspection") ? (store as unknown as InspectableStore).listSessions({ limit: top, offset: 0, order: "largest" }) : Promise.resolve([]),
      supports(store, "cleanupLog") ? (store as unknown as CleanupLogStore).cleanupRuns(5) : Promise.resolve([]),
    ]);
    const data = {
      ...figures,
      largest: largest.map((e) => ({ key: e.key, customerId: e.customerId, bytes: e.bytes, itemsInCart: itemsOf(context, e.key, e.value), activeUntil: e.activeUntil })),
      recentCleanups: runs,
    };
    emit(context, data, (d) =>
      [
        `sessions       ${count(d.rows)} rows: ${count(d.active)} live (${count(d.activeGuests)} guests, ${count(d.activeCustomers)} customers), ${count(d.expiredRows)} expired awaiting cleanup`,
        `open carts     ${count(d.openCarts)} holding ${count(d.itemsInOpenCarts)} items`,
        `session data   ${bytes(d.valueBytes)}`,
        `database size  ${d.tableBytes === null ? "unknown" : bytes(d.tableBytes)}`,
        "",
        "Largest sessions",
        d.largest.length === 0 ? "(none)" : table(["KEY", "SIZE", "ITEMS", "ENDS"], d.largest.map((s) => [s.key, bytes(s.bytes), String(s.itemsInCart), expiry(s.activeUntil, now)]), [1, 2]),
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

export const COMMANDS: readonly Command[] = [
  countCommand,
  listCommand,
  showCommand,
  deleteCommand,
  exportCommand,
  eraseCommand,
  logoutCommand,
  cleanupCommand,
  purgeCommand,
  generateCommand,
  statsCommand,
];
