import { catalog } from "../shop";
import type { Catalog, Product } from "./catalog";

/**
 * How long the catalog is reused, ms. It changes only when the database is seeded or
 * unseeded (`npm run demo`, `demo:unseed`, other processes), and its pages are regenerated
 * every five minutes anyway.
 */
const CATALOG_TTL_MS = 60_000;

/** The products by id, in display order, read at most once a minute (one read shared by concurrent callers). */
let snapshot: { until: number; byId: Promise<Map<string, Product>> } | null = null;

function products(): Promise<Map<string, Product>> {
  const now = Date.now();
  if (snapshot === null || snapshot.until <= now) {
    const byId = catalog.list().then((list) => new Map(list.map((product) => [product.id, product])));
    const current = { until: now + CATALOG_TTL_MS, byId };
    snapshot = current;
    // A failed read (an outage) is not reused: the next lookup asks the database again.
    byId.catch(() => {
      if (snapshot === current) snapshot = null;
    });
  }
  return snapshot.byId;
}

/**
 * The demo catalog (lib/shop), read at most once a minute: every cart change looks its
 * product up (to refuse an unknown one) and prices the cart, and the proxy answers an
 * unknown product page's 404 from it, so neither costs a query per request. A database
 * that cannot be reached is reported like the session store's outages (503 with
 * Retry-After), at the first lookup that needs it.
 */
const cachedCatalog: Catalog = {
  list: async () => [...(await products()).values()],
  get: async (id) => (await products()).get(id) ?? null,
};

export async function shopCatalog(): Promise<Catalog> {
  return cachedCatalog;
}
