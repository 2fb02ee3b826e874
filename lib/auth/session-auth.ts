import { getUserStore } from "../../db/client";
import { getConfig } from "../session/config";
import { onLogin, onLogout, type SessionCookie } from "../session";
import { authenticate } from "./authenticate";
import type { User } from "./users";

/**
 * The demo's login: check the password, then hand the session side to the engine
 * (`onLogin` moves the guest session to the customer). Null when the credentials are wrong.
 */
export async function logIn(email: string, password: string): Promise<{ user: User; cookie: SessionCookie } | null> {
  const users = await getUserStore(getConfig());
  const user = await authenticate(users, email, password);
  if (!user) return null;
  return { user, cookie: await onLogin(user.id) };
}

/** Ends the customer's session; the visitor continues as a new guest with an empty cart. */
export async function logOut(): Promise<SessionCookie> {
  return onLogout();
}
