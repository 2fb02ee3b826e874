import { randomBytes } from "node:crypto";
import type { CartLine } from "../cart.js";
import type { BulkSessionRow } from "../store/port.js";

const COUNTRIES = ["US", "GB", "DE", "FR", "NL", "CA", "AU", "ES", "IT", "SE"];
// Product ids of the demo catalog, so an admin page's figures mean something there too.
const PRODUCT_IDS = [
  "linen-apron", "enamel-mug", "beeswax-candle", "wool-throw", "ceramic-planter", "cotton-tote",
  "walnut-board", "glass-carafe", "copper-kettle", "field-notebook", "olive-oil-soap", "merino-socks",
];

const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)] as T;
const randomInt = (min: number, max: number): number => min + Math.floor(Math.random() * (max - min + 1));

/** A shopper's session: most hold a cart of a few lines; some carry address and browsing state. */
function fakeValue(cartKey: string): { value: string; items: number } {
  const data: Record<string, unknown> = {};
  if (Math.random() < 0.8) {
    const lines = new Map<string, CartLine>();
    for (let i = randomInt(1, 6); i > 0; i--) {
      const id = pick(PRODUCT_IDS);
      lines.set(id, { productId: id, quantity: Math.random() < 0.75 ? 1 : randomInt(2, 5) });
    }
    data[cartKey] = [...lines.values()];
  }
  if (Math.random() < 0.4) data.customer = { country: pick(COUNTRIES), postcode: String(randomInt(10000, 99999)) };
  if (data[cartKey] === undefined || Math.random() < 0.5) data.recentlyViewed = Array.from({ length: randomInt(1, 12) }, () => pick(PRODUCT_IDS));
  const cart = data[cartKey];
  const items = Array.isArray(cart) ? (cart as CartLine[]).reduce((sum, line) => sum + line.quantity, 0) : 0;
  return { value: JSON.stringify(data), items };
}

/**
 * `count` guest sessions of test data. Active ones end within the guest lifetime from
 * `now`; expired ones ran out within the last week. Rows are kept one lifetime past their
 * cookie's end, as the engine keeps them.
 */
export function fakeSessions(count: number, options: { now: number; lifetime: number; expired: boolean; cartKey: string }): BulkSessionRow[] {
  const { now, lifetime, expired } = options;
  // One random buffer per chunk: a CSPRNG call per key would dominate a million-row run.
  const hex = randomBytes(15 * count).toString("hex");
  const rows: BulkSessionRow[] = new Array(count);
  for (let i = 0; i < count; i++) {
    const activeUntil = expired ? now - lifetime - randomInt(1, 7 * 86_400) : now + randomInt(60, lifetime);
    const updatedAt = Math.min(now, activeUntil - lifetime + randomInt(0, 3_600));
    const { value, items } = fakeValue(options.cartKey);
    rows[i] = { key: `t_${hex.slice(i * 30, i * 30 + 30)}`, value, items, activeUntil, expiresAt: activeUntil + lifetime, createdAt: updatedAt - randomInt(0, 3_600), updatedAt };
  }
  return rows;
}
