import { cartLines, summarizeCart, type CartLine } from "cartsession";
import type { LinkableCart, RestoreLink, RestoreLinks } from "../restore-links/links";
import type { Catalog, Product } from "../cart/catalog";
import { sessionEmail } from "../checkout/email";
import { isGuestKey, type AdminStore, type DecodeValue, type SessionFilter, type SessionListEntry } from "./admin-store";
import { DEFAULT_PER_PAGE, KIND_CHOICES, listHref, pageParam, perPageParam, type KindChoice, type SearchParams } from "./list-query";

export interface AbandonedCart {
  key: string;
  kind: "guest" | "customer";
  /** The customer's id, or null for a guest. */
  customerId: string | null;
  items: number;
  valueCents: number;
  currency: string;
  /** Unix seconds of the last write or renewal. */
  lastActivity: number;
  lines: CartLine[];
  /** The shopper's email when known: the customer's account, else what they typed at checkout. */
  email: string | null;
  /** The lines with product names and prices (a product gone from the catalog keeps its id as its name, at 0). */
  products: { productId: string; name: string; quantity: number; unitCents: number }[];
}

/** Customers' account emails by customer id (the admin context reads the accounts). */
export type CustomerEmails = (customerIds: readonly string[]) => Promise<Map<string, string>>;

/** The `session_updated` bound for "idle for at least `windowMinutes`" (a 0 window includes this second). */
export function idleCutoff(now: number, windowMinutes: number): number {
  return now - windowMinutes * 60 + (windowMinutes === 0 ? 1 : 0);
}

type Prices = Map<string, Product>;

async function pricesOf(catalog: Catalog): Promise<Prices> {
  return new Map((await catalog.list()).map((p) => [p.id, p]));
}

function toAbandonedCart(entry: SessionListEntry, decode: DecodeValue, prices: Prices, accounts: Map<string, string>): AbandonedCart {
  const data = decode(entry.value, entry.key);
  const lines = cartLines(data.cart);
  return {
    key: entry.key,
    kind: isGuestKey(entry.key) ? "guest" : "customer",
    customerId: entry.customerId,
    items: summarizeCart(lines).items,
    valueCents: lines.reduce((sum, line) => sum + (prices.get(line.productId)?.priceCents ?? 0) * line.quantity, 0),
    currency: prices.values().next().value?.currency ?? "USD",
    lastActivity: entry.updated,
    lines,
    email: (entry.customerId !== null ? accounts.get(entry.customerId) : undefined) ?? sessionEmail(data),
    products: lines.map((line) => {
      const product = prices.get(line.productId);
      return { productId: line.productId, name: product?.name ?? line.productId, quantity: line.quantity, unitCents: product?.priceCents ?? 0 };
    }),
  };
}

/**
 * The most recently active open carts idle for at least `windowMinutes`, decoded and
 * priced (the overview's value sample), with how many there are in all.
 */
export async function findAbandonedCarts(options: {
  store: AdminStore;
  decode: DecodeValue;
  catalog: Catalog;
  now: number;
  windowMinutes: number;
  limit: number;
  emails?: CustomerEmails;
}): Promise<{ carts: AbandonedCart[]; total: number }> {
  const filter = abandonedFilter({ now: options.now, windowMinutes: options.windowMinutes });
  const [total, carts] = await Promise.all([
    options.store.countSessions(filter),
    listAbandonedCarts({ store: options.store, decode: options.decode, catalog: options.catalog, emails: options.emails }, filter, { limit: options.limit, offset: 0 }),
  ]);
  return { carts, total };
}

/** How far back "abandoned" reaches on the admin page: the configured window, a day, a week. */
export const IDLE_CHOICES = ["window", "day", "week"] as const;
export type IdleChoice = (typeof IDLE_CHOICES)[number];

export function idleMinutes(choice: IdleChoice, windowMinutes: number): number {
  return choice === "day" ? Math.max(windowMinutes, 1_440) : choice === "week" ? Math.max(windowMinutes, 10_080) : windowMinutes;
}

/** The abandoned-cart page's filters, as the URL carries them. */
export interface AbandonedQuery {
  kind: KindChoice;
  idle: IdleChoice;
  page: number;
  perPage: number;
}

export function parseAbandonedQuery(params: SearchParams): AbandonedQuery {
  const value = (name: string) => {
    const v = params[name];
    return (Array.isArray(v) ? v[0] : v) ?? "";
  };
  const kind = value("kind");
  const idle = value("idle");
  return {
    kind: (KIND_CHOICES as readonly string[]).includes(kind) ? (kind as KindChoice) : "all",
    idle: (IDLE_CHOICES as readonly string[]).includes(idle) ? (idle as IdleChoice) : "window",
    page: pageParam(params),
    perPage: perPageParam(params),
  };
}

export const ABANDONED_DEFAULTS = { kind: "all", idle: "window", per: DEFAULT_PER_PAGE, page: 1 } as const;

export function abandonedHref(query: AbandonedQuery, change: Partial<AbandonedQuery> = {}, path = "/admin/abandoned"): string {
  const next = { ...query, ...change };
  return listHref(path, { kind: next.kind, idle: next.idle, per: next.perPage, page: next.page }, ABANDONED_DEFAULTS);
}

/**
 * Abandoned carts as a store filter: a cart with items (`session_items`), idle since the
 * cutoff, whose row is still kept (active, or its cookie ended: a restore link is then the
 * only way back to it). Rows past their expiry are left to cleanup.
 */
export function abandonedFilter(options: { now: number; windowMinutes: number; kind?: KindChoice }): SessionFilter {
  const filter: SessionFilter = {
    now: options.now,
    status: ["active", "ended"],
    cart: "open",
    idleSince: idleCutoff(options.now, options.windowMinutes),
  };
  if (options.kind && options.kind !== "all") filter.kind = options.kind;
  return filter;
}

/** One page of abandoned carts (decoded and priced); pair it with `store.countSessions(filter)` for the total. */
export async function listAbandonedCarts(
  deps: { store: AdminStore; decode: DecodeValue; catalog: Catalog; emails?: CustomerEmails },
  filter: SessionFilter,
  page: { limit: number; offset: number },
): Promise<AbandonedCart[]> {
  const [entries, prices] = await Promise.all([deps.store.listSessions(filter, page), pricesOf(deps.catalog)]);
  const customers = [...new Set(entries.flatMap((entry) => (entry.customerId === null ? [] : [entry.customerId])))];
  const accounts = deps.emails && customers.length > 0 ? await deps.emails(customers) : new Map<string, string>();
  return entries.map((entry) => toAbandonedCart(entry, deps.decode, prices, accounts));
}

/** "2 × Linen Apron, 1 × Enamel Mug" (the admin list and the CSV's `items` column, with `x` there). */
export function describeProducts(products: AbandonedCart["products"], times = "×", separator = ", "): string {
  return products.map((p) => `${p.quantity} ${times} ${p.name}`).join(separator);
}

/** "76.00": cents as a decimal amount, for a spreadsheet to sum (no symbol, no thousands separator). */
export function decimalAmount(cents: number): string {
  return (cents / 100).toFixed(2);
}

/** What hands out restore links: each cart's one live link (lib/restore-links). */
export type LinkSource = Pick<RestoreLinks, "linkFor" | "linksFor">;

/** What a restore link is made from: the cart's session, customer and lines. */
function linkableCart(cart: AbandonedCart): LinkableCart {
  return { key: cart.key, customerId: cart.customerId, lines: cart.lines };
}

/** An abandoned cart with its restore link; null for a cart with no line to restore (its value did not decode). */
export type LinkedCart = AbandonedCart & { restoreUrl: string | null; restoreExpiresAt: number | null };

/**
 * Each cart with its one live restore link (made for those that have none), in one read of
 * the live links. Every cart stays in the list, so a report holds as many rows as the total says.
 */
export async function withRestoreLinks(links: LinkSource, carts: readonly AbandonedCart[], now: number): Promise<LinkedCart[]> {
  const byKey = await links.linksFor(carts.map(linkableCart), now);
  return carts.map((cart) => {
    const link: RestoreLink | undefined = byKey.get(cart.key);
    return { ...cart, restoreUrl: link?.url ?? null, restoreExpiresAt: link?.expiresAt ?? null };
  });
}

const csvCell = (value: string | number) => {
  const text = String(value);
  // Quote everything that could break a row, and defuse spreadsheet formulas.
  const safe = /^[=+\-@]/.test(text) ? `'${text}` : text;
  return /[",\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

/**
 * One row per cart, for a shop owner's spreadsheet or mail merge: the email when known, the
 * items by name ("2 x Linen Apron; 1 x Enamel Mug"), the value in the currency's units.
 */
export const CSV_HEADER = "session,kind,email,item_count,items,value,currency,last_activity,restore_url,restore_url_expires\n";

const iso = (seconds: number) => new Date(seconds * 1000).toISOString();

export function abandonedCartCsvRow(c: LinkedCart): string {
  return (
    [
      c.key,
      c.kind,
      c.email ?? "",
      c.items,
      describeProducts(c.products, "x", "; "),
      decimalAmount(c.valueCents),
      c.currency,
      iso(c.lastActivity),
      c.restoreUrl ?? "",
      c.restoreExpiresAt === null ? "" : iso(c.restoreExpiresAt),
    ]
      .map(csvCell)
      .join(",") + "\n"
  );
}

export function abandonedCartsCsv(carts: readonly LinkedCart[]): string {
  return CSV_HEADER + carts.map(abandonedCartCsvRow).join("");
}

/**
 * Every abandoned cart `filter` matches as CSV, each with its one restore link (the same
 * link in every download while it lives), read from the store `batchSize` rows at a time
 * while the response streams: no cap, and memory stays flat however many carts there are.
 */
export function abandonedCartsCsvStream(
  deps: { store: AdminStore; links: LinkSource; decode: DecodeValue; catalog: Catalog; now: number; emails?: CustomerEmails },
  filter: SessionFilter,
  batchSize = 500,
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let offset = 0;
  let headerSent = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!headerSent) {
        headerSent = true;
        controller.enqueue(encoder.encode(CSV_HEADER));
        return;
      }
      const carts = await listAbandonedCarts(deps, filter, { limit: batchSize, offset });
      offset += carts.length;
      if (carts.length > 0) {
        const linked = await withRestoreLinks(deps.links, carts, deps.now);
        controller.enqueue(encoder.encode(linked.map(abandonedCartCsvRow).join("")));
      }
      if (carts.length < batchSize) controller.close();
    },
  });
}

/**
 * The restore link of one stored session's cart (its live link, or a new one), or null
 * when the row is gone, past its expiry, or its cart is empty (the shopper checked out or
 * emptied it meanwhile).
 */
export async function restoreLinkForSession(deps: { store: AdminStore; links: LinkSource; decode: DecodeValue; now: number }, key: string): Promise<RestoreLink | null> {
  const row = await deps.store.load(key);
  if (!row || row.expiry <= deps.now) return null;
  const lines = cartLines(deps.decode(row.value, key).cart);
  if (lines.length === 0) return null;
  return deps.links.linkFor({ key, customerId: row.customerId, lines }, deps.now);
}
