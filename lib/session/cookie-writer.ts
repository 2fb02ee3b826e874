import type { SessionConfig } from "./config";
import { isGuestKey } from "./keys";
import {
  isSealedWithCurrentPassword,
  rememberSeal,
  sameCookie,
  sealSessionCookie,
  sessionCookieAttributes,
  type SessionCookie,
} from "./cookie";

export const CART_HASH_COOKIE = "cart_hash";
export const ITEMS_IN_CART_COOKIE = "items_in_cart";

/**
 * `logged_in_<hash>` exists iff a customer is logged in (WordPress's `wordpress_logged_in_`
 * idea): a marker for CDN rules, which cannot unseal the session cookie. Holds no identity.
 */
export function loggedInCookieName(config: SessionConfig): string {
  return `logged_in_${config.cookieHash}`;
}

interface SetOptions {
  httpOnly?: boolean;
  sameSite?: "lax";
  path?: string;
  secure?: boolean;
  maxAge?: number;
}

/** The common shape of Next's `cookies()` store and `NextResponse.cookies`. */
export interface CookieWriter {
  set(name: string, value: string, options?: SetOptions): unknown;
}

/** What the browser sent, so nothing is re-sent that it already has. */
export interface IncomingCookies {
  cartHash?: string | undefined;
  itemsInCart?: string | undefined;
  loggedIn?: string | undefined;
}

/** The state cookies the browser sent, read through any cookie store's `get`. */
export function readStateCookies(config: SessionConfig, get: (name: string) => { value: string } | undefined): IncomingCookies {
  return {
    cartHash: get(CART_HASH_COOKIE)?.value,
    itemsInCart: get(ITEMS_IN_CART_COOKIE)?.value,
    loggedIn: get(loggedInCookieName(config))?.value,
  };
}

function expire(writer: CookieWriter, name: string, config: SessionConfig, httpOnly: boolean): void {
  writer.set(name, "", { path: "/", maxAge: 0, sameSite: "lax", secure: config.secureCookies, httpOnly });
}

/**
 * `cart_hash` and `items_in_cart` exist iff the cart is non-empty (WooCommerce's rule, and
 * what CDN rules key on); they are script-readable, like WooCommerce's. `logged_in_<hash>`
 * exists iff the session belongs to a customer. Only differences from what the browser
 * sent produce a Set-Cookie, so cacheable pages carry none.
 */
export function writeStateCookies(
  writer: CookieWriter,
  config: SessionConfig,
  incoming: IncomingCookies,
  cookie: SessionCookie | null,
  now: number,
): void {
  const hasItems = cookie !== null && cookie.items > 0 && cookie.cartHash !== "";
  if (hasItems) {
    const options: SetOptions = { path: "/", sameSite: "lax", secure: config.secureCookies, httpOnly: false, maxAge: Math.max(0, cookie.expiration - now) };
    if (incoming.cartHash !== cookie.cartHash) writer.set(CART_HASH_COOKIE, cookie.cartHash, options);
    if (incoming.itemsInCart !== "1") writer.set(ITEMS_IN_CART_COOKIE, "1", options);
  } else {
    if (incoming.cartHash !== undefined) expire(writer, CART_HASH_COOKIE, config, false);
    if (incoming.itemsInCart !== undefined) expire(writer, ITEMS_IN_CART_COOKIE, config, false);
  }
  const loggedIn = cookie !== null && !isGuestKey(cookie.customerId);
  if (loggedIn && incoming.loggedIn !== "1") {
    writer.set(loggedInCookieName(config), "1", { path: "/", sameSite: "lax", secure: config.secureCookies, httpOnly: true, maxAge: Math.max(0, cookie.expiration - now) });
  } else if (!loggedIn && incoming.loggedIn !== undefined) {
    expire(writer, loggedInCookieName(config), config, true);
  }
}

/**
 * Re-seals the session cookie only when its contents changed or it was sealed with an
 * older password (rotation), and returns the value the browser will hold.
 */
export async function writeSessionCookie(
  writer: CookieWriter,
  config: SessionConfig,
  incoming: { sealed: string | undefined; cookie: SessionCookie | null },
  next: SessionCookie,
  now: number,
): Promise<string> {
  const unchanged =
    incoming.sealed !== undefined &&
    incoming.cookie !== null &&
    sameCookie(incoming.cookie, next) &&
    isSealedWithCurrentPassword(config, incoming.sealed);
  if (unchanged && incoming.sealed !== undefined) {
    rememberSeal(config, next, incoming.sealed);
    return incoming.sealed;
  }
  const sealed = await sealSessionCookie(config, next, now);
  writer.set(config.cookieName, sealed, sessionCookieAttributes(config, next, now));
  return sealed;
}

export function expireSessionCookie(writer: CookieWriter, config: SessionConfig): void {
  expire(writer, config.cookieName, config, true);
}
