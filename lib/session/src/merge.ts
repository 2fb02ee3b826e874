import { mergeCartLines } from "./cart.js";
import type { SessionData } from "./codec.js";

/** What a custom merge policy is told. */
export interface MergeContext {
  customerId: string;
  /** The session key the cart lines live under. */
  cartKey: string;
}

/**
 * How a guest's session meets the customer's saved one at login:
 *  - `merge` (default): carts merged line by line (quantities summed, capped at 999), lists
 *    appended (customer's first), objects merged (guest's fields win), other values the guest's;
 *  - `keep-guest`: every key the guest has replaces the customer's (a guest cart replaces the saved cart);
 *  - `keep-customer`: the customer's saved values win; the guest's fill only keys the customer lacks;
 *  - a function returning the data to keep.
 */
export type MergePolicy =
  | "merge"
  | "keep-guest"
  | "keep-customer"
  | ((guest: SessionData, customer: SessionData, context: MergeContext) => SessionData);

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** One key under the `merge` policy. */
export function mergeValue(key: string, existing: unknown, incoming: unknown, cartKey: string): unknown {
  if (incoming === undefined || incoming === null) return existing;
  if (existing === undefined || existing === null) return incoming;
  if (key === cartKey) return mergeCartLines(existing, incoming);
  if (Array.isArray(existing) && Array.isArray(incoming)) return [...existing, ...incoming];
  if (isObject(existing) && isObject(incoming)) return { ...existing, ...incoming };
  return incoming;
}

/** The customer's data after the guest logged in, under `policy`. Never mutates its inputs. */
export function applyMergePolicy(policy: MergePolicy, guest: SessionData, customer: SessionData, context: MergeContext): SessionData {
  if (typeof policy === "function") return policy(structuredClone(guest), structuredClone(customer), context);
  const result: SessionData = structuredClone(customer);
  for (const [key, value] of Object.entries(guest)) {
    if (value === undefined || value === null) continue;
    if (policy === "keep-guest") result[key] = structuredClone(value);
    else if (policy === "keep-customer") result[key] ??= structuredClone(value);
    else result[key] = mergeValue(key, result[key], structuredClone(value), context.cartKey);
  }
  return result;
}
