import { catalog } from "../shop";
import type { Catalog } from "./catalog";

/**
 * The demo catalog (lib/shop). A database that cannot be reached is reported like the
 * session store's outages (503 with Retry-After), at the first lookup.
 */
export async function shopCatalog(): Promise<Catalog> {
  return catalog;
}
