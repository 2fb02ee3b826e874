import { cartLines, type CartLine } from "cartsession";

/**
 * The demo's pricing over the engine's cart lines. Adding, changing and removing lines is
 * the engine's (`addLine`, `setLineQuantity`, `removeLine` from "cartsession"); prices,
 * totals and the catalog are the shop's.
 */
export { MAX_LINE_QUANTITY, addLine, cartLines, removeLine, setLineQuantity, summarizeCart } from "cartsession";
export type { CartLine } from "cartsession";

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
