import { restoreLinks } from "../restore-links";
import { adminContext } from "./admin-store";
import { abandonedFilter, listAbandonedCarts, withRestoreLinks, type LinkedCart } from "./abandoned";

/**
 * One page (1-based) of the abandoned carts under the configured window, each with its one
 * restore link (made on first request, the same link on every later one while it lives),
 * and the true total, so a caller can tell there is more. A page past the end is empty.
 */
export async function abandonedCartsWithLinks(page: number, perPage: number): Promise<{ carts: LinkedCart[]; total: number }> {
  const [{ store, decode, catalog, now, config, emails }, links] = await Promise.all([adminContext(), restoreLinks()]);
  const filter = abandonedFilter({ now, windowMinutes: config.abandonedCartMinutes });
  const [total, carts] = await Promise.all([store.countSessions(filter), listAbandonedCarts({ store, decode, catalog, emails }, filter, { limit: perPage, offset: (page - 1) * perPage })]);
  return { carts: await withRestoreLinks(links, carts, now), total };
}
