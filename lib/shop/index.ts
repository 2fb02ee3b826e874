/**
 * The demo shop's data, one door (in the style of Next.js Commerce's `lib/shopify`): pages,
 * Server Actions, route handlers and the session wiring get the catalog, the accounts, the
 * restore links' table and the session store from here, never from `db/` itself.
 *
 * Everything opens the database on first use (never at import: `next build` imports route
 * modules) and reports an outage as `SessionError("store_unavailable")` (503 with
 * Retry-After over HTTP; pages land on the 503 page with `orUnavailable`).
 */
import type { SessionStore } from "cartsession/store";
import { demoDatabase, type DemoDatabase, type RestoreTokenStore } from "../../db";
import { classifyDatabaseError } from "../../db/outage";
import type { UserStore } from "../auth/users";
import type { Catalog } from "../cart/catalog";

export type { Product } from "../cart/catalog";
export type { User } from "../auth/users";
export type { RestoreTokenRow, RestoreTokenStore } from "../../db";

/**
 * A store whose every method opens the database first (once), then runs on it. Outages are
 * classified here, in the caller's bundle: the database may have been opened by another
 * bundle (instrumentation.ts validates at start), whose error class the engine's HTTP
 * helpers would not recognise.
 */
function onDatabase<T extends object>(pick: (db: DemoDatabase) => T, methods: readonly (keyof T)[]): T {
  return Object.fromEntries(
    methods.map((name) => [
      name,
      async (...args: unknown[]) => {
        try {
          const target = pick(await demoDatabase());
          return await (target[name] as (...a: unknown[]) => unknown).apply(target, args);
        } catch (error) {
          throw classifyDatabaseError(error);
        }
      },
    ]),
  ) as T;
}

/** The product catalog (read-only). */
export const catalog: Catalog = onDatabase((db) => db.catalog, ["list", "get"]);

/** Every product, in display order. */
export const getProducts = (): Promise<Awaited<ReturnType<Catalog["list"]>>> => catalog.list();

/** One product, or null. */
export const getProduct = (id: string): ReturnType<Catalog["get"]> => catalog.get(id);

/** The demo's accounts. */
export const users: UserStore = onDatabase((db) => db.users, ["findByEmail", "findById", "delete", "updatePasswordHash"]);

/** The restore links' table (lib/restore-links gives the rows their meaning). */
export const restoreTokens: RestoreTokenStore = onDatabase((db) => db.restoreTokens, [
  "find",
  "liveForCarts",
  "insertLive",
  "updateLivePayload",
  "delete",
  "consume",
  "release",
  "deleteOwned",
  "ownedBy",
  "deleteSpent",
]);

/** cartsession's store for the wiring file (lib/sessions.ts): on the same database, or where SESSION_STORE / SESSION_CACHE put it. */
export async function sessionStore(): Promise<SessionStore> {
  return (await demoDatabase()).sessions;
}
