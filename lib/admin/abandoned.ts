import { createHash, randomBytes } from "node:crypto";
import { cartLines, summarizeCart, type CartLine, type InspectableStore, type ValueCodec } from "cartsession";
import type { Catalog } from "../cart/catalog";

export interface AbandonedCart {
  key: string;
  kind: "guest" | "customer";
  customerId: string | null;
  items: number;
  valueCents: number;
  currency: string;
  /** Unix seconds of the last write or renewal. */
  lastActivity: number;
  lines: CartLine[];
}

/** The sessions that count as abandoned carts: live, with items, idle for the window. */
export function abandonedQuery(now: number, windowMinutes: number) {
  return { withCart: true, activeAt: now, idleBefore: now - windowMinutes * 60 + (windowMinutes === 0 ? 1 : 0) };
}

/**
 * One page of non-empty carts idle for at least `windowMinutes`, most recently active
 * first, with the true total: the store filters and counts, only the page is decoded.
 */
export async function findAbandonedCarts(options: {
  store: InspectableStore;
  codec: ValueCodec;
  cartKey: string;
  catalog: Catalog;
  now: number;
  windowMinutes: number;
  limit: number;
  offset?: number;
  /** Only the cart of this session key (or customer id). */
  search?: string;
}): Promise<{ carts: AbandonedCart[]; total: number }> {
  const query = { ...abandonedQuery(options.now, options.windowMinutes), search: options.search };
  const [products, page, total] = await Promise.all([
    options.catalog.list(),
    options.store.listSessions({ ...query, limit: options.limit, offset: options.offset ?? 0 }),
    options.store.countSessions(query),
  ]);
  const prices = new Map(products.map((p) => [p.id, p]));
  const carts = page.map((entry) => {
    const lines = cartLines(options.codec.decode(entry.value, entry.key)[options.cartKey]);
    return {
      key: entry.key,
      kind: entry.customerId === null ? ("guest" as const) : ("customer" as const),
      customerId: entry.customerId,
      items: summarizeCart(lines).items,
      valueCents: lines.reduce((sum, line) => sum + (prices.get(line.productId)?.priceCents ?? 0) * line.quantity, 0),
      currency: products[0]?.currency ?? "USD",
      lastActivity: entry.updatedAt,
      lines,
    };
  });
  return { carts, total };
}

export const RESTORE_LINK_SECONDS = 7 * 86_400;

export function hashRestoreToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** A single-use link that puts `cart.lines` into whichever browser opens it; only its hash is stored. */
export async function createRestoreLink(
  tokens: { create(token: { tokenHash: string; sessionKey: string; cart: string; createdAt: number; expiresAt: number }): Promise<void> },
  cart: AbandonedCart,
  siteUrl: string,
  now: number,
): Promise<string> {
  const token = randomBytes(32).toString("base64url");
  await tokens.create({ tokenHash: hashRestoreToken(token), sessionKey: cart.key, cart: JSON.stringify(cart.lines), createdAt: now, expiresAt: now + RESTORE_LINK_SECONDS });
  return `${siteUrl}/cart/restore/${token}`;
}

const csvCell = (value: string | number) => {
  const text = String(value);
  // Quote everything that could break a row, and defuse spreadsheet formulas.
  const safe = /^[=+\-@]/.test(text) ? `'${text}` : text;
  return /[",\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

export const ABANDONED_CSV_HEADER = ["key", "kind", "items", "value_cents", "currency", "last_activity", "products", "restore_url"].join(",");

export function abandonedCartCsvRow(c: AbandonedCart & { restoreUrl: string }): string {
  return [c.key, c.kind, c.items, c.valueCents, c.currency, new Date(c.lastActivity * 1000).toISOString(), c.lines.map((l) => `${l.productId}x${l.quantity}`).join(" "), c.restoreUrl]
    .map(csvCell)
    .join(",");
}

export function abandonedCartsCsv(carts: readonly (AbandonedCart & { restoreUrl: string })[]): string {
  return [ABANDONED_CSV_HEADER, ...carts.map(abandonedCartCsvRow)].join("\n") + "\n";
}
