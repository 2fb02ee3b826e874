import { NextResponse, type NextRequest } from "next/server";
import { systemClock, type Clock } from "./clock";
import { getConfig, type SessionConfig } from "./config";
import { isSealedWithCurrentPassword, sealSessionCookie, sessionCookieAttributes, type SessionCookie } from "./cookie";
import { expireSessionCookie, readStateCookies, writeStateCookies } from "./cookie-writer";
import { resolveIdentity } from "./identity";
import { isGuestKey } from "./keys";

/**
 * Catalog pages shared by caches: `/` and `/products/<id>`. A visitor with items in the cart
 * or logged in is rewritten to the personal `/live` variant (the same rule CDN rules apply
 * with the `items_in_cart` and `logged_in_<hash>` cookies), and nobody is issued a cookie
 * here, so the shared variant never carries Set-Cookie.
 */
const SHARED_CATALOG_PATH = /^\/(?:products\/[^/]+\/?)?$/;
export const LIVE_PREFIX = "/live";
export const SHARED_CACHE_CONTROL = "public, s-maxage=300, stale-while-revalidate=3300";

/**
 * A path with broken percent-encoding (`/api/cart/items/%E0%A4%A`) makes Next.js answer 500
 * while decoding route params; it is the client's error, so answer 400 here instead.
 */
function malformedPathResponse(request: NextRequest, isApi: boolean): NextResponse | null {
  try {
    decodeURIComponent(request.nextUrl.pathname);
    return null;
  } catch {
    const message = "The URL path is not valid percent-encoding.";
    return isApi
      ? NextResponse.json({ error: { code: "invalid_path", message } }, { status: 400, headers: { "Cache-Control": "private, no-store" } })
      : new NextResponse(message, { status: 400, headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "private, no-store" } });
  }
}

/** Replaces (or removes) one cookie in a request's Cookie header. */
function withRequestCookie(headers: Headers, name: string, value: string | null): void {
  const kept = (headers.get("cookie") ?? "")
    .split(/;\s*/)
    .filter((pair) => pair !== "" && !pair.startsWith(`${name}=`));
  if (value !== null) kept.push(`${name}=${value}`);
  if (kept.length > 0) headers.set("cookie", kept.join("; "));
  else headers.delete("cookie");
}

/**
 * The request edge: issue, renew or clear the session cookie and keep the cart cookies in
 * step with it. Never touches the database: everything it needs is in the sealed cookie.
 *
 * - Page routes get a cookie on the first visit (SESSION_ISSUE=eager); API routes never get
 *   one here (headless clients use Cart-Token; the first write issues it when needed).
 * - A new or renewed cookie is forwarded on the request, so this request's getSession()
 *   sees the same customer id as the Set-Cookie.
 * - A visitor with a valid, current cookie and matching cart cookies gets no Set-Cookie at
 *   all, which keeps cacheable pages cacheable.
 */
export async function handleSessionProxy(
  request: NextRequest,
  options: { config?: SessionConfig; clock?: Clock } = {},
): Promise<NextResponse> {
  const config = options.config ?? getConfig();
  const now = (options.clock ?? systemClock).nowSeconds();
  const isApi = request.nextUrl.pathname.startsWith("/api/");
  const malformed = malformedPathResponse(request, isApi);
  if (malformed) return malformed;
  const sent = request.cookies.get(config.cookieName)?.value;

  const shared = SHARED_CATALOG_PATH.test(request.nextUrl.pathname);

  const identity = await resolveIdentity(config, now, { cookie: sent });
  let cookie: SessionCookie | null = identity.source === "cookie" ? identity.cookie : null;
  let reseal = cookie !== null && (identity.renewed || !isSealedWithCurrentPassword(config, identity.sealed ?? ""));
  if (!cookie && config.issue === "eager" && !isApi && !shared) {
    cookie = identity.cookie;
    reseal = true;
  }

  const requestHeaders = new Headers(request.headers);
  let sealed: string | null = null;
  if (cookie && reseal) {
    sealed = await sealSessionCookie(config, cookie, now);
    withRequestCookie(requestHeaders, config.cookieName, sealed);
  } else if (!cookie && identity.rejected) {
    withRequestCookie(requestHeaders, config.cookieName, null);
  }

  const personal = cookie !== null && (cookie.items > 0 || !isGuestKey(cookie.customerId));
  const response =
    shared && personal
      ? NextResponse.rewrite(new URL(`${LIVE_PREFIX}${request.nextUrl.pathname === "/" ? "" : request.nextUrl.pathname}${request.nextUrl.search}`, request.url), {
          request: { headers: requestHeaders },
        })
      : NextResponse.next({ request: { headers: requestHeaders } });
  if (shared && !personal) {
    // The shared variant: say "public" outright (Next.js sends s-maxage alone); the page's
    // revalidate (300 s) and next.config's expireTime (1 h) give the same figures.
    response.headers.set("Cache-Control", SHARED_CACHE_CONTROL);
  }
  if (cookie && sealed !== null) {
    response.cookies.set(config.cookieName, sealed, sessionCookieAttributes(config, cookie, now));
  } else if (!cookie && identity.rejected) {
    expireSessionCookie(response.cookies, config);
  }
  writeStateCookies(response.cookies, config, readStateCookies(config, (name) => request.cookies.get(name)), cookie, now);
  return response;
}
