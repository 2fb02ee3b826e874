import { createHmac } from "node:crypto";
import { SessionError } from "./errors.js";
import type { RateLimitRule } from "./options.js";
import { supports, type SessionStore } from "./store/port.js";

/** The outcome of one counted attempt. */
export interface RateLimitResult {
  allowed: boolean;
  /** Attempts in the current window, this one included. */
  count: number;
  limit: number;
  /** Seconds until the window ends (0 when allowed). */
  retryAfter: number;
}

const NAME = /^[a-z][a-z0-9_-]{0,23}$/;

/**
 * The stored bucket for `name` + `key`: the key (an address, an email) is keyed-hashed with
 * the first secret, so the store never holds it and nobody can precompute buckets.
 */
export function bucketFor(secret: string, name: string, key: string): string {
  if (!NAME.test(name)) throw new TypeError(`rate limit name must match ${NAME}; got "${name}"`);
  return `${name}:${createHmac("sha256", secret).update(key, "utf8").digest("hex").slice(0, 32)}`;
}

/**
 * Counts one attempt against `rule`. A store without the `rateLimit` capability allows
 * everything (there is nothing shared to count in), which `supports(store, "rateLimit")`
 * tells an app that must not run without limits.
 */
export async function countAttempt(store: SessionStore, secret: string, name: string, key: string, rule: RateLimitRule, now: number): Promise<RateLimitResult> {
  if (!supports(store, "rateLimit")) return { allowed: true, count: 0, limit: rule.limit, retryAfter: 0 };
  const { count, resetAt } = await store.hit(bucketFor(secret, name, key), rule.windowSeconds, now);
  const allowed = count <= rule.limit;
  return { allowed, count, limit: rule.limit, retryAfter: allowed ? 0 : Math.max(1, resetAt - now) };
}

/** Forgets `name` + `key` (e.g. an account's failed logins once one succeeds). */
export async function clearAttempts(store: SessionStore, secret: string, name: string, key: string): Promise<void> {
  if (supports(store, "rateLimit")) await store.clearHits(bucketFor(secret, name, key));
}

export function rateLimited(result: RateLimitResult, message: string): SessionError {
  return new SessionError("rate_limited", message, { retryAfter: result.retryAfter });
}
