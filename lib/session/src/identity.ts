import { newGuestCookie, rememberSeal, renewIfDue, unsealSessionCookie, type SessionCookie } from "./cookie.js";
import { newGuestKey } from "./keys.js";
import type { EngineSettings } from "./options.js";

export type IdentitySource = "cookie" | "cart-token" | "new";

export interface ResolvedIdentity {
  /** Who this request is: already renewed when past its threshold. */
  cookie: SessionCookie;
  source: IdentitySource;
  /** The valid cookie or token as the client sent it (before any renewal). */
  sent: SessionCookie | null;
  /** The client sent a session cookie that could not be used (forged, expired, malformed). */
  rejected: boolean;
  /** The cookie passed its renewal threshold and was extended just now. */
  renewed: boolean;
}

/**
 * Who is this visitor? A valid sealed cookie wins; otherwise a valid Cart-Token (headless
 * clients); otherwise a new guest. Forged or expired values silently become a new guest.
 * Whether the session the cookie names may still be reached (logout revokes logins) is
 * decided when it is opened, against the row.
 */
export async function resolveIdentity(
  settings: EngineSettings,
  now: number,
  input: { cookie?: string | undefined; cartToken?: string | null | undefined },
): Promise<ResolvedIdentity> {
  let cookie: SessionCookie | null = null;
  let source: IdentitySource = "new";
  if (input.cookie) {
    cookie = await unsealSessionCookie(settings, input.cookie, now);
    if (cookie) source = "cookie";
  }
  if (!cookie && input.cartToken) {
    const token = await unsealSessionCookie(settings, input.cartToken, now);
    // A headless client may keep sending its first token after later writes stored data,
    // so a token never vouches that nothing is stored: the session is always read.
    if (token) {
      source = "cart-token";
      cookie = token.persisted ? token : { ...token, persisted: true };
      // Clients keep the token they were given: answer with the same one, sealed once.
      rememberSeal(settings, cookie, input.cartToken);
    }
  }
  const rejected = Boolean(input.cookie) && source !== "cookie";
  if (!cookie) {
    return { cookie: newGuestCookie(settings, newGuestKey(), now), source: "new", sent: null, rejected, renewed: false };
  }
  const renewed = renewIfDue(settings, cookie, now);
  return { cookie: renewed ?? cookie, source, sent: cookie, rejected, renewed: renewed !== null };
}
