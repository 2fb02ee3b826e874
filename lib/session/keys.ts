import { randomBytes } from "node:crypto";

/** WooCommerce's guest key shape: `t_` + 30 lowercase hex characters (32 in all). */
const GUEST_KEY = /^t_[0-9a-f]{30}$/;
/** Logged-in keys are user ids: short, printable, never starting with the guest prefix. */
const USER_KEY = /^[A-Za-z0-9_-]{1,32}$/;

export function generateGuestKey(): string {
  return `t_${randomBytes(15).toString("hex")}`;
}

export function isGuestKey(key: string): boolean {
  return GUEST_KEY.test(key);
}

/** Every key is checked against its pattern before it reaches a query. */
export function isValidSessionKey(key: unknown): key is string {
  if (typeof key !== "string") return false;
  if (key.startsWith("t_")) return GUEST_KEY.test(key);
  return USER_KEY.test(key);
}
