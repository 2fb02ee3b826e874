import { demoDatabase } from "../../db";
import { sessions } from "../sessions";
import { RestoreLinks } from "./links";

export { RESTORE_FAILED_PATH, RESTORE_LINK_SECONDS, RESTORE_PATH, RestoreLinks, type ConsumedLink, type LinkableCart, type OpenedLink, type RestoreLink } from "./links";
export { isRestoreToken } from "./token";

/**
 * The demo's restore links, on its database, with the engine's codec (so SESSION_ENC_KEY
 * encrypts them too), SESSION_SECRET (tokens are derived from it) and SITE_URL.
 */
export async function restoreLinks(): Promise<RestoreLinks> {
  const { settings } = sessions.engine();
  return new RestoreLinks({ tokens: (await demoDatabase()).restoreTokens, codec: settings.codec, secrets: settings.passwords, siteUrl: settings.siteUrl });
}
