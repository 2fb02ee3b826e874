import type { NextRequest } from "next/server";
import { users } from "../shop";
import { sessions } from "../sessions";

const ADMIN_PATH = /^\/admin(?:\/|$)/;

/**
 * Whether a page request may reach the admin. The proxy asks before rendering, so everyone
 * else gets the store's real 404 (the same page, status and headers as any unknown
 * address), also without JavaScript: a `notFound()` thrown by the admin layout would be
 * streamed in by script instead. The layout and every action still check again.
 */
export async function mayOpenAdmin(request: NextRequest): Promise<boolean> {
  // No logged-in marker, no admin: a guest gets the 404 without a store call (also during
  // an outage). The marker is a plain cookie, so its presence proves nothing; the sealed
  // session below decides.
  if (!request.cookies.has(sessions.cookieNames().loggedIn)) return false;
  try {
    // The read-only session the request's cookie names (never creates or renews one).
    const session = await sessions.readSession(request);
    if (session.isGuest()) return false;
    const user = await users.findById(session.getCustomerId());
    return user?.role === "admin";
  } catch {
    // An outage: let the page answer it (503), as for everyone.
    return true;
  }
}

export const isAdminPath = (pathname: string): boolean => ADMIN_PATH.test(pathname);
