import { createHash, randomBytes } from "node:crypto";
import type { Catalog } from "../cart/catalog";
import { cartLines, summarizeCart, type CartLine } from "../cart/summary";
import type { ValueCodec } from "../session/codec";
import { isGuestKey } from "../session/keys";
import type { SessionStore } from "../session/store";

export interface AbandonedCart {
  key: string;
  kind: "guest" | "customer";
  items: number;
  valueCents: number;
  currency: string;
  /** Unix seconds of the last write or renewal. */
  lastActivity: number;
  lines: CartLine[];
}

/**
 * Non-empty carts idle for at least `windowMinutes`, most recently active first. Reads idle
 * rows page by page (the `session_updated` index) and decodes only those, stopping after
 * `maxScan` rows so the page stays fast on a big table.
 */
export async function findAbandonedCarts(options: {
  store: SessionStore;
  codec: ValueCodec;
  catalog: Catalog;
  now: number;
  windowMinutes: number;
  limit: number;
  maxScan?: number;
}): Promise<{ carts: AbandonedCart[]; scanned: number }> {
  const prices = new Map((await options.catalog.list()).map((p) => [p.id, p]));
  const updatedBefore = options.now - options.windowMinutes * 60 + (options.windowMinutes === 0 ? 1 : 0);
  const maxScan = options.maxScan ?? 20_000;
  const carts: AbandonedCart[] = [];
  let scanned = 0;
  while (carts.length < options.limit && scanned < maxScan) {
    const page = await options.store.listIdle({ updatedBefore, limit: 500, offset: scanned });
    if (page.length === 0) break;
    scanned += page.length;
    for (const entry of page) {
      if (entry.expiry <= options.now) continue;
      const lines = cartLines(options.codec.decode(entry.value, entry.key).cart);
      if (lines.length === 0) continue;
      const valueCents = lines.reduce((sum, line) => sum + (prices.get(line.productId)?.priceCents ?? 0) * line.quantity, 0);
      carts.push({
        key: entry.key,
        kind: isGuestKey(entry.key) ? "guest" : "customer",
        items: summarizeCart(lines).items,
        valueCents,
        currency: prices.values().next().value?.currency ?? "USD",
        lastActivity: entry.updated,
        lines,
      });
      if (carts.length >= options.limit) break;
    }
  }
  return { carts, scanned };
}

export const RESTORE_LINK_SECONDS = 7 * 86_400;

export function hashRestoreToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** A single-use link that puts `cart.lines` into whichever browser opens it; only its hash is stored. */
export async function createRestoreLink(store: SessionStore, cart: AbandonedCart, siteUrl: string, now: number): Promise<string> {
  const token = randomBytes(32).toString("base64url");
  await store.createRestoreToken({
    tokenHash: hashRestoreToken(token),
    sessionKey: cart.key,
    cart: JSON.stringify(cart.lines),
    createdAt: now,
    expiresAt: now + RESTORE_LINK_SECONDS,
  });
  return `${siteUrl}/cart/restore/${token}`;
}

const csvCell = (value: string | number) => {
  const text = String(value);
  // Quote everything that could break a row, and defuse spreadsheet formulas.
  const safe = /^[=+\-@]/.test(text) ? `'${text}` : text;
  return /[",\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

export function abandonedCartsCsv(carts: readonly (AbandonedCart & { restoreUrl: string })[]): string {
  const header = ["key", "kind", "items", "value_cents", "currency", "last_activity", "products", "restore_url"];
  const rows = carts.map((c) =>
    [c.key, c.kind, c.items, c.valueCents, c.currency, new Date(c.lastActivity * 1000).toISOString(), c.lines.map((l) => `${l.productId}x${l.quantity}`).join(" "), c.restoreUrl].map(csvCell).join(","),
  );
  return [header.join(","), ...rows].join("\n") + "\n";
}
