import { systemClock } from "cartsession";
import { demoDatabase } from "../../db";
import { sessions } from "../sessions";
import { shopConfig } from "../shop-config";
import { adminStore } from "./admin-store";
import { createRestoreLink, findAbandonedCarts, type AbandonedCart } from "./abandoned";

/** One page of abandoned carts under the configured window, each with a fresh single-use restore link, and the true total. */
export async function abandonedCartsWithLinks(limit: number, offset = 0): Promise<{ carts: (AbandonedCart & { restoreUrl: string })[]; total: number }> {
  const { settings } = sessions.engine();
  const [store, db] = await Promise.all([adminStore(), demoDatabase()]);
  const now = systemClock.nowSeconds();
  const { carts, total } = await findAbandonedCarts({
    store,
    codec: settings.codec,
    cartKey: settings.cartKey,
    catalog: db.catalog,
    now,
    windowMinutes: shopConfig().abandonedCartMinutes,
    limit,
    offset,
  });
  const withLinks = await Promise.all(carts.map(async (cart) => ({ ...cart, restoreUrl: await createRestoreLink(db.restoreTokens, cart, settings.siteUrl, now) })));
  return { carts: withLinks, total };
}
