import type { NextRequest } from "next/server";
import { handleSessionProxy } from "./lib/session/proxy-handler";

export function proxy(request: NextRequest) {
  return handleSessionProxy(request);
}

export const config = {
  // Pages and the session-aware API; never static assets, the cron route or health checks,
  // which must not create sessions.
  matcher: ["/((?!_next/static|_next/image|favicon\\.ico|api/cron|api/health|.*\\.(?:svg|png|jpg|jpeg|gif|webp|ico|css|js|map|txt|woff2?)$).*)"],
};
