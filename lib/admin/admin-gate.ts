import type { NextRequest } from "next/server";
import { demoDatabase } from "../../db";
import { sessions } from "../sessions";

const ADMIN_PATH = /^\/admin(?:\/|$)/;

/**
 * Whether a page request may reach the admin. The proxy asks before rendering, so everyone
 * else gets the store's real 404 (the same page, status and headers as any unknown
 * address), also without JavaScript: a `notFound()` thrown by the admin layout would be
 * streamed in by script instead. The layout and every action still check again.
 */
export async function mayOpenAdmin(request: NextRequest): Promise<boolean> {
  const engine = sessions.engine();
  const identity = await engine.identify({ cookie: request.cookies.get(engine.settings.cookieName)?.value });
  if (identity.cookie.customerId === null) return false;
  try {
    const session = await engine.open(identity.cookie, { writable: false });
    if (session.isGuest()) return false;
    const user = await (await demoDatabase()).users.findById(session.getCustomerId());
    return user?.role === "admin";
  } catch {
    // An outage: let the page answer it (503), as for everyone.
    return true;
  }
}

export const isAdminPath = (pathname: string): boolean => ADMIN_PATH.test(pathname);
