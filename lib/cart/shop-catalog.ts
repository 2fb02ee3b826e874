import { SessionError } from "cartsession";
import { demoDatabase } from "../../db";
import type { Catalog } from "./catalog";

/**
 * The demo catalog, in the same database as the sessions. A database that cannot be opened
 * is reported like the session store's outages (503 with Retry-After).
 */
export async function shopCatalog(): Promise<Catalog> {
  try {
    return (await demoDatabase()).catalog;
  } catch (error) {
    if (error instanceof SessionError) throw error;
    throw new SessionError("store_unavailable", "The catalog is unavailable; please retry shortly.", { cause: error });
  }
}
