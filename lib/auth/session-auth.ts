import type { SessionCookie } from "cartsession";
import { demoDatabase } from "../../db";
import { onLogin, onLogout } from "../sessions";
import { authenticate } from "./authenticate";
import type { User } from "./users";

/**
 * The demo's login: check the password, then hand the session side to the engine
 * (`onLogin` moves the guest session to the customer). Null when the credentials are wrong.
 */
export async function logIn(email: string, password: string): Promise<{ user: User; cookie: SessionCookie } | null> {
  const user = await authenticate((await demoDatabase()).users, email, password);
  if (!user) return null;
  return { user, cookie: await onLogin(user.id) };
}

/** Ends this login for good; the visitor continues as a new guest with an empty cart. */
export async function logOut(options: { everywhere?: boolean } = {}): Promise<SessionCookie> {
  return onLogout(options);
}
