import { randomBytes } from "node:crypto";
import type { CartLine } from "../../lib/cart/summary";
import type { BulkSessionRow } from "../../lib/session/store";

const COUNTRIES = ["US", "GB", "DE", "FR", "NL", "CA", "AU", "ES", "IT", "SE"];
// The demo catalog's ids, so admin figures (values, top products) mean something.
const PRODUCT_IDS = [
  "linen-apron", "enamel-mug", "beeswax-candle", "wool-throw", "ceramic-planter", "cotton-tote",
  "walnut-board", "glass-carafe", "copper-kettle", "field-notebook", "olive-oil-soap", "merino-socks",
];

function pick<T>(items: readonly T[]): T {
  return items[Math.floor(Math.random() * items.length)] as T;
}

function randomInt(min: number, max: number): number {
  return min + Math.floor(Math.random() * (max - min + 1));
}

function productId(): string {
  return pick(PRODUCT_IDS);
}

/** A shopper's session: most hold a cart of a few lines; some carry address and browsing state. */
function fakeValue(): { value: string; items: number } {
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
  const items = Array.isArray(data.cart) ? (data.cart as CartLine[]).reduce((sum, line) => sum + line.quantity, 0) : 0;
  return { value: JSON.stringify(data), items };
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
    // Like the engine, a row is kept one lifetime past its cookie's end (rowExpiryFor).
    const cookieEnd = expired ? now - lifetime - randomInt(1, 7 * 86_400) : now + randomInt(60, lifetime);
    const expiry = cookieEnd + lifetime;
    const updated = Math.min(now, cookieEnd - lifetime + randomInt(0, 3_600));
    const { value, items } = fakeValue();
    rows[i] = { key: `t_${hex.slice(i * 30, i * 30 + 30)}`, value, items, expiry, created: updated - randomInt(0, 3_600), updated };
  }
  return rows;
}
