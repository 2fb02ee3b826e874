import { catalog } from "../shop";
import type { Catalog, Product } from "./catalog";

/**
 * How long a product lookup is reused, ms. The demo's catalog changes only when the
 * database is seeded or unseeded (`npm run demo`, `demo:unseed`, other processes), and its
 * pages are regenerated every five minutes anyway; the proxy reads the product ids once a
 * minute for the same reason.
 */
const PRODUCT_TTL_MS = 60_000;
/** Lookups kept at most (unknown ids are remembered too, so a flood of them stays bounded). */
const MAX_PRODUCTS = 1_000;

const products = new Map<string, { product: Product | null; until: number }>();

/**
 * The demo catalog (lib/shop), its lookups reused for a minute: every cart change looks its
 * product up (to refuse an unknown one) and prices the cart, so a write would otherwise
 * cost a query per line. A database that cannot be reached is reported like the session
 * store's outages (503 with Retry-After), at the first lookup that needs it.
 */
const cachedCatalog: Catalog = {
  list: () => catalog.list(),
  async get(id) {
    const now = Date.now();
    const hit = products.get(id);
    if (hit && hit.until > now) return hit.product;
    const product = await catalog.get(id);
    if (products.size >= MAX_PRODUCTS) products.clear();
    products.set(id, { product, until: now + PRODUCT_TTL_MS });
    return product;
  },
};

export async function shopCatalog(): Promise<Catalog> {
  return cachedCatalog;
}
