import type { SessionCookie } from "cartsession";
import { UNVERIFIED_ADDRESS } from "cartsession/next";
import { users } from "../shop";
import { sessions, onLogin, onLogout } from "../sessions";
import { shopConfig } from "../shop-config";
import { authenticate } from "./authenticate";
import { accountBucketKey, admitLoginAttempt, LOGIN_ACCOUNT_BUCKET } from "./login-limits";
import { hashPassword, needsRehash } from "./password";
import { normalizeEmail, type User } from "./users";

/**
 * The demo's login: throttle (./login-limits.ts), check the password, then hand the session side to the
 * engine (`onLogin` moves the guest session to the customer). Null when the credentials
 * are wrong; a `rate_limited` SessionError (429 with Retry-After) past the limits.
 */
export async function logIn(email: string, password: string, clientAddress: string | null): Promise<{ user: User; cookie: SessionCookie } | null> {
  const normalized = normalizeEmail(email);
  const address = clientAddress ?? UNVERIFIED_ADDRESS;
  const config = shopConfig();
  await admitLoginAttempt(sessions.rateLimit, { perAddress: config.loginPerAddress, perAccount: config.loginPerAccount }, normalized, address);
  const user = await authenticate(users, normalized, password);
  if (!user) return null;
  await sessions.clearRateLimit(LOGIN_ACCOUNT_BUCKET, accountBucketKey(normalized, address));
  if (needsRehash(user.passwordHash)) await users.updatePasswordHash(user.id, await hashPassword(password));
  return { user, cookie: await onLogin(user.id) };
}

/** Ends this login for good; the visitor continues as a new guest with an empty cart. */
export async function logOut(options: { everywhere?: boolean } = {}): Promise<SessionCookie> {
  return onLogout(options);
}
