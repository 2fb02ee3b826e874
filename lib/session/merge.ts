import { cartLines, type CartLine } from "../cart/summary";

/** Most units of one product a cart line may hold (the HTTP API's limit too). */
export const MAX_LINE_QUANTITY = 999;

/** Carts merge line by line: quantities of the same product add up, capped at the maximum. */
export function mergeCarts(existing: unknown, incoming: unknown): CartLine[] {
  const merged = cartLines(existing).map((line) => ({ ...line }));
  for (const line of cartLines(incoming)) {
    const same = merged.find((m) => m.productId === line.productId);
    if (same) same.quantity = Math.min(MAX_LINE_QUANTITY, same.quantity + line.quantity);
    else merged.push({ productId: line.productId, quantity: Math.min(MAX_LINE_QUANTITY, line.quantity) });
  }
  return merged;
}

/**
 * How a guest's value for `key` combines with what the customer already had (another
 * device) when the guest logs in:
 *  - `cart`: lines merged, quantities summed (capped at 999);
 *  - arrays (e.g. `notices`): the customer's entries, then the guest's;
 *  - plain objects (e.g. `checkout` fields): merged, the guest's fields winning;
 *  - anything else: the guest's value wins, since it is what the shopper just did.
 */
export function mergeSessionValue(key: string, existing: unknown, incoming: unknown): unknown {
  if (incoming === undefined || incoming === null) return existing;
  if (existing === undefined || existing === null) return incoming;
  if (key === "cart") return mergeCarts(existing, incoming);
  if (Array.isArray(existing) && Array.isArray(incoming)) return [...existing, ...incoming];
  const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
  if (isObject(existing) && isObject(incoming)) return { ...existing, ...incoming };
  return incoming;
}
