import { NextResponse, type NextRequest } from "next/server";
import { isAdminPath, mayOpenAdmin } from "./lib/admin/admin-gate";
import { sessions } from "./lib/sessions";

/** `npm run bench` measures an empty proxy on this path, in the same server as ours (a 404 unless benchmarking). */
const EMPTY_PROXY_BENCH_PATH = "/bench/empty-proxy";
/** The demo's forms are small (next.config.mjs caps Server Action bodies at 64 KiB too). */
const MAX_BODY_BYTES = 64 * 1024;
const HSTS = "max-age=63072000; includeSubDomains";

export async function proxy(request: NextRequest) {
  // A declared oversized body is refused before anything reads it.
  if (Number(request.headers.get("content-length") ?? 0) > MAX_BODY_BYTES) {
    return new NextResponse("Request body too large.", { status: 413, headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "private, no-store", Connection: "close" } });
  }
  if (request.nextUrl.pathname === EMPTY_PROXY_BENCH_PATH) return NextResponse.next();
  // Anyone but an admin gets the ordinary 404 of an unknown address (lib/admin/admin-gate.ts).
  if (isAdminPath(request.nextUrl.pathname) && !(await mayOpenAdmin(request))) {
    return NextResponse.rewrite(new URL("/_no-such-page", request.url));
  }
  const response = await sessions.proxy(request);
  // Known at run time from SITE_URL, unlike next.config.mjs headers (fixed at build).
  if (sessions.engine().settings.secure) response.headers.set("Strict-Transport-Security", HSTS);
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
