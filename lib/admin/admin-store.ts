import { SessionError, supports, type AggregatingStore, type CleanupLogStore, type InspectableStore, type SessionStore } from "cartsession";
import { sessions } from "../sessions";

export type AdminStore = SessionStore & InspectableStore & AggregatingStore & Partial<CleanupLogStore>;

/**
 * The session store with the capabilities the admin pages need (listing, counting,
 * aggregates; the cleanup log when the store keeps one). Both demo stores have them; a
 * store without them gets a clear 503 instead of a crash.
 */
export async function adminStore(): Promise<AdminStore> {
  const store = await sessions.engine().openStore();
  if (!supports(store, "inspection") || !supports(store, "aggregates")) {
    throw new SessionError("store_unavailable", `The ${store.name} session store cannot list sessions, so the admin pages are unavailable.`);
  }
  return store as AdminStore;
}

export function cleanupLog(store: AdminStore): CleanupLogStore | null {
  return supports(store, "cleanupLog") ? store : null;
}
