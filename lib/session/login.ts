import type { SessionCookie } from "./cookie";
import { newSessionCookie } from "./cookie";
import { isGuestKey, isValidSessionKey } from "./keys";
import { mergeSessionValue } from "./merge";
import { Session, type SessionDeps } from "./session";

export interface LoginHooks {
  /** Fires after a guest's session moved to a customer (WooCommerce-style event). */
  guestSessionToUser?: (guestKey: string, userId: string) => void | Promise<void>;
}

let hooks: LoginHooks = {};

/** Install login hooks. Replaces earlier hooks. */
export function setLoginHooks(next: LoginHooks): void {
  hooks = next;
}

/**
 * Moves the visitor's guest session to the customer's key, merging with what the customer
 * already stored (a cart from another device; see merge.ts for the rules), deletes the
 * guest row, and returns the customer's new cookie state. The old guest cookie can then
 * reach no data at all (no session fixation). A visitor who is already this customer is
 * left as is; a different customer's session is never merged into another's.
 */
export async function moveSessionToUser(deps: SessionDeps, current: SessionCookie, userId: string): Promise<SessionCookie> {
  if (!isValidSessionKey(userId) || isGuestKey(userId)) {
    throw new TypeError(`not a valid user id for a session key: ${JSON.stringify(userId)}`);
  }
  const now = deps.clock.nowSeconds();
  const fromGuest = isGuestKey(current.customerId);
  const guest = fromGuest ? await Session.open(deps, { cookie: current, writable: true }) : null;
  const guestData = guest?.getSessionData() ?? {};

  const user = await Session.open(deps, {
    cookie: { ...newSessionCookie(deps.config, userId, now), persisted: true },
    writable: true,
    authenticated: true,
  });
  for (const [key, value] of Object.entries(guestData)) {
    user.update(key, (existing) => mergeSessionValue(key, existing, value));
  }
  // The customer's row is their login record, so it exists even with nothing in it.
  user.persist();
  await user.save();

  if (guest && guest.hasSession()) await deps.store.delete(current.customerId);
  if (fromGuest) await hooks.guestSessionToUser?.(current.customerId, userId);
  return user.cookie;
}
