import { NextResponse, type NextRequest } from "next/server";
import { isAdminPath, mayOpenAdmin } from "./lib/admin/admin-gate";
import { isProductId } from "./lib/cart/catalog";
import { shopCatalog } from "./lib/cart/shop-catalog";
import { MAX_PAGE_BODY_BYTES } from "./lib/http/limits";
import { fromAnotherSite } from "./lib/http/origin";
import { sessions } from "./lib/sessions";
import { shopConfig } from "./lib/shop-config";

const MAX_BODY_BYTES = MAX_PAGE_BODY_BYTES;
const HSTS = "max-age=63072000; includeSubDomains";

/** What a page answers: reading it, and its forms (Server Actions post to the page's own path). */
const PAGE_METHODS = new Set(["GET", "HEAD", "POST"]);

/**
 * The body guard of pages and Server Actions (route handlers read theirs through
 * lib/http/body.ts): a body must declare its length (a chunked body is never a browser's
 * form), at most MAX_BODY_BYTES. Next.js reads a page request's body to its end before
 * this proxy runs, so on `next start` lib/http/server-hooks.ts applies the same rule first
 * and answers at once; this check holds where no such hook runs.
 */
function bodyRefusal(request: NextRequest): string | null {
  const length = request.headers.get("content-length");
  if (length !== null) return Number(length) > MAX_BODY_BYTES ? "Request body too large." : null;
  const chunked = request.headers.get("transfer-encoding") !== null || (request.method !== "GET" && request.method !== "HEAD" && request.body !== null);
  return chunked ? "Request body too large (a form's body must declare its length, at most 64 KiB)." : null;
}

/** Whether the catalog has the product (the shop catalog is read at most once a minute, so no query per view). */
async function isKnownProduct(id: string): Promise<boolean> {
  return (await (await shopCatalog()).get(id)) !== null;
}

/**
 * `/products/<unknown>` is a 404 for everyone: a shopper with a cart or a login would get the
 * personal variant (a 200 with "not found", see app/(store)/live/products), so an unknown
 * product skips it and gets the shared page's 404. In an outage the catalog cannot tell:
 * the request goes on as usual.
 */
async function unknownProductPage(pathname: string): Promise<boolean> {
  const match = /^\/products\/([^/]+)\/?$/.exec(pathname);
  if (!match) return false;
  const id = match[1] ?? "";
  // Percent-encoded paths are sessions.proxy's to check (broken encoding answers 400 there).
  if (id.includes("%")) return false;
  if (!isProductId(id)) return true;
  return !(await isKnownProduct(id).catch(() => true));
}

const plain = (status: number, text: string, extra: Record<string, string> = {}) =>
  new NextResponse(text, { status, headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "private, no-store", ...extra } });

export async function proxy(request: NextRequest) {
  const api = request.nextUrl.pathname.startsWith("/api/");
  // Pages answer GET, HEAD and POST only (Next.js would render the page for DELETE /cart).
  if (!api && !PAGE_METHODS.has(request.method)) return plain(405, "This address answers GET, HEAD and POST only.", { Allow: "GET, HEAD, POST" });
  // An oversized or undeclared body is refused before anything reads it.
  const refusal = bodyRefusal(request);
  // No `Connection: close`: lib/http/server-hooks.ts closes after a short linger instead.
  if (refusal !== null) return plain(413, refusal);
  if (request.method === "POST" && fromAnotherSite(request.headers, shopConfig().siteUrl)) {
    return plain(403, "Forms of this shop can only be sent from its own pages.");
  }
  // Bench builds only (next.config.mjs inlines "" elsewhere, so this line is compiled out):
  // `npm run bench` measures an empty proxy here, in the same server as ours.
  if (process.env.CARTSESSION_BENCH_BUILD === "1" && request.nextUrl.pathname === "/bench/empty-proxy") return NextResponse.next({ headers: { "x-bench-proxy": "empty" } });
  // Anyone but an admin gets the ordinary 404 of an unknown address (lib/admin/admin-gate.ts).
  if (isAdminPath(request.nextUrl.pathname) && !(await mayOpenAdmin(request))) {
    return NextResponse.rewrite(new URL("/_no-such-page", request.url));
  }
  const response = (await unknownProductPage(request.nextUrl.pathname)) ? NextResponse.next() : await sessions.proxy(request);
  // Known at run time from SITE_URL, unlike next.config.mjs headers (fixed at build).
  if (shopConfig().secure) response.headers.set("Strict-Transport-Security", HSTS);
  return response;
}

export const config = {
  // Pages only. Route handlers resolve the session themselves, so the API pays no proxy;
  // static files and images never need a session.
  matcher: [
    "/((?!api/|_next/static|_next/image|favicon\\.ico|icon\\.svg|products/images/|.*\\.(?:svg|png|jpg|jpeg|gif|webp|ico|css|js|map|txt|woff2?)$).*)",
    // Any percent-encoded path (API and static files included), so broken encoding gets a
    // 400 instead of Next's 500; sessions.proxy passes the valid ones through untouched.
    "/(.*%.*)",
  ],
};
