import { NextResponse, type NextRequest } from "next/server";
import { systemClock, type Clock } from "./clock";
import { getConfig, type SessionConfig } from "./config";
import { isSealedWithCurrentPassword, sealSessionCookie, sessionCookieAttributes, type SessionCookie } from "./cookie";
import { expireSessionCookie, readStateCookies, writeStateCookies } from "./cookie-writer";
import { resolveIdentity } from "./identity";

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

  const identity = await resolveIdentity(config, now, { cookie: sent });
  let cookie: SessionCookie | null = identity.source === "cookie" ? identity.cookie : null;
  let reseal = cookie !== null && (identity.renewed || !isSealedWithCurrentPassword(config, identity.sealed ?? ""));
  if (!cookie && config.issue === "eager" && !isApi) {
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

  const response = NextResponse.next({ request: { headers: requestHeaders } });
  if (cookie && sealed !== null) {
    response.cookies.set(config.cookieName, sealed, sessionCookieAttributes(config, cookie, now));
  } else if (!cookie && identity.rejected) {
    expireSessionCookie(response.cookies, config);
  }
  writeStateCookies(response.cookies, config, readStateCookies(config, (name) => request.cookies.get(name)), cookie, now);
  return response;
}
