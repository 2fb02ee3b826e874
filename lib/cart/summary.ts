import { createHash } from "node:crypto";

/** One cart line as stored in the session under the `cart` key. */
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

export function isCartLine(value: unknown): value is CartLine {
  if (typeof value !== "object" || value === null) return false;
  const line = value as Record<string, unknown>;
  return typeof line.productId === "string" && Number.isSafeInteger(line.quantity) && (line.quantity as number) > 0;
}

/** Reads whatever is stored under `cart` defensively: anything malformed counts as no line. */
export function cartLines(stored: unknown): CartLine[] {
  return Array.isArray(stored) ? stored.filter(isCartLine) : [];
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
  const cartHash = createHash("sha256").update(JSON.stringify(canonical)).digest("hex").slice(0, 32);
  return { items, cartHash };
}
