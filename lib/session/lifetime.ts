import type { SessionConfig } from "./config";
import { isGuestKey } from "./keys";

export interface Lifetime {
  /** Seconds from now until the session ends. */
  expiration: number;
  /** Seconds from now after which a use renews the session. */
  expiring: number;
}

export interface LifetimeContext {
  customerId: string;
  isGuest: boolean;
}

/**
 * Per-request lifetime hooks, the equivalent of WooCommerce's `wc_session_expiration`
 * and `wc_session_expiring` filters: each receives the default and returns seconds.
 */
export interface LifetimeHooks {
  expiration?: (seconds: number, context: LifetimeContext) => number;
  expiring?: (seconds: number, context: LifetimeContext) => number;
}

let hooks: LifetimeHooks = {};

/** Install lifetime hooks (e.g. longer carts for B2B customers). Replaces earlier hooks. */
export function setLifetimeHooks(next: LifetimeHooks): void {
  hooks = next;
}

export function lifetimeFor(config: SessionConfig, customerId: string): Lifetime {
  const isGuest = isGuestKey(customerId);
  const context: LifetimeContext = { customerId, isGuest };
  // Logged-in sessions keep the guest renewal window (expiration minus expiring).
  const window = config.guestExpiration - config.guestExpiring;
  const baseExpiration = isGuest ? config.guestExpiration : config.userExpiration;
  const baseExpiring = isGuest ? config.guestExpiring : config.userExpiration - window;
  const expiration = Math.floor(hooks.expiration?.(baseExpiration, context) ?? baseExpiration);
  const expiringRaw = Math.floor(hooks.expiring?.(baseExpiring, context) ?? baseExpiring);
  // A hook may not push the threshold past the end: renewal must stay possible.
  const expiring = Math.min(expiringRaw, expiration - 1);
  if (!(Number.isSafeInteger(expiration) && expiration > 0)) throw new Error(`lifetime hook returned an invalid expiration (${expiration}) for ${customerId}`);
  // NaN would be sealed into a cookie that can never be read back: fail loudly instead.
  if (!Number.isSafeInteger(expiring)) throw new Error(`lifetime hook returned an invalid expiring (${expiringRaw}) for ${customerId}`);
  return { expiration, expiring: Math.max(0, expiring) };
}
