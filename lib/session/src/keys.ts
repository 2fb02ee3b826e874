import { randomBytes } from "node:crypto";
import { SessionError } from "./errors.js";

/**
 * Session keys are opaque: `t_` + 30 hex for a guest (WooCommerce's shape), `c_` + 30 hex
 * for a customer's session. 120 bits from a CSPRNG; nothing about a customer is in them.
 */
const SESSION_KEY = /^[tc]_[0-9a-f]{30}$/;
/** A per-login id sealed into the cookie; logout removes it from the row for good. */
const LOGIN_ID = /^[0-9a-f]{24}$/;

export const MAX_CUSTOMER_ID_LENGTH = 255;

export function newGuestKey(): string {
  return `t_${randomBytes(15).toString("hex")}`;
}

export function newCustomerSessionKey(): string {
  return `c_${randomBytes(15).toString("hex")}`;
}

export function newLoginId(): string {
  return randomBytes(12).toString("hex");
}

/** Every key is checked against its shape before it reaches a query. */
export function isSessionKey(key: unknown): key is string {
  return typeof key === "string" && SESSION_KEY.test(key);
}

export function isLoginId(id: unknown): id is string {
  return typeof id === "string" && LOGIN_ID.test(id);
}

/**
 * Customer ids come from the app's auth (Auth.js UUIDs, cuid, `user_…`, numeric ids): any
 * string of 1 to 255 characters without control characters.
 */
export function isCustomerId(id: unknown): id is string {
  if (typeof id !== "string" || id.length === 0) return false;
  if (/[\u0000-\u001f\u007f]/.test(id)) return false;
  return [...id].length <= MAX_CUSTOMER_ID_LENGTH;
}

export function assertCustomerId(id: unknown): asserts id is string {
  if (!isCustomerId(id)) {
    throw new SessionError(
      "invalid_customer_id",
      `A customer id must be a string of 1 to ${MAX_CUSTOMER_ID_LENGTH} characters without control characters; got ${JSON.stringify(id)?.slice(0, 80)}.`,
    );
  }
}
