import type { EngineSettings } from "./options.js";

export interface Lifetime {
  /** Seconds from now until the session ends. */
  expiration: number;
  /** Seconds from now after which a use renews the session. */
  expiring: number;
}

/**
 * A session's lifetime: the guest or customer default, passed through the app's hooks
 * (WooCommerce's `wc_session_expiration` / `wc_session_expiring` filters).
 */
export function lifetimeFor(settings: Pick<EngineSettings, "lifetimes">, customerId: string | null): Lifetime {
  const l = settings.lifetimes;
  const isGuest = customerId === null;
  const context = { customerId, isGuest };
  const baseExpiration = isGuest ? l.guestExpiration : l.customerExpiration;
  const baseExpiring = isGuest ? l.guestExpiring : l.customerExpiring;
  const expiration = Math.floor(l.expirationHook?.(baseExpiration, context) ?? baseExpiration);
  const expiringRaw = Math.floor(l.expiringHook?.(baseExpiring, context) ?? baseExpiring);
  if (!(Number.isSafeInteger(expiration) && expiration > 0)) {
    throw new Error(`[cartsession] lifetimes.expiration hook returned an invalid value (${expiration}) for ${customerId ?? "a guest"}`);
  }
  // NaN would be sealed into a cookie that can never be read back: fail loudly instead.
  if (!Number.isSafeInteger(expiringRaw)) {
    throw new Error(`[cartsession] lifetimes.expiring hook returned an invalid value (${expiringRaw}) for ${customerId ?? "a guest"}`);
  }
  // A hook may not push the threshold past the end: renewal must stay possible.
  return { expiration, expiring: Math.max(0, Math.min(expiringRaw, expiration - 1)) };
}
