import { SessionError, type SessionCookie } from "cartsession";
import { UNVERIFIED_ADDRESS } from "cartsession/next";
import { demoDatabase } from "../../db";
import { sessions, onLogin, onLogout } from "../sessions";
import { shopConfig } from "../shop-config";
import { authenticate } from "./authenticate";
import { hashPassword, needsRehash } from "./password";
import { normalizeEmail, type User } from "./users";

/**
 * Login throttling that cannot be turned against the customer (SECURITY.md, "Login
 * throttling and OWASP"). Counted in the session store, so the limits hold across
 * instances, and before any password is hashed:
 *
 * 1. the client address first (`LOGIN_LIMIT_PER_ADDRESS`): a sprayer is stopped here, and a
 *    request refused here counts nothing else, so it writes no new row;
 * 2. then the account *from that address* (`LOGIN_LIMIT_PER_ACCOUNT`, keyed by email and
 *    address): a guesser is stopped on the account they guess, but their failures fill
 *    their own bucket only, so the owner, from any address not over its own limit, is
 *    never refused because of them. A success clears that bucket.
 */
async function admitLoginAttempt(email: string, clientAddress: string | null): Promise<void> {
  const config = shopConfig();
  const address = clientAddress ?? UNVERIFIED_ADDRESS;
  const refuse = (retryAfter: number) => {
    const minutes = Math.ceil(retryAfter / 60);
    return new SessionError("rate_limited", `Too many login attempts. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`, { retryAfter });
  };
  const perAddress = await sessions.rateLimit("login-ip", address, config.loginPerAddress);
  if (!perAddress.allowed) throw refuse(perAddress.retryAfter);
  const perAccount = await sessions.rateLimit("login-account", accountKey(email, address), config.loginPerAccount);
  if (!perAccount.allowed) throw refuse(perAccount.retryAfter);
}

/** The account bucket's key: the account as tried from one address (never the account alone). */
function accountKey(email: string, address: string): string {
  return `${email}\n${address}`;
}

/**
 * The demo's login: throttle, check the password, then hand the session side to the
 * engine (`onLogin` moves the guest session to the customer). Null when the credentials
 * are wrong; a `rate_limited` SessionError (429 with Retry-After) past the limits.
 */
export async function logIn(email: string, password: string, clientAddress: string | null): Promise<{ user: User; cookie: SessionCookie } | null> {
  const normalized = normalizeEmail(email);
  await admitLoginAttempt(normalized, clientAddress);
  const { users } = await demoDatabase();
  const user = await authenticate(users, normalized, password);
  if (!user) return null;
  await sessions.clearRateLimit("login-account", accountKey(normalized, clientAddress ?? UNVERIFIED_ADDRESS));
  if (needsRehash(user.passwordHash)) await users.updatePasswordHash(user.id, await hashPassword(password));
  return { user, cookie: await onLogin(user.id) };
}

/** Ends this login for good; the visitor continues as a new guest with an empty cart. */
export async function logOut(options: { everywhere?: boolean } = {}): Promise<SessionCookie> {
  return onLogout(options);
}
