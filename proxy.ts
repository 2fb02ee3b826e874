import { NextResponse, type NextRequest } from "next/server";
import { handleSessionProxy } from "./lib/session/proxy-handler";

// `npm run bench` measures the framework with an empty proxy: CARTSESSION_PROXY=off.
const proxyOff = process.env.CARTSESSION_BENCH === "1" && process.env.CARTSESSION_PROXY === "off";

export function proxy(request: NextRequest) {
  if (proxyOff) return NextResponse.next();
  return handleSessionProxy(request);
}

export const config = {
  // Pages and the session-aware API; never static assets, the cron route or health checks,
  // which must not create sessions.
  matcher: ["/((?!_next/static|_next/image|favicon\\.ico|api/cron|api/health|.*\\.(?:svg|png|jpg|jpeg|gif|webp|ico|css|js|map|txt|woff2?)$).*)"],
};
