import { sessions } from "../sessions";
import { restoreTokens } from "../shop";
import { shopConfig } from "../shop-config";
import { RestoreLinks } from "./links";

export { RESTORE_FAILED_PATH, RESTORE_LINK_SECONDS, RESTORE_PATH, RestoreLinks, type ConsumedLink, type LinkableCart, type OpenedLink, type RestoreLink } from "./links";
export { isRestoreToken } from "./token";

/** The engine's key purpose for restore links (a new purpose would orphan every link). */
export const RESTORE_LINKS_KEY_PURPOSE = "restore-links";

/**
 * The demo's restore links, on its database (lib/shop), with keys the engine derives from
 * SESSION_SECRET for this purpose (tokens and sealed payloads) and the shop's SITE_URL.
 */
export async function restoreLinks(): Promise<RestoreLinks> {
  return new RestoreLinks({ tokens: restoreTokens, keys: sessions.deriveKeys(RESTORE_LINKS_KEY_PURPOSE), siteUrl: shopConfig().siteUrl });
}
