import { SessionError } from "cartsession";
import { unixNow } from "../now";
import type { SessionData } from "cartsession/next";
import {
  supports,
  type AggregatingStore,
  type CleanupLogStore,
  type CleanupRun,
  type InspectableStore,
  type SessionQuery,
  type SessionStatus,
  type SessionStore,
  type SessionSummary,
} from "cartsession/store";
import type { Catalog } from "../cart/catalog";
import { sessions } from "../sessions";
import { catalog, users } from "../shop";
import { shopConfig } from "../shop-config";

/*
 * The admin pages read sessions through the engine's optional store capabilities (listing,
 * counting, aggregates, the cleanup log), in the shapes the pages use. One place adapts
 * them, so the pages never see the store itself.
 */

export type { SessionStatus };

/** A list filter as the admin pages build it from the URL. */
export interface SessionFilter {
  now: number;
  kind?: "guest" | "customer";
  status?: SessionStatus[];
  cart?: "open" | "empty";
  /** Idle since this time (unix seconds): last activity before it. */
  idleSince?: number;
  /** A session key prefix or a customer id. */
  search?: string;
}

/** One listed session. */
export interface SessionListEntry {
  key: string;
  customerId: string | null;
  /** Unix seconds: the row's expiry (kept one lifetime past the cookie). */
  expiry: number;
  /** Unix seconds: when the cookie ends (the session's own end). */
  activeUntil: number;
  /** Unix seconds of the last write or renewal. */
  updated: number;
  /** Unix seconds the row was first stored. */
  created: number;
  bytes: number;
  items: number;
  value: string;
}

export interface AdminAggregates {
  active: number;
  activeGuests: number;
  activeCustomers: number;
  expiredRows: number;
  endedRows: number;
  rows: number;
  openCarts: number;
  itemsInOpenCarts: number;
  expiringNextHour: number;
  /** Index 0 ends within the next hour. */
  expiryByHour: number[];
  /** Oldest hour first; the last entry is the past hour. */
  createdByHour: number[];
  /** Index 1..9 exact, 10 = ten or more. */
  cartSizes: number[];
  valueBytes: number;
  tableBytes: number | null;
}

export interface AdminStore {
  name: string;
  load(key: string): Promise<{ key: string; customerId: string | null; logins: number; value: string; expiry: number; activeUntil: number; version: number } | null>;
  delete(key: string): Promise<boolean>;
  countSessions(filter: SessionFilter): Promise<number>;
  listSessions(filter: SessionFilter, page: { limit: number; offset: number }, order?: "recent" | "largest"): Promise<SessionListEntry[]>;
  largest(limit: number): Promise<SessionListEntry[]>;
  /** One session's list entry (created, last activity, size), or null. */
  entry(key: string, now: number): Promise<SessionListEntry | null>;
  aggregates(now: number): Promise<AdminAggregates>;
  countByKind(): Promise<{ guests: number; customers: number }>;
  clearSessions(options: { guestsOnly: boolean }): Promise<number>;
  cleanupRuns(limit: number): Promise<CleanupRun[]>;
}

const toQuery = (f: SessionFilter): SessionQuery => ({ kind: f.kind, status: f.status, now: f.now, cart: f.cart, idleBefore: f.idleSince, search: f.search });

const toEntry = (s: SessionSummary): SessionListEntry => ({
  key: s.key,
  customerId: s.customerId,
  expiry: s.expiresAt,
  activeUntil: s.activeUntil,
  updated: s.updatedAt,
  created: s.createdAt,
  bytes: s.bytes,
  items: s.items,
  value: s.value,
});

export function adaptStore(store: SessionStore & InspectableStore & AggregatingStore & Partial<CleanupLogStore>): AdminStore {
  return {
    name: store.name,
    async load(key) {
      const row = await store.load(key);
      return row ? { key: row.key, customerId: row.customerId, logins: row.logins.length, value: row.value, expiry: row.expiresAt, activeUntil: row.activeUntil, version: row.version } : null;
    },
    delete: (key) => store.delete(key),
    countSessions: (filter) => store.countSessions(toQuery(filter)),
    listSessions: async (filter, page, order) => (await store.listSessions({ ...toQuery(filter), ...page, order })).map(toEntry),
    largest: async (limit) => (await store.listSessions({ limit, offset: 0, order: "largest" })).map(toEntry),
    async entry(key, now) {
      const found = await store.listSessions({ now, search: key, limit: 5, offset: 0 });
      const summary = found.find((s) => s.key === key);
      return summary ? toEntry(summary) : null;
    },
    async aggregates(now) {
      // The overview's charts: two days by the hour, carts of 1 to 9 units and "10 or more".
      const a = await store.aggregates(now, { buckets: 48, bucketSeconds: 3_600, largestCartSize: 10 });
      return {
        ...a,
        expiryByHour: a.expiring,
        createdByHour: a.created,
        expiringNextHour: a.expiring[0] ?? 0,
        endedRows: Math.max(0, a.rows - a.active - a.expiredRows),
      };
    },
    async countByKind() {
      const [guests, customers] = await Promise.all([store.countSessions({ kind: "guest" }), store.countSessions({ kind: "customer" })]);
      return { guests, customers };
    },
    clearSessions: ({ guestsOnly }) => store.clearSessions({ kind: guestsOnly ? "guest" : undefined }),
    cleanupRuns: async (limit) => (store.cleanupRuns ? store.cleanupRuns(limit) : []),
  };
}

/** The session store with the capabilities the admin pages need; a store without them is a clear 503. */
export async function adminStore(): Promise<AdminStore> {
  const store = await sessions.store();
  if (!supports(store, "inspection") || !supports(store, "aggregates")) {
    throw new SessionError("store_unavailable", `The ${store.name} session store cannot list sessions, so the admin pages are unavailable.`);
  }
  return adaptStore(store as SessionStore & InspectableStore & AggregatingStore & Partial<CleanupLogStore>);
}

/** Decodes a stored `session_value` (the engine's codec: decrypted with SESSION_ENC_KEY when set). */
export type DecodeValue = (value: string, sessionKey: string) => SessionData;

/** What the admin pages read besides the store: the value decoder, the catalog, the shop's settings, the time. */
export interface AdminContext {
  store: AdminStore;
  decode: DecodeValue;
  catalog: Catalog;
  now: number;
  config: ReturnType<typeof shopConfig>;
  /** Customers' account emails by customer id (abandoned carts show whom to write to). */
  emails: (customerIds: readonly string[]) => Promise<Map<string, string>>;
  /** A customer's name and email, or null (the session inspector). */
  customer: (customerId: string) => Promise<{ name: string; email: string } | null>;
}

export async function adminContext(): Promise<AdminContext> {
  return {
    store: await adminStore(),
    decode: (value, key) => sessions.decodeValue(value, key),
    catalog,
    now: unixNow(),
    config: shopConfig(),
    emails: async (ids) => {
      const found = await Promise.all(ids.map((id) => users.findById(id)));
      return new Map(found.flatMap((user) => (user ? [[user.id, user.email] as const] : [])));
    },
    customer: async (id) => {
      const user = await users.findById(id);
      return user ? { name: user.name, email: user.email } : null;
    },
  };
}

/** Guest session keys start with t_ (customers' with c_): the kind, without a query. */
export const isGuestKey = (key: string): boolean => key.startsWith("t_");
