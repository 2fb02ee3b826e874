import { getCatalog, getSessionStore } from "../../db/client";
import { systemClock } from "../session/clock";
import { getConfig } from "../session/config";
import { codecFor } from "../session/encryption";
import { createRestoreLink, findAbandonedCarts, type AbandonedCart } from "./abandoned";

/** Abandoned carts under the configured window, each with a fresh single-use restore link. */
export async function abandonedCartsWithLinks(limit: number): Promise<(AbandonedCart & { restoreUrl: string })[]> {
  const config = getConfig();
  const store = await getSessionStore(config);
  const now = systemClock.nowSeconds();
  const { carts } = await findAbandonedCarts({
    store,
    codec: codecFor(config),
    catalog: await getCatalog(config),
    now,
    windowMinutes: config.abandonedCartMinutes,
    limit,
  });
  return Promise.all(carts.map(async (cart) => ({ ...cart, restoreUrl: await createRestoreLink(store, cart, config.siteUrl, now) })));
}
