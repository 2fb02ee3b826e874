import type { CartSummary } from "../cart.js";
import { isSealedWithCurrentPassword, knownSeal, rememberSeal, sameCookie, sealSessionCookie, type SessionCookie } from "../cookie.js";
import type { EngineSettings } from "../options.js";

/** Plain cart cookies, as WooCommerce sets them: script-readable, and what CDN rules key on. */
export const CART_HASH_COOKIE = "cart_hash";
export const ITEMS_IN_CART_COOKIE = "items_in_cart";

/**
 * `logged_in_<hash>` exists while a customer is logged in (WordPress's `wordpress_logged_in_`
 * idea): a marker for CDN rules, which cannot unseal the session cookie. Holds no identity.
 */
export function loggedInCookieName(settings: Pick<EngineSettings, "cookieHash">): string {
  return `logged_in_${settings.cookieHash}`;
}

export interface CookieOptions {
  httpOnly?: boolean;
  sameSite?: "lax";
  path?: string;
  secure?: boolean;
  maxAge?: number;
}

/** The common shape of Next's `cookies()` store and `NextResponse.cookies`. */
export interface CookieJar {
  get(name: string): { value: string } | undefined;
  set(name: string, value: string, options?: CookieOptions): unknown;
}

/** What the browser sent: only differences from it produce a Set-Cookie. */
export interface SentCookies {
  session: string | undefined;
  cartHash: string | undefined;
  itemsInCart: string | undefined;
  loggedIn: string | undefined;
}

export function readSentCookies(settings: EngineSettings, get: (name: string) => { value: string } | undefined): SentCookies {
  return {
    session: get(settings.cookieName)?.value,
    cartHash: get(CART_HASH_COOKIE)?.value,
    itemsInCart: get(ITEMS_IN_CART_COOKIE)?.value,
    loggedIn: get(loggedInCookieName(settings))?.value,
  };
}

function expire(jar: CookieJar, name: string, settings: EngineSettings, httpOnly: boolean): void {
  jar.set(name, "", { path: "/", maxAge: 0, sameSite: "lax", secure: settings.secure, httpOnly });
}

export function sessionCookieOptions(settings: EngineSettings, cookie: SessionCookie, now: number): CookieOptions {
  return { httpOnly: true, sameSite: "lax", path: "/", secure: settings.secure, maxAge: Math.max(0, cookie.expiration - now) };
}

/**
 * Sets the sealed session cookie when the visitor's cookie state changed (issue, renewal,
 * first write, login, logout) or was sealed with an older password (rotation); never for a
 * cart change. Returns the sealed value the browser now holds.
 */
export async function writeSessionCookie(
  jar: CookieJar,
  settings: EngineSettings,
  sent: { sealed: string | undefined; cookie: SessionCookie | null },
  next: SessionCookie,
  now: number,
): Promise<string> {
  if (sent.sealed !== undefined && sent.cookie !== null && sameCookie(sent.cookie, next) && isSealedWithCurrentPassword(settings, sent.sealed)) {
    rememberSeal(settings, next, sent.sealed);
    return sent.sealed;
  }
  const sealed = knownSeal(settings, next) ?? (await sealSessionCookie(settings, next, now));
  jar.set(settings.cookieName, sealed, sessionCookieOptions(settings, next, now));
  return sealed;
}

export function expireSessionCookie(jar: CookieJar, settings: EngineSettings): void {
  expire(jar, settings.cookieName, settings, true);
}

/**
 * Keeps the plain cookies in step with the session:
 *  - `cart_hash` / `items_in_cart` exist iff the cart is non-empty (WooCommerce's rule). With
 *    `cart` known (a response that loaded or changed the session) they are set to match; with
 *    `cart` unknown (the proxy, which never queries) they are only removed when there is no
 *    session, or re-sent with a longer life when `extend` (a renewal).
 *  - `logged_in_<hash>` exists iff the session belongs to a customer.
 */
export function writeStateCookies(
  jar: CookieJar,
  settings: EngineSettings,
  sent: SentCookies,
  session: SessionCookie | null,
  cart: CartSummary | null,
  now: number,
  extend = false,
): void {
  const maxAge = session ? Math.max(0, session.expiration - now) : 0;
  const plain: CookieOptions = { path: "/", sameSite: "lax", secure: settings.secure, httpOnly: false, maxAge };
  if (session === null) {
    if (sent.cartHash !== undefined) expire(jar, CART_HASH_COOKIE, settings, false);
    if (sent.itemsInCart !== undefined) expire(jar, ITEMS_IN_CART_COOKIE, settings, false);
  } else if (cart !== null) {
    if (cart.items > 0) {
      if (sent.cartHash !== cart.cartHash || extend) jar.set(CART_HASH_COOKIE, cart.cartHash, plain);
      if (sent.itemsInCart !== "1" || extend) jar.set(ITEMS_IN_CART_COOKIE, "1", plain);
    } else {
      if (sent.cartHash !== undefined) expire(jar, CART_HASH_COOKIE, settings, false);
      if (sent.itemsInCart !== undefined) expire(jar, ITEMS_IN_CART_COOKIE, settings, false);
    }
  } else if (extend) {
    if (sent.cartHash !== undefined && /^[0-9a-f]{32}$/.test(sent.cartHash)) jar.set(CART_HASH_COOKIE, sent.cartHash, plain);
    if (sent.itemsInCart === "1") jar.set(ITEMS_IN_CART_COOKIE, "1", plain);
  }
  const marker = loggedInCookieName(settings);
  const loggedIn = session !== null && session.customerId !== null;
  if (loggedIn && (sent.loggedIn !== "1" || extend)) {
    jar.set(marker, "1", { path: "/", sameSite: "lax", secure: settings.secure, httpOnly: true, maxAge });
  } else if (!loggedIn && sent.loggedIn !== undefined) {
    expire(jar, marker, settings, true);
  }
}
