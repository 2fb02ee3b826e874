import { NextResponse, type NextRequest } from "next/server";
import { isAdminPath, mayOpenAdmin } from "./lib/admin/admin-gate";
import { sessions } from "./lib/sessions";
import { shopConfig } from "./lib/shop-config";

/** The demo's forms are small (next.config.mjs caps Server Action bodies at 64 KiB too). */
const MAX_BODY_BYTES = 64 * 1024;
const HSTS = "max-age=63072000; includeSubDomains";

/**
 * A form post to a page (a Server Action) from another site. Next.js refuses those itself
 * by comparing Origin with Host, but answers 500; this answers 403 first. The checks are
 * Next's (Origin's host against Host) plus SITE_URL's origin and Sec-Fetch-Site.
 */
function crossSitePost(request: NextRequest): boolean {
  if (request.method !== "POST") return false;
  const fetchSite = request.headers.get("sec-fetch-site");
  if (fetchSite === "cross-site" || fetchSite === "same-site") return true;
  const origin = request.headers.get("origin");
  if (origin === null) return false;
  if (origin === shopConfig().siteUrl) return false;
  try {
    return new URL(origin).host !== request.headers.get("host");
  } catch {
    return true; // "null" (a sandboxed or opaque origin) or garbage
  }
}

const plain = (status: number, text: string, extra: Record<string, string> = {}) =>
  new NextResponse(text, { status, headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "private, no-store", ...extra } });

export async function proxy(request: NextRequest) {
  // A declared oversized body is refused before anything reads it.
  if (Number(request.headers.get("content-length") ?? 0) > MAX_BODY_BYTES) return plain(413, "Request body too large.", { Connection: "close" });
  if (crossSitePost(request)) return plain(403, "Forms of this shop can only be sent from its own pages.");
  // Bench builds only (next.config.mjs inlines "" elsewhere, so this line is compiled out):
  // `npm run bench` measures an empty proxy here, in the same server as ours.
  if (process.env.CARTSESSION_BENCH_BUILD === "1" && request.nextUrl.pathname === "/bench/empty-proxy") return NextResponse.next({ headers: { "x-bench-proxy": "empty" } });
  // Anyone but an admin gets the ordinary 404 of an unknown address (lib/admin/admin-gate.ts).
  if (isAdminPath(request.nextUrl.pathname) && !(await mayOpenAdmin(request))) {
    return NextResponse.rewrite(new URL("/_no-such-page", request.url));
  }
  const response = await sessions.proxy(request);
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
