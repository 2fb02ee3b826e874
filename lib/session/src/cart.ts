import { hash } from "node:crypto";

/**
 * The cart as the engine knows it: lines of a product id and a quantity, stored in the
 * session under `cart.key` (default `cart`). The engine needs no more than that to keep
 * `cart_hash` and `items_in_cart` right and to merge carts at login; prices, stock and
 * products belong to the app.
 */
export interface CartLine {
  productId: string;
  quantity: number;
}

export interface CartSummary {
  /** Units in the cart. */
  items: number;
  /** 32 hex characters, or "" for an empty cart. */
  cartHash: string;
}

/** Most units one line may hold. */
export const MAX_LINE_QUANTITY = 999;

export function isCartLine(value: unknown): value is CartLine {
  if (typeof value !== "object" || value === null) return false;
  const line = value as Record<string, unknown>;
  return typeof line.productId === "string" && line.productId.length > 0 && Number.isSafeInteger(line.quantity) && (line.quantity as number) > 0;
}

/** Reads whatever is stored under the cart key defensively: anything malformed counts as no line. */
export function cartLines(stored: unknown): CartLine[] {
  return Array.isArray(stored) ? stored.filter(isCartLine).map((line) => ({ productId: line.productId, quantity: line.quantity })) : [];
}

/** Units in the cart (no hash: what every save records). */
export function cartItemCount(stored: unknown): number {
  if (!Array.isArray(stored)) return 0;
  let items = 0;
  for (const line of stored) if (isCartLine(line)) items += line.quantity;
  return items;
}

/**
 * The hash depends on contents only (same lines in any order, same hash), like
 * WooCommerce's `cart_hash`, so caches and scripts can tell when the cart changed.
 */
export function summarizeCart(stored: unknown): CartSummary {
  const lines = cartLines(stored);
  if (lines.length === 0) return { items: 0, cartHash: "" };
  const canonical = lines
    .map((line) => [line.productId, line.quantity] as const)
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const items = lines.reduce((sum, line) => sum + line.quantity, 0);
  // One-shot hash: no Hash object per call (a cart change summarises its cart twice).
  const cartHash = hash("sha256", JSON.stringify(canonical), "hex").slice(0, 32);
  return { items, cartHash };
}

function clampQuantity(quantity: number): number {
  return Number.isFinite(quantity) ? Math.max(0, Math.min(MAX_LINE_QUANTITY, Math.trunc(quantity))) : 0;
}

/*
 * Pure functions over stored lines: each takes whatever is stored (possibly nothing,
 * possibly malformed) and returns new lines, so it can run inside `session.update` and be
 * re-run on fresh data when a concurrent save wins.
 */

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

/** Two carts as one: quantities of the same product add up, capped at the maximum. */
export function mergeCartLines(existing: unknown, incoming: unknown): CartLine[] {
  const merged = cartLines(existing);
  for (const line of cartLines(incoming)) {
    const same = merged.find((m) => m.productId === line.productId);
    if (same) same.quantity = Math.min(MAX_LINE_QUANTITY, same.quantity + line.quantity);
    else merged.push({ productId: line.productId, quantity: Math.min(MAX_LINE_QUANTITY, line.quantity) });
  }
  return merged;
}
