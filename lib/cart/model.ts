import { MAX_LINE_QUANTITY } from "../session/merge";
import { cartLines, type CartLine } from "./summary";

/**
 * The cart as pure functions over the lines stored under the session key `cart`. Each
 * takes whatever is stored (possibly nothing, possibly malformed) and returns new lines,
 * so it can run inside `updateCart(session, fn)` (session-cart.ts) and be re-run on a
 * save conflict.
 */

export { MAX_LINE_QUANTITY };
export type { CartLine };

function clampQuantity(quantity: number): number {
  return Math.max(0, Math.min(MAX_LINE_QUANTITY, Math.trunc(quantity)));
}

/** Adds `quantity` units; a product already in the cart gets them on its line (max 999). */
export function addLine(stored: unknown, productId: string, quantity: number): CartLine[] {
  const lines = cartLines(stored);
  const units = clampQuantity(quantity);
  if (units === 0) return lines;
  const existing = lines.find((line) => line.productId === productId);
  if (!existing) return [...lines, { productId, quantity: units }];
  return lines.map((line) => (line === existing ? { productId, quantity: clampQuantity(line.quantity + units) } : line));
}

/** Sets a line's quantity (max 999); 0 removes the line. A product not in the cart is left out. */
export function setLineQuantity(stored: unknown, productId: string, quantity: number): CartLine[] {
  const units = clampQuantity(quantity);
  if (units === 0) return removeLine(stored, productId);
  return cartLines(stored).map((line) => (line.productId === productId ? { productId, quantity: units } : line));
}

export function removeLine(stored: unknown, productId: string): CartLine[] {
  return cartLines(stored).filter((line) => line.productId !== productId);
}

export function clearCart(): CartLine[] {
  return [];
}

/** Units in the cart (what the mini-cart and `items_in_cart` count). */
export function itemCount(stored: unknown): number {
  return cartLines(stored).reduce((sum, line) => sum + line.quantity, 0);
}

export function findLine(stored: unknown, productId: string): CartLine | undefined {
  return cartLines(stored).find((line) => line.productId === productId);
}

export interface PricedLine extends CartLine {
  unitPriceCents: number;
  lineTotalCents: number;
}

export interface CartTotals {
  lines: PricedLine[];
  itemCount: number;
  subtotalCents: number;
}

/**
 * Prices the lines with `prices` (product id to unit price in cents). Lines whose product
 * has no price (gone from the catalog) are left out of the lines and the totals.
 */
export function cartTotals(stored: unknown, prices: ReadonlyMap<string, number>): CartTotals {
  const lines: PricedLine[] = [];
  for (const line of cartLines(stored)) {
    const unitPriceCents = prices.get(line.productId);
    if (unitPriceCents === undefined) continue;
    lines.push({ ...line, unitPriceCents, lineTotalCents: unitPriceCents * line.quantity });
  }
  return {
    lines,
    itemCount: lines.reduce((sum, line) => sum + line.quantity, 0),
    subtotalCents: lines.reduce((sum, line) => sum + line.lineTotalCents, 0),
  };
}
