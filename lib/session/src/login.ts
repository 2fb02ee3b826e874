import type { CartSummary } from "./cart.js";
import type { SessionCookie } from "./cookie.js";
import { newCustomerCookie, newGuestCookie } from "./cookie.js";
import { assertCustomerId, newCustomerSessionKey, newGuestKey, newLoginId } from "./keys.js";
import { applyMergePolicy } from "./merge.js";
import { CustomerRowTaken, StoredSession, type SessionContext } from "./session.js";

const MAX_LOGIN_ATTEMPTS = 20;

/**
 * A customer has just authenticated. The visitor's guest session moves into the
 * customer's session (merged under the app's policy; one session per customer, so every
 * device sees one cart), the guest row is deleted, and a new cookie naming a fresh login
 * is returned (no fixation: the old guest cookie reaches nothing). A visitor already logged
 * in as this customer is left as is; one logged in as someone else is logged out first and
 * their data never crosses over.
 */
/** The customer's cookie state after login, and their cart (what the cart cookies must say). */
export interface LoginResult {
  cookie: SessionCookie;
  cart: CartSummary;
}

export async function logIn(context: SessionContext, current: SessionCookie, customerId: string): Promise<LoginResult> {
  assertCustomerId(customerId);
  const { settings, store } = context;
  const now = settings.clock.nowSeconds();

  let guest: StoredSession | null = null;
  if (current.customerId === customerId) {
    const same = await StoredSession.open(context, current, { writable: false });
    if (!same.revoked) return { cookie: same.cookie, cart: same.getCartSummary() };
  } else if (current.customerId !== null) {
    await logOut(context, current, { everywhere: false });
  } else {
    guest = await StoredSession.open(context, current, { writable: true });
  }
  const guestData = guest?.getSessionData() ?? {};
  const loginId = newLoginId();

  for (let attempt = 0; attempt < MAX_LOGIN_ATTEMPTS; attempt++) {
    const row = await store.loadByCustomer(customerId);
    const key = row?.key ?? newCustomerSessionKey();
    const cookie = newCustomerCookie(settings, key, customerId, loginId, now);
    const customer = StoredSession.fromRecord(context, row, cookie);
    // Re-run on the fresh data if another device saves first, like any other change.
    customer.replaceData((saved) => applyMergePolicy(settings.merge, guestData, saved, { customerId, cartKey: settings.cartKey }));
    customer.changeLogins((logins) => [...logins.filter((id) => id !== loginId), loginId].slice(-settings.maxDevices));
    try {
      await customer.save();
    } catch (error) {
      // Another device's first login created the customer's row meanwhile: merge into that one.
      if (error instanceof CustomerRowTaken) continue;
      throw error;
    }
    if (guest?.hasSession()) await store.delete(current.key);
    if (guest) await settings.hooks.guestSessionToCustomer?.({ guestKey: current.key, customerId, sessionKey: key });
    return { cookie: customer.cookie, cart: customer.getCartSummary() };
  }
  throw new Error(`[cartsession] could not log in customer ${customerId}: their session kept changing`);
}

/**
 * Ends this login: the visitor continues as a new guest with an empty cart, and every copy
 * of the old cookie or Cart-Token becomes a fresh guest for good. The customer's session
 * stays for their next login (persistent cart) unless `persistentCart` is off and this was
 * the last login. `everywhere` revokes every login of the customer. A guest's logout
 * destroys the guest session (WooCommerce's `destroy_session`).
 */
export async function logOut(context: SessionContext, current: SessionCookie, options: { everywhere: boolean }): Promise<SessionCookie> {
  const { settings } = context;
  const now = settings.clock.nowSeconds();
  const session = await StoredSession.open(context, current, { writable: true });
  if (session.revoked) return session.cookie;
  if (session.isGuest()) {
    session.destroySession();
    await session.save();
    return session.cookie;
  }
  const loginId = current.loginId;
  session.changeLogins((logins) => (options.everywhere ? [] : logins.filter((id) => id !== loginId)));
  if (!settings.persistentCart && (options.everywhere || session.logins.length === 0)) {
    session.destroySession();
  }
  await session.save();
  return newGuestCookie(settings, newGuestKey(), now);
}

/** Revokes every login of a customer (e.g. after a password change); their session data stays. */
export async function logOutEverywhere(context: SessionContext, customerId: string): Promise<boolean> {
  assertCustomerId(customerId);
  const { settings, store } = context;
  for (let attempt = 0; attempt < MAX_LOGIN_ATTEMPTS; attempt++) {
    const row = await store.loadByCustomer(customerId);
    if (!row) return false;
    if (!settings.persistentCart || row.expiresAt <= settings.clock.nowSeconds()) return store.delete(row.key);
    const session = StoredSession.fromRecord(context, row, newCustomerCookie(settings, row.key, customerId, newLoginId(), settings.clock.nowSeconds()));
    session.changeLogins(() => []);
    try {
      await session.save();
      return true;
    } catch (error) {
      if (error instanceof CustomerRowTaken) continue;
      throw error;
    }
  }
  return false;
}
