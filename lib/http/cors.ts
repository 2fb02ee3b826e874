import { CART_TOKEN_HEADER } from "cartsession/next";
import { shopConfig } from "../shop-config";

/*
 * A storefront on another origin (a headless front end) may call the cart API with its
 * Cart-Token, when its origin is listed in CART_API_ALLOWED_ORIGINS (none by default).
 * Never with credentials: the session cookie stays first-party (SameSite=Lax), so another
 * origin can only ever act on the cart whose token it holds.
 */

const ALLOWED_METHODS = "GET, POST, PATCH, DELETE";
const ALLOWED_HEADERS = `Content-Type, ${CART_TOKEN_HEADER}, Idempotency-Key`;

function allowedOrigin(request: Request): string | null {
  const origin = request.headers.get("origin");
  return origin !== null && shopConfig().cartApiOrigins.includes(origin) ? origin : null;
}

/** The CORS headers for an actual request: the origin echoed if allowed, and the Cart-Token exposed. */
export function corsHeaders(request: Request): Record<string, string> {
  const origin = allowedOrigin(request);
  return origin === null ? {} : { "Access-Control-Allow-Origin": origin, "Access-Control-Expose-Headers": CART_TOKEN_HEADER, Vary: "Origin" };
}

/** `response` with the CORS headers for `request` added (every cart API answer, errors included). */
export function withCors(request: Request, response: Response): Response {
  for (const [name, value] of Object.entries(corsHeaders(request))) response.headers.set(name, value);
  return response;
}

/** `OPTIONS`: the preflight. An origin that is not allowed gets no CORS headers, so the browser refuses. */
export async function cartApiPreflight(request: Request): Promise<Response> {
  const origin = allowedOrigin(request);
  const headers: Record<string, string> = { Allow: `${ALLOWED_METHODS}, OPTIONS`, "Cache-Control": "private, no-store", Vary: "Origin" };
  if (origin !== null) {
    Object.assign(headers, {
      "Access-Control-Allow-Origin": origin,
      "Access-Control-Allow-Methods": ALLOWED_METHODS,
      "Access-Control-Allow-Headers": ALLOWED_HEADERS,
      "Access-Control-Max-Age": "600",
    });
  }
  return new Response(null, { status: 204, headers });
}
