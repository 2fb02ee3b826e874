import { NextResponse, type NextRequest } from "next/server.js";
import { isSealedWithCurrentPassword, newGuestCookie, type SessionCookie } from "../cookie.js";
import type { SessionEngine } from "../engine.js";
import { newGuestKey } from "../keys.js";
import { expireSessionCookie, readSentCookies, sessionCookieOptions, writeStateCookies } from "./cookies.js";
import { NO_STORE } from "./http.js";
import { SPAN, type OperationScope } from "../telemetry.js";

export interface ProxyOptions {
  /**
   * Pages served from shared caches to visitors with an empty cart who are not logged in,
   * e.g. `["/", /^\/products\/[^/]+$/]`. They never carry a Set-Cookie: no cookie is issued,
   * renewed or re-sealed there (that waits for the next personal page).
   */
  sharedPages?: readonly (string | RegExp)[];
  /**
   * Where a visitor with items in the cart (`items_in_cart`) or a login is sent instead of a
   * shared page, as a rewrite, e.g. `(path) => "/live" + path`. Unset: the same page, privately.
   */
  personalVariant?: (pathname: string) => string;
  /** Cache-Control of the shared variant (default `public, s-maxage=300, stale-while-revalidate=3300`). */
  sharedCacheControl?: string;
  /**
   * Paths the proxy only checks for broken percent-encoding and otherwise passes untouched,
   * like `/api/*` (e.g. static files your matcher sends here because their path holds `%`).
   */
  passThrough?: readonly (string | RegExp)[];
}

export const DEFAULT_SHARED_CACHE_CONTROL = "public, s-maxage=300, stale-while-revalidate=3300";

/**
 * A path with broken percent-encoding (`/api/cart/items/%E0%A4%A`) makes Next.js answer 500
 * while decoding route params; it is the client's error, so answer 400 here instead.
 */
function malformedPathResponse(pathname: string): NextResponse | null {
  if (!pathname.includes("%")) return null;
  try {
    decodeURIComponent(pathname);
    return null;
  } catch {
    const message = "The URL path is not valid percent-encoding.";
    const headers = { "Cache-Control": NO_STORE };
    return pathname.startsWith("/api/")
      ? NextResponse.json({ error: { code: "invalid_path", message } }, { status: 400, headers })
      : new NextResponse(message, { status: 400, headers: { ...headers, "Content-Type": "text/plain; charset=utf-8" } });
  }
}

/** The request's headers with one cookie replaced (or removed), for forwarding to the app. */
function withRequestCookie(request: NextRequest, name: string, value: string | null): Headers {
  const headers = new Headers(request.headers);
  const kept = (headers.get("cookie") ?? "")
    .split(/;\s*/)
    .filter((pair) => pair !== "" && !pair.startsWith(`${name}=`));
  if (value !== null) kept.push(`${name}=${value}`);
  if (kept.length > 0) headers.set("cookie", kept.join("; "));
  else headers.delete("cookie");
  return headers;
}

/** Passes the request on, forwarding changed headers only when there are any (the common case has none). */
function forward(headers: Headers | null, rewrite?: URL): NextResponse {
  const init = headers ? { request: { headers } } : undefined;
  return rewrite ? NextResponse.rewrite(rewrite, init) : NextResponse.next(init);
}

function matches(patterns: readonly (string | RegExp)[], pathname: string): boolean {
  return patterns.some((p) => (typeof p === "string" ? p === pathname : p.test(pathname)));
}

/**
 * The request edge: issue, renew or clear the session cookie and keep the plain cookies in
 * step with it. Never touches the database: everything it needs is in the sealed cookie
 * and the plain `items_in_cart` cookie.
 *
 * - Personal pages get a cookie on the first visit (`issue: "eager"`); API routes never
 *   get one here (route handlers resolve the session themselves; headless clients use the
 *   Cart-Token).
 * - A new or renewed cookie is forwarded on the request, so this request's `getSession()`
 *   sees the same session as the Set-Cookie.
 * - A response that sets any cookie is `private, no-store`, so no cache shares it.
 */
export function createProxyHandler(engine: () => SessionEngine, options: ProxyOptions = {}) {
  const sharedPages = options.sharedPages ?? [];
  const sharedCacheControl = options.sharedCacheControl ?? DEFAULT_SHARED_CACHE_CONTROL;
  const passThrough = options.passThrough ?? [];
  return async function proxy(request: NextRequest): Promise<NextResponse> {
    const { pathname } = request.nextUrl;
    const malformed = malformedPathResponse(pathname);
    if (malformed) return malformed;
    // Route handlers resolve the session themselves; an app's matcher may still send API
    // paths here (e.g. to catch broken percent-encoding), and they pass untouched.
    if (pathname.startsWith("/api/") || (passThrough.length > 0 && matches(passThrough, pathname))) return NextResponse.next();
    return engine().telemetry.run(SPAN.proxy, (scope) => decide(request, scope));
  };

  /** The cookie decision for a page request; `cartsession.proxy.decision` says which (docs/observability.md). */
  async function decide(request: NextRequest, scope: OperationScope | undefined): Promise<NextResponse> {
    const { pathname } = request.nextUrl;
    const { settings } = engine();
    const now = settings.clock.nowSeconds();
    const sent = readSentCookies(settings, (name) => request.cookies.get(name));
    const identity = sent.session ? await engine().identify({ cookie: sent.session }) : null;
    const valid = identity?.source === "cookie" ? identity.cookie : null;
    const rejected = identity?.rejected ?? false;

    const shared = sharedPages.length > 0 && matches(sharedPages, pathname);
    const personal = valid !== null && (valid.customerId !== null || sent.itemsInCart === "1");
    if (shared && !personal) {
      // The shared variant holds nothing personal and sets nothing; a cookie that failed to
      // unseal is simply not forwarded.
      const response = forward(rejected ? withRequestCookie(request, settings.cookieName, null) : null);
      response.headers.set("Cache-Control", sharedCacheControl);
      scope?.set("cartsession.proxy.decision", "shared");
      return response;
    }

    let cookie: SessionCookie | null = valid;
    let reseal = valid !== null && (identity?.renewed === true || !isSealedWithCurrentPassword(settings, sent.session ?? ""));
    if (!cookie && settings.issue === "eager") {
      cookie = newGuestCookie(settings, newGuestKey(), now);
      reseal = true;
    }
    let sealed: string | null = null;
    let forwarded: Headers | null = null;
    if (cookie && reseal) {
      sealed = await engine().seal(cookie);
      forwarded = withRequestCookie(request, settings.cookieName, sealed);
    } else if (!cookie && rejected) {
      forwarded = withRequestCookie(request, settings.cookieName, null);
    }

    const rewrite = shared && options.personalVariant ? new URL(`${options.personalVariant(pathname)}${request.nextUrl.search}`, request.url) : undefined;
    const response = forward(forwarded, rewrite);
    if (cookie && sealed !== null) response.cookies.set(settings.cookieName, sealed, sessionCookieOptions(settings, cookie, now));
    else if (!cookie && rejected) expireSessionCookie(response.cookies, settings);
    // A session issued here is new, so its cart is known to be empty; otherwise the proxy
    // cannot know the cart (it never queries) and leaves the cart cookies to the handlers.
    const cart = valid === null ? { items: 0, cartHash: "" } : null;
    writeStateCookies(response.cookies, settings, sent, cookie, cart, now, sealed !== null && identity?.renewed === true);
    if (response.headers.has("set-cookie")) response.headers.set("Cache-Control", NO_STORE);
    if (scope) {
      const decision = sealed !== null ? (valid === null ? "issue" : identity?.renewed ? "renew" : "reseal") : cookie ? "keep" : rejected ? "clear" : "none";
      scope.set("cartsession.proxy.decision", decision);
      if (rewrite) scope.set("cartsession.proxy.personal_variant", true);
    }
    return response;
  }
}
