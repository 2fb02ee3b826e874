import { SessionError, type SessionCookie } from "cartsession";
import { users } from "../shop";
import { sessions, onLogin, onLogout } from "../sessions";
import { shopConfig } from "../shop-config";
import { authenticate } from "./authenticate";
import { hashPassword, needsRehash } from "./password";
import { normalizeEmail, type User } from "./users";

/**
 * Login attempts are counted in the session store (so the limits hold across instances)
 * before any password is hashed: per client address against spraying, per account against
 * guessing one password. A success clears the account's count.
 */
async function admitLoginAttempt(email: string, clientAddress: string | null): Promise<void> {
  const config = shopConfig();
  const checks = [
    clientAddress === null ? null : sessions.rateLimit("login-ip", clientAddress, config.loginPerAddress),
    sessions.rateLimit("login-account", email, config.loginPerAccount),
  ];
  for (const result of await Promise.all(checks)) {
    if (result && !result.allowed) {
      const minutes = Math.ceil(result.retryAfter / 60);
      throw new SessionError("rate_limited", `Too many login attempts. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`, { retryAfter: result.retryAfter });
    }
  }
}

/**
 * The demo's login: throttle, check the password, then hand the session side to the
 * engine (`onLogin` moves the guest session to the customer). Null when the credentials
 * are wrong; a `rate_limited` SessionError (429 with Retry-After) past the limits.
 */
export async function logIn(email: string, password: string, clientAddress: string | null): Promise<{ user: User; cookie: SessionCookie } | null> {
  const normalized = normalizeEmail(email);
  await admitLoginAttempt(normalized, clientAddress);
  const user = await authenticate(users, normalized, password);
  if (!user) return null;
  await sessions.clearRateLimit("login-account", normalized);
  if (needsRehash(user.passwordHash)) await users.updatePasswordHash(user.id, await hashPassword(password));
  return { user, cookie: await onLogin(user.id) };
}

/** Ends this login for good; the visitor continues as a new guest with an empty cart. */
export async function logOut(options: { everywhere?: boolean } = {}): Promise<SessionCookie> {
  return onLogout(options);
}
