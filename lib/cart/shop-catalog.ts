import { getCatalog } from "../../db/client";
import { getConfig } from "../session/config";
import { SessionError } from "../session/errors";
import type { Catalog } from "./catalog";

/**
 * The catalog the app's configuration selects (the same database as the sessions). A
 * database that cannot be opened is reported like the session store's outages (503).
 */
export async function shopCatalog(): Promise<Catalog> {
  try {
    return await getCatalog(getConfig());
  } catch (error) {
    if (error instanceof SessionError) throw error;
    throw new SessionError("store_unavailable", "The catalog is unavailable; please retry shortly.", { cause: error });
  }
}
