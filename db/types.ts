import type { User, UserStore } from "../lib/auth/users";
import type { Catalog } from "../lib/cart/catalog";

/** One stored restore link (db/schema: cart_restore_tokens). Everything about the cart is in `payload`. */
export interface RestoreTokenRow {
  /** SHA-256 of the token: the only form of the token that is stored. */
  tokenHash: string;
  /** SHA-256 of the cart's session key: one live link per value. */
  cartRef: string;
  /** Keyed hash of the customer id (GDPR erasure), null for a guest's cart. */
  customerRef: string | null;
  /** The link's contents, sealed with AES-256-GCM (lib/restore-links/token.ts). */
  payload: string;
  createdAt: number;
  expiresAt: number;
  usedAt: number | null;
  /** Hash of the session that restored it. */
  usedBy: string | null;
}

/**
 * The restore links table: storage only, the same behaviour on SQLite and Postgres. What a
 * row means (tokens, payloads, who may see what) is lib/restore-links' business.
 */
export interface RestoreTokenStore {
  find(tokenHash: string): Promise<RestoreTokenRow | null>;
  /** The live (unused, unexpired) links of these carts. */
  liveForCarts(cartRefs: readonly string[], now: number): Promise<RestoreTokenRow[]>;
  /**
   * Stores a new live link unless its cart already has one (the unique index on live links
   * per cart decides, so two concurrent calls store one). An expired, unused link of the
   * cart is deleted first: it would otherwise hold the cart's place. True when stored.
   */
  insertLive(row: Omit<RestoreTokenRow, "usedAt" | "usedBy">, now: number): Promise<boolean>;
  /** Replaces a live link's payload (the cart changed since it was made); false when it is no longer live. */
  updateLivePayload(tokenHash: string, payload: string, customerRef: string | null, now: number): Promise<boolean>;
  /** Deletes one link (e.g. one whose token can no longer be derived). */
  delete(tokenHash: string): Promise<boolean>;
  /**
   * Marks a live link used and returns it, in one statement: of two concurrent calls exactly
   * one gets the row. Null when it is used, expired or unknown.
   */
  consume(tokenHash: string, usedBy: string, now: number): Promise<RestoreTokenRow | null>;
  /**
   * Undoes `consume` when the restore could not be saved. Refused (false) when the cart has
   * a new live link meanwhile: the unique index allows one, and that one stands.
   */
  release(tokenHash: string, usedAt: number): Promise<boolean>;
  /** Deletes every link of these carts or customers (GDPR erasure); how many went. */
  deleteOwned(cartRefs: readonly string[], customerRefs: readonly string[]): Promise<number>;
  /** The links of these customers (GDPR access). */
  ownedBy(customerRefs: readonly string[]): Promise<RestoreTokenRow[]>;
  /** Deletes used links and expired ones (the cleanup route); how many went. */
  deleteSpent(now: number): Promise<number>;
}

/** A demo product row as seeded (db/seed.ts). */
export interface SeedProduct {
  id: string;
  name: string;
  description: string;
  priceCents: number;
  swatch: string;
  position: number;
}

/** A demo account as seeded. */
export interface SeedUser {
  email: string;
  name: string;
  role: User["role"];
  passwordHash: string;
  createdAt: number;
}

/** The demo's own tables on one database: one implementation per dialect (db/sqlite.ts, db/pg.ts). */
export interface DemoTables {
  catalog: Catalog;
  users: UserStore;
  restoreTokens: RestoreTokenStore;
  /** Inserts what is missing; never overwrites. One transaction. */
  seed(products: readonly SeedProduct[], users: readonly SeedUser[]): Promise<void>;
  /** Deletes these accounts and products; how many of each went. */
  unseed(emails: readonly string[], productIds: readonly string[]): Promise<{ users: number; products: number }>;
}

/** Most values bound in one `IN (…)` list (SQLite allows 32,766 parameters; Postgres 65,535). */
const IN_CHUNK = 1_000;

export function chunks<T>(values: readonly T[]): T[][] {
  const unique = [...new Set(values)];
  const out: T[][] = [];
  for (let i = 0; i < unique.length; i += IN_CHUNK) out.push(unique.slice(i, i + IN_CHUNK));
  return out;
}

/** Account ids are numbers, handed to the engine as strings; anything else names no account. */
export const accountId = (id: string): number | null => (/^\d{1,15}$/.test(id) ? Number(id) : null);

export const toRole = (role: string): User["role"] => (role === "admin" ? "admin" : "customer");
