import { randomBytes } from "node:crypto";
import type { CartLine } from "../../lib/cart/summary";
import type { BulkSessionRow } from "../../lib/session/store";

const COUNTRIES = ["US", "GB", "DE", "FR", "NL", "CA", "AU", "ES", "IT", "SE"];
const PRODUCTS = 250;

function pick<T>(items: readonly T[]): T {
  return items[Math.floor(Math.random() * items.length)] as T;
}

function randomInt(min: number, max: number): number {
  return min + Math.floor(Math.random() * (max - min + 1));
}

function productId(): string {
  return `p${String(randomInt(1, PRODUCTS)).padStart(4, "0")}`;
}

/** A shopper's session: most hold a cart of a few lines; some carry address and browsing state. */
function fakeValue(): string {
  const data: Record<string, unknown> = {};
  if (Math.random() < 0.8) {
    const lines = new Map<string, CartLine>();
    for (let i = randomInt(1, 6); i > 0; i--) {
      const id = productId();
      lines.set(id, { productId: id, quantity: Math.random() < 0.75 ? 1 : randomInt(2, 5) });
    }
    data.cart = [...lines.values()];
  }
  if (Math.random() < 0.4) data.customer = { country: pick(COUNTRIES), postcode: String(randomInt(10000, 99999)) };
  // A row exists only once something was stored, so a session without a cart has browsed.
  if (data.cart === undefined || Math.random() < 0.5) data.recentlyViewed = Array.from({ length: randomInt(1, 12) }, productId);
  if (Math.random() < 0.1) data.notices = [{ type: "success", message: "Added to your cart." }];
  return JSON.stringify(data);
}

/**
 * `count` guest sessions of test data. Active ones expire within the guest lifetime from
 * `now`; expired ones ran out within the last week.
 */
export function fakeSessions(count: number, options: { now: number; lifetime: number; expired: boolean }): BulkSessionRow[] {
  const { now, lifetime, expired } = options;
  // One random buffer per chunk: a CSPRNG call per key would dominate a million-row run.
  const hex = randomBytes(15 * count).toString("hex");
  const rows: BulkSessionRow[] = new Array(count);
  for (let i = 0; i < count; i++) {
    const expiry = expired ? now - randomInt(1, 7 * 86_400) : now + randomInt(60, lifetime);
    const updated = Math.min(now, expiry - lifetime + randomInt(0, 3_600));
    rows[i] = { key: `t_${hex.slice(i * 30, i * 30 + 30)}`, value: fakeValue(), expiry, created: updated - randomInt(0, 3_600), updated };
  }
  return rows;
}
