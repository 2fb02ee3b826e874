import { NextResponse, type NextRequest } from "next/server";
import { sessions } from "./lib/sessions";

// `npm run bench` measures the framework with an empty proxy: CARTSESSION_PROXY=off.
const proxyOff = process.env.CARTSESSION_BENCH === "1" && process.env.CARTSESSION_PROXY === "off";

export function proxy(request: NextRequest) {
  return proxyOff ? NextResponse.next() : sessions.proxy(request);
}

export const config = {
  // Pages only. Route handlers resolve the session themselves, so the API pays no proxy;
  // static files and images never need a session.
  matcher: [
    "/((?!api/|_next/static|_next/image|favicon\\.ico|icon\\.svg|products/images/|.*\\.(?:svg|png|jpg|jpeg|gif|webp|ico|css|js|map|txt|woff2?)$).*)",
    // Percent-encoded API paths only, so broken encoding gets a 400 instead of Next's 500.
    "/api/(.*%.*)",
  ],
};
