import { SessionError, type RateLimitRule } from "cartsession";
import type { RateLimitResult } from "cartsession/next";

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
 *    never refused because of them. A success clears that bucket (`accountBucketKey`).
 */
export interface LoginLimits {
  perAddress: RateLimitRule;
  perAccount: RateLimitRule;
}

/** `sessions.rateLimit` (or an engine's): counts one attempt of `name` by `key`. */
export type RateLimiter = (name: string, key: string, rule: RateLimitRule) => Promise<RateLimitResult>;

export const LOGIN_ADDRESS_BUCKET = "login-ip";
export const LOGIN_ACCOUNT_BUCKET = "login-account";

/** The account bucket's key: the account as tried from one address (never the account alone). */
export function accountBucketKey(email: string, address: string): string {
  return `${email}\n${address}`;
}

function refusal(retryAfter: number): SessionError {
  const minutes = Math.ceil(retryAfter / 60);
  return new SessionError("rate_limited", `Too many login attempts. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`, { retryAfter });
}

/** Counts one login attempt; throws `rate_limited` (429 with Retry-After) past either limit. */
export async function admitLoginAttempt(rateLimit: RateLimiter, limits: LoginLimits, email: string, address: string): Promise<void> {
  const perAddress = await rateLimit(LOGIN_ADDRESS_BUCKET, address, limits.perAddress);
  if (!perAddress.allowed) throw refusal(perAddress.retryAfter);
  const perAccount = await rateLimit(LOGIN_ACCOUNT_BUCKET, accountBucketKey(email, address), limits.perAccount);
  if (!perAccount.allowed) throw refusal(perAccount.retryAfter);
}
