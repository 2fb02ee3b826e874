import { summarizeCart } from "../cart/summary";
import type { Clock } from "./clock";
import { jsonCodec, type SessionData, type ValueCodec } from "./codec";
import type { SessionConfig } from "./config";
import { newSessionCookie, type SessionCookie } from "./cookie";
import { lifetimeFor } from "./lifetime";
import { SessionError } from "./errors";
import { generateGuestKey, isGuestKey } from "./keys";
import type { SessionStore } from "./store";

export type { SessionData } from "./codec";

/** A recorded change, replayed onto fresh data when a compare-and-swap save conflicts. */
type Mutation =
  | { kind: "set"; key: string; value: unknown }
  | { kind: "update"; key: string; fn: (current: unknown) => unknown };

export interface SessionDeps {
  store: SessionStore;
  config: SessionConfig;
  clock: Clock;
  codec?: ValueCodec;
  /** Called after a save conflict before retrying; tests make it instant. */
  backoff?: (attempt: number) => Promise<void>;
}

export interface OpenOptions {
  /** The visitor's current cookie state (from the cookie, a Cart-Token, or a new guest). */
  cookie: SessionCookie;
  /** Server components get a read-only session; actions and route handlers a writable one. */
  writable: boolean;
  /** The customer has just authenticated: a missing row is theirs to create (login). */
  authenticated?: boolean;
}

export type SaveOutcome = "unchanged" | "saved" | "destroyed" | "forgotten";

const MAX_SAVE_ATTEMPTS = 100;

/**
 * The row's `session_expiry`: the cookie's expiration plus one more lifetime. proxy.ts renews
 * cookies without a query, so the row must outlive any cookie renewed while the session was
 * not opened; the next open moves the row forward again. Data is still only reachable
 * through a valid (unexpired) cookie.
 */
export function rowExpiryFor(config: SessionConfig, cookie: SessionCookie): number {
  return cookie.expiration + lifetimeFor(config, cookie.customerId).expiration;
}

const READ_ONLY_MESSAGE =
  "This session is read-only: Server Components render it but cannot change it. " +
  "Write to the session in a Server Action or a Route Handler, through withSession().";

function defaultBackoff(attempt: number): Promise<void> {
  if (attempt < 2) return Promise.resolve();
  // Jitter spreads out writers that keep colliding on one hot session.
  const ms = Math.random() * Math.min(20, 2 ** (attempt - 2));
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** JSON round-trip: stored values are plain JSON, and callers never share references with us. */
function toJson(value: unknown): unknown {
  return value === undefined ? undefined : JSON.parse(JSON.stringify(value));
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function applyMutation(data: SessionData, mutation: Mutation): void {
  const next = mutation.kind === "set" ? mutation.value : toJson(mutation.fn(toJson(data[mutation.key])));
  if (next === null || next === undefined) delete data[mutation.key];
  else data[mutation.key] = next;
}

/**
 * One visitor's server-side session: WooCommerce's `WC_Session_Handler`, framework-free.
 * The Next.js binding (`lib/session/index.ts`) opens it from cookies and saves it.
 *
 * `T` declares the shape a store keeps in its sessions, e.g.
 * `Session<{ cart: CartLine[]; notices: Notice[] }>`.
 */
export class Session<T extends SessionData = SessionData> {
  private data: SessionData;
  private version: number | null;
  private mutations: Mutation[] = [];
  private dirty = false;
  private forceWrite = false;
  private ending: "destroy" | "forget" | null = null;
  private currentCookie: SessionCookie;

  private constructor(
    private readonly deps: SessionDeps,
    cookie: SessionCookie,
    private readonly writable: boolean,
    data: SessionData,
    version: number | null,
  ) {
    this.currentCookie = cookie;
    this.data = data;
    this.version = version;
  }

  /**
   * Opens a session. A guest whose cookie says nothing was ever stored costs no query;
   * logged-in keys are always read, since another device may have written them.
   */
  static async open<T extends SessionData = SessionData>(deps: SessionDeps, options: OpenOptions): Promise<Session<T>> {
    const { cookie } = options;
    const codec = deps.codec ?? jsonCodec;
    if (!cookie.persisted && isGuestKey(cookie.customerId)) {
      return new Session<T>(deps, cookie, options.writable, {}, null);
    }
    const row = await deps.store.load(cookie.customerId);
    const now = deps.clock.nowSeconds();
    if (!isGuestKey(cookie.customerId) && !options.authenticated && (!row || row.expiry <= now)) {
      // A customer's row is their login: without it (logged out, expired, erased) a cookie
      // naming a user id reaches nothing and the visitor continues as a fresh guest.
      return new Session<T>(deps, newSessionCookie(deps.config, generateGuestKey(), now), options.writable, {}, null);
    }
    if (!row) {
      return new Session<T>(deps, { ...cookie, persisted: false }, options.writable, {}, null);
    }
    if (row.expiry <= now) {
      // An expired row is never served; its version is kept so the next save replaces it.
      return new Session<T>(deps, { ...cookie, persisted: true }, options.writable, {}, row.version);
    }
    const wanted = rowExpiryFor(deps.config, cookie);
    if (row.expiry < wanted) {
      // The cookie was renewed (proxy.ts cannot query), so carry the renewal to the row.
      await deps.store.touch(row.key, wanted, now);
    }
    return new Session<T>(deps, { ...cookie, persisted: true }, options.writable, codec.decode(row.value, row.key), row.version);
  }

  /** The value stored under `key`, or `fallback` when there is none. */
  get<K extends keyof T & string>(key: K): T[K] | undefined;
  get<K extends keyof T & string>(key: K, fallback: T[K]): T[K];
  get<K extends keyof T & string>(key: K, fallback?: T[K]): T[K] | undefined {
    const value = this.data[key];
    return value === undefined ? fallback : (toJson(value) as T[K]);
  }

  /** Stores `value` under `key`; `null` or `undefined` removes the key. */
  set<K extends keyof T & string>(key: K, value: T[K] | null | undefined): void {
    this.assertWritable();
    const next = value === null || value === undefined ? undefined : toJson(value);
    const mutation: Mutation = { kind: "set", key, value: next };
    this.record(mutation);
  }

  /**
   * Replaces the value under `key` with `fn(current)`. Use it for read-modify-write changes
   * (a cart line): when a concurrent save wins, `fn` runs again on the fresh value, so no
   * update is lost. `fn` must be pure. Returning null or undefined removes the key.
   */
  update<K extends keyof T & string>(key: K, fn: (current: T[K] | undefined) => T[K] | null | undefined): void {
    this.assertWritable();
    this.record({ kind: "update", key, fn: fn as (current: unknown) => unknown });
  }

  /**
   * Reads `key` and removes it: flash data such as notices, shown once and then gone.
   * Allowed while rendering too: the removal is written straight to the store (it never
   * changes the cookie). On a concurrent write, only what was returned is removed: array
   * elements added meanwhile stay for the next render.
   */
  async take<K extends keyof T & string>(key: K): Promise<T[K] | undefined> {
    const taken = this.data[key];
    if (taken === undefined) return undefined;
    const remove = (current: unknown): unknown => {
      if (Array.isArray(current) && Array.isArray(taken)) {
        const shown = new Set(taken.map((item) => JSON.stringify(item)));
        const rest = current.filter((item) => !shown.has(JSON.stringify(item)));
        return rest.length > 0 ? rest : undefined;
      }
      return sameJson(current, taken) ? undefined : current;
    };
    if (this.writable) {
      this.record({ kind: "update", key, fn: remove });
    } else {
      applyMutation(this.data, { kind: "update", key, fn: remove });
      await this.persistReadOnly({ kind: "update", key, fn: remove });
    }
    return toJson(taken) as T[K];
  }

  /** True when this visitor has stored session data (WooCommerce's `has_session()`). */
  hasSession(): boolean {
    return this.currentCookie.persisted || this.dirty;
  }

  /** The session key: `t_…` for guests, the user id for logged-in customers. */
  getCustomerId(): string {
    return this.currentCookie.customerId;
  }

  isGuest(): boolean {
    return isGuestKey(this.currentCookie.customerId);
  }

  /** Unix seconds at which the session ends unless it is used again. */
  getExpiration(): number {
    return this.currentCookie.expiration;
  }

  /** A copy of every stored key. */
  getSessionData(): Partial<T> {
    return toJson(this.data) as Partial<T>;
  }

  /** Deletes the stored session and starts a new guest on save (WooCommerce's `destroy_session`). */
  destroySession(): void {
    this.assertWritable();
    this.ending = "destroy";
  }

  /**
   * Drops this visitor's link to the session and starts a new guest on save, leaving the
   * stored row to expire (WooCommerce's `forget_session`).
   */
  forgetSession(): void {
    this.assertWritable();
    this.ending = "forget";
  }

  /** Stores the session on the next save even if it holds no data (e.g. a customer's login). */
  persist(): void {
    this.assertWritable();
    if (this.version === null) this.forceWrite = true;
  }

  /** Whether `save()` has anything to write. */
  isDirty(): boolean {
    return this.dirty || this.forceWrite || this.ending !== null;
  }

  /** The cookie state after the last save: what the visitor's cookie must now say. */
  get cookie(): SessionCookie {
    return this.currentCookie;
  }

  /**
   * Persists recorded changes with compare-and-swap on the row version. On conflict the
   * row is reloaded and every recorded `set`/`update` is re-applied, then saved again.
   * No change, no write.
   */
  async save(): Promise<SaveOutcome> {
    const { store, config, clock } = this.deps;
    if (this.ending !== null) {
      const ending = this.ending;
      if (ending === "destroy") await store.delete(this.currentCookie.customerId);
      this.data = {};
      this.version = null;
      this.mutations = [];
      this.dirty = false;
      this.ending = null;
      this.currentCookie = newSessionCookie(config, generateGuestKey(), clock.nowSeconds());
      return ending === "destroy" ? "destroyed" : "forgotten";
    }
    if (!this.dirty && !this.forceWrite) return "unchanged";

    const codec = this.deps.codec ?? jsonCodec;
    const key = this.currentCookie.customerId;
    for (let attempt = 0; attempt < MAX_SAVE_ATTEMPTS; attempt++) {
      const now = clock.nowSeconds();
      const empty = Object.keys(this.data).length === 0;
      if (empty && this.version === null && !this.forceWrite) {
        // Nothing stored and nothing to store: no row is created.
        this.finishSave(false);
        return "saved";
      }
      const value = codec.encode(this.data, key);
      const bytes = Buffer.byteLength(value);
      if (bytes > config.maxValueBytes) {
        throw new SessionError(
          "session_too_large",
          `The session would hold ${bytes} bytes, over the ${config.maxValueBytes}-byte limit; nothing was saved.`,
        );
      }
      const expiry = Math.max(rowExpiryFor(config, this.currentCookie), now + 1);
      const items = summarizeCart(this.data.cart).items;
      const result = await store.save({ key, value, expiry, expectedVersion: this.version, now, items });
      if (result.ok) {
        this.version = result.version;
        this.finishSave(true);
        return "saved";
      }
      await (this.deps.backoff ?? defaultBackoff)(attempt);
      const fresh = await store.load(key);
      const freshNow = clock.nowSeconds();
      this.version = fresh ? fresh.version : null;
      this.data = fresh && fresh.expiry > freshNow ? codec.decode(fresh.value, key) : {};
      for (const mutation of this.mutations) applyMutation(this.data, mutation);
    }
    throw new SessionError("session_conflict", `Could not save session after ${MAX_SAVE_ATTEMPTS} concurrent-update retries.`);
  }

  /** A single store-only change made while rendering (no cookie can be sent). */
  private async persistReadOnly(mutation: Mutation): Promise<void> {
    const { store, clock } = this.deps;
    const codec = this.deps.codec ?? jsonCodec;
    const key = this.currentCookie.customerId;
    for (let attempt = 0; attempt < MAX_SAVE_ATTEMPTS && this.version !== null; attempt++) {
      const now = clock.nowSeconds();
      const result = await store.save({ key, value: codec.encode(this.data, key), expiry: Math.max(rowExpiryFor(this.deps.config, this.currentCookie), now + 1), expectedVersion: this.version, now, items: summarizeCart(this.data.cart).items });
      if (result.ok) {
        this.version = result.version;
        return;
      }
      await (this.deps.backoff ?? defaultBackoff)(attempt);
      const fresh = await store.load(key);
      this.version = fresh ? fresh.version : null;
      this.data = fresh && fresh.expiry > clock.nowSeconds() ? codec.decode(fresh.value, key) : {};
      applyMutation(this.data, mutation);
    }
  }

  private finishSave(persisted: boolean): void {
    const summary = summarizeCart(this.data.cart);
    this.currentCookie = {
      ...this.currentCookie,
      persisted: persisted || (this.currentCookie.persisted && this.version !== null),
      items: summary.items,
      cartHash: summary.cartHash,
    };
    this.mutations = [];
    this.dirty = false;
    this.forceWrite = false;
  }

  private record(mutation: Mutation): void {
    const before = this.data[mutation.key];
    applyMutation(this.data, mutation);
    this.mutations.push(mutation);
    if (!sameJson(before, this.data[mutation.key])) this.dirty = true;
  }

  private assertWritable(): void {
    if (!this.writable) throw new SessionError("session_read_only", READ_ONLY_MESSAGE);
  }
}
