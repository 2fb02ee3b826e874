import { demoDatabase } from "../../db";
import { adminContext } from "./admin-store";
import { abandonedFilter, createRestoreLink, listAbandonedCarts, type AbandonedCart } from "./abandoned";

/**
 * One page (1-based) of the abandoned carts under the configured window, each with a fresh
 * single-use restore link, and the true total, so a caller can tell there is more. A page
 * past the end is empty.
 */
export async function abandonedCartsWithLinks(page: number, perPage: number): Promise<{ carts: (AbandonedCart & { restoreUrl: string })[]; total: number }> {
  const [{ store, codec, catalog, siteUrl, now, config }, db] = await Promise.all([adminContext(), demoDatabase()]);
  const filter = abandonedFilter({ now, windowMinutes: config.abandonedCartMinutes });
  const [total, carts] = await Promise.all([store.countSessions(filter), listAbandonedCarts({ store, codec, catalog }, filter, { limit: perPage, offset: (page - 1) * perPage })]);
  return {
    carts: await Promise.all(carts.map(async (cart) => ({ ...cart, restoreUrl: await createRestoreLink(db.restoreTokens, cart, siteUrl, now) }))),
    total,
  };
}
