import { isSessionError, storeUnavailable } from "../errors.js";
import type { SessionStore } from "./port.js";

/**
 * Opens the store once, retrying a failed open on the next call (the app recovers by
 * itself). A store that cannot be opened is an outage, whatever its driver threw.
 */
export function onceOpened(open: () => SessionStore | Promise<SessionStore>): () => Promise<SessionStore> {
  let opening: Promise<SessionStore> | undefined;
  return () => {
    opening ??= Promise.resolve()
      .then(open)
      // Every call that waited for the opening starts at once: first let the driver return
      // the connection the opening used (migrations) to its pool, so they reuse it.
      .then((store) => new Promise<SessionStore>((resolve) => setImmediate(() => setImmediate(() => resolve(store)))))
      .catch((error: unknown) => {
        opening = undefined;
        throw isSessionError(error) ? error : storeUnavailable(error);
      });
    return opening;
  };
}

/**
 * The store's core methods, opened on first use only: a visitor who never stored anything
 * never opens it, so browsing keeps working while the database is down. Outages arrive
 * already classified by the store itself (`store_unavailable`).
 */
export function lazyStore(name: string, open: () => Promise<SessionStore>): SessionStore {
  // Once open, calls go straight to the store (no extra await on the open promise).
  let opened: SessionStore | undefined;
  const ensureOpen = async (): Promise<SessionStore> => opened ?? (opened = await open());
  return {
    name,
    load: async (key) => (opened ?? (await ensureOpen())).load(key),
    loadByCustomer: async (customerId) => (opened ?? (await ensureOpen())).loadByCustomer(customerId),
    save: async (write) => (opened ?? (await ensureOpen())).save(write),
    delete: async (key) => (opened ?? (await ensureOpen())).delete(key),
    touch: async (key, expiresAt, activeUntil, now) => (opened ?? (await ensureOpen())).touch(key, expiresAt, activeUntil, now),
    deleteExpired: async (options) => (opened ?? (await ensureOpen())).deleteExpired(options),
    close: async () => {
      await (await open().catch(() => null))?.close?.();
    },
  };
}
