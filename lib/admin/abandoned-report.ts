import { getCatalog, getSessionStore } from "../../db/client";
import { systemClock } from "../session/clock";
import { getConfig } from "../session/config";
import { codecFor } from "../session/encryption";
import { abandonedFilter, createRestoreLink, listAbandonedCarts, type AbandonedCart } from "./abandoned";


/**
 * One page (1-based) of the abandoned carts under the configured window, each with a fresh
 * single-use restore link, and the true total, so a caller can tell there is more. A page
 * past the end is empty.
 */
export async function abandonedCartsWithLinks(page: number, perPage: number): Promise<{ carts: (AbandonedCart & { restoreUrl: string })[]; total: number }> {
  const config = getConfig();
  const store = await getSessionStore(config);
  const now = systemClock.nowSeconds();
  const filter = abandonedFilter({ now, guestLifetime: config.guestExpiration, userLifetime: config.userExpiration, windowMinutes: config.abandonedCartMinutes });
  const [total, carts] = await Promise.all([
    store.countSessions(filter),
    listAbandonedCarts({ store, codec: codecFor(config), catalog: await getCatalog(config) }, filter, { limit: perPage, offset: (page - 1) * perPage }),
  ]);
  return {
    carts: await Promise.all(carts.map(async (cart) => ({ ...cart, restoreUrl: await createRestoreLink(store, cart, config.siteUrl, now) }))),
    total,
  };
}
