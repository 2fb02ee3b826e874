import type { SessionConfig } from "./config";
import { newSessionCookie, renewIfDue, unsealSessionCookie, type SessionCookie } from "./cookie";
import { generateGuestKey } from "./keys";

export type IdentitySource = "cookie" | "cart-token" | "new";

export interface ResolvedIdentity {
  cookie: SessionCookie;
  source: IdentitySource;
  /** The sealed value the browser sent, when it was valid. */
  sealed: string | undefined;
  /** The valid cookie as the browser sent it (before any renewal). */
  sent: SessionCookie | null;
  /** The browser sent a session cookie that could not be used (forged, expired, malformed). */
  rejected: boolean;
  /** The cookie passed its renewal threshold and was extended just now. */
  renewed: boolean;
}

/**
 * Who is this visitor? A valid sealed cookie wins; otherwise a valid Cart-Token (headless
 * clients); otherwise a new guest. Forged or expired values silently become a new guest.
 * The result is already renewed when past its threshold.
 */
export async function resolveIdentity(
  config: SessionConfig,
  now: number,
  input: { cookie: string | undefined; cartToken?: string | null | undefined },
): Promise<ResolvedIdentity> {
  let cookie: SessionCookie | null = null;
  let source: IdentitySource = "new";
  let sealed: string | undefined;
  if (input.cookie) {
    cookie = await unsealSessionCookie(config, input.cookie, now);
    if (cookie) {
      source = "cookie";
      sealed = input.cookie;
    }
  }
  if (!cookie && input.cartToken) {
    cookie = await unsealSessionCookie(config, input.cartToken, now);
    // A headless client may keep sending its first token after later writes stored data, so
    // a token never vouches that nothing is stored: the session is always read.
    if (cookie) {
      source = "cart-token";
      cookie = { ...cookie, persisted: true };
    }
  }
  const rejected = Boolean(input.cookie) && source !== "cookie";
  if (!cookie) {
    return { cookie: newSessionCookie(config, generateGuestKey(), now), source: "new", sealed: undefined, sent: null, rejected, renewed: false };
  }
  const renewed = renewIfDue(config, cookie, now);
  return {
    cookie: renewed ?? cookie,
    source,
    sealed,
    sent: source === "cookie" ? cookie : null,
    rejected,
    renewed: renewed !== null,
  };
}
