import { cartItemCount, summarizeCart, type CartSummary } from "./cart.js";
import type { SessionData } from "./codec.js";
import { newGuestCookie, type SessionCookie } from "./cookie.js";
import { SessionError } from "./errors.js";
import { newGuestKey } from "./keys.js";
import { lifetimeFor } from "./lifetime.js";
import { findRecord, IDEMPOTENCY_SLOT, withClaim, withResponse, type IdempotencyClaim, type KeyRecord, type RecordedResponse } from "./idempotency.js";
import type { EngineSettings } from "./options.js";
import type { SessionRecord, SessionStore, SessionWrite } from "./store/port.js";
import { NO_TELEMETRY, SPAN, type OperationScope, type Telemetry } from "./telemetry.js";

export type { SessionData } from "./codec.js";

/** A recorded change, replayed onto fresh data when a compare-and-swap save conflicts. */
type Mutation =
  | { kind: "set"; key: string; value: unknown }
  | { kind: "update"; key: string; fn: (current: unknown) => unknown }
  | { kind: "logins"; fn: (current: readonly string[]) => string[] }
  | { kind: "data"; fn: (current: SessionData) => SessionData };

/** @internal What a session needs from the engine. */
export interface SessionContext {
  store: SessionStore;
  /** The same store for the calls of a save under way (the reload after a conflict): served before waiting new requests. */
  urgentStore?: SessionStore;
  settings: EngineSettings;
  /** One save at a time per session key in this engine (see `KeyedLock`). */
  saveLock?: { run<R>(key: string, fn: () => Promise<R>): Promise<R> };
  /** Called after a save conflict before retrying; tests make it instant. */
  backoff?: (attempt: number) => Promise<void>;
  /** Checks that `address` may create another session (throws `rate_limited` when not). */
  admitNewSession?: (address: string) => Promise<void>;
  /** Spans and metrics of loads, renewals and saves (none when absent). */
  telemetry?: Telemetry;
}

export interface OpenOptions {
  writable: boolean;
  /** The client's address, for the new-sessions-per-address limit (`limits.newSessionsPerAddress`). */
  clientAddress?: string | null;
}

export type SaveOutcome = "unchanged" | "saved" | "destroyed" | "forgotten";

const MAX_SAVE_ATTEMPTS = 100;

/**
 * A row's activity time (`updatedAt`) moves in steps of this many seconds: a save within a
 * minute of the row's recorded activity keeps it. It is indexed twice (the activity index
 * and the open-carts index the admin and the abandoned-carts list read), so moving it on
 * every change of a busy cart rewrote both on every save; a minute is finer than anything
 * that reads it (abandoned after hours, purged after days, the admin's buckets).
 */
export const ACTIVITY_STEP_SECONDS = 60;

/**
 * The row's expiry: the cookie's expiration plus one more lifetime. The proxy renews
 * cookies without a query, so the row must outlive any cookie renewed while the session was
 * not opened; the next open moves the row forward again. Data is only reachable through a
 * valid, unexpired cookie.
 */
export function rowExpiryFor(settings: Pick<EngineSettings, "lifetimes">, cookie: SessionCookie): number {
  return cookie.expiration + lifetimeFor(settings, cookie.customerId).expiration;
}

/** @internal The row behind a customer's session has been claimed by another insert (another device's login). */
export class CustomerRowTaken extends Error {}

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

/** Whether `row` may be served to `cookie`: same owner, a live login, not expired. */
export function rowServes(row: SessionRecord, cookie: SessionCookie, now: number): boolean {
  if (row.expiresAt <= now) return false;
  if (cookie.customerId === null) return row.customerId === null;
  return row.customerId === cookie.customerId && cookie.loginId !== null && row.logins.includes(cookie.loginId);
}

interface SessionState {
  cookie: SessionCookie;
  data: SessionData;
  version: number | null;
  logins: readonly string[];
  /** The stored row `version` refers to, when known: a store may then write only what differs. */
  base?: SessionRecord | null;
}

/**
 * One visitor's server-side session: WooCommerce's `WC_Session_Handler`, framework-free.
 * The Next.js binding opens it from the request's cookie (or Cart-Token) and saves it.
 *
 * `T` declares the shape an app keeps in its sessions, e.g.
 * `Session<{ cart: CartLine[]; notices: Notice[] }>`.
 */
/**
 * A visitor's session: WooCommerce's `WC_Session` for the App Router. Read it in Server
 * Components (`getSession`), change it in Server Actions (`withSession`) and Route Handlers
 * (`route`); changes are saved with a compare-and-swap that replays them on a conflict.
 */
export interface Session<T extends SessionData = SessionData> {
  /** The cookie named a session it may no longer reach (logged out, expired, erased). */
  readonly revoked: boolean;
  /** The value stored under `key`, or `fallback` when there is none. */
  get<K extends keyof T & string>(key: K): T[K] | undefined;
  get<K extends keyof T & string>(key: K, fallback: T[K]): T[K];
  /** Whether a value is stored under `key`. */
  has(key: keyof T & string): boolean;
  /** Stores `value` under `key`; `null` or `undefined` removes the key. */
  set<K extends keyof T & string>(key: K, value: T[K] | null | undefined): void;
  /** Replaces the value under `key` with `fn(current)`; on a save conflict `fn` runs again on the fresh value. */
  update<K extends keyof T & string>(key: K, fn: (current: T[K] | undefined) => T[K] | null | undefined): void;
  /**
   * Reads `key` and removes it: flash data such as notices, shown once and then gone.
   * Allowed while rendering too: the removal is written straight to the store (it never
   * changes the cookie).
   */
  take<K extends keyof T & string>(key: K): Promise<T[K] | undefined>;
  /** True when this visitor has stored session data (WooCommerce's `has_session()`). */
  hasSession(): boolean;
  /** The customer id when logged in, else the guest's session key (WooCommerce's `get_customer_id()`). */
  getCustomerId(): string;
  /** The opaque key of the stored session. */
  getSessionKey(): string;
  isGuest(): boolean;
  /** Unix seconds at which the session ends unless it is used again. */
  getExpiration(): number;
  /** A copy of every stored key. */
  getSessionData(): Partial<T>;
  /** Units and hash of the cart as it stands (what `items_in_cart` and `cart_hash` say). */
  getCartSummary(): CartSummary;
  /**
   * Deletes the stored session and starts a new guest on save (WooCommerce's
   * `destroy_session`). For a customer this ends the session on every device.
   */
  destroySession(): void;
  /**
   * Drops this visitor's link to the session and starts a new guest on save, leaving the
   * stored row (WooCommerce's `forget_session`). For a customer it also revokes this login,
   * so no copy of the old cookie reaches the row again.
   */
  forgetSession(): void;
  /** Stores the session on the next save even if it holds no data. */
  persist(): void;
  /** Whether `save()` has anything to write. */
  isDirty(): boolean;
  /** The cookie state after the last save: what the visitor's cookie must now say. */
  readonly cookie: SessionCookie;
  /** Writes the changes (compare-and-swap, replayed on conflict); what happened. */
  save(): Promise<SaveOutcome>;
}

/** The session as the engine holds it: the public `Session` plus what login and logout need. */
export class StoredSession<T extends SessionData = SessionData> implements Session<T> {
  private state: SessionState;
  private mutations: Mutation[] = [];
  private dirty = false;
  private forceWrite = false;
  private ending: "destroy" | "forget" | null = null;
  private clientAddress: string | null = null;
  /** The idempotency claim recorded with this session's changes, and whether a save stored it. */
  private claim: { mutation: Mutation; key: string; written: boolean } | null = null;
  /** A replay: changes are dropped and saves write nothing. */
  private discarding = false;
  /** The cookie named a session it may no longer reach (logged out, expired, erased). */
  readonly revoked: boolean;

  private constructor(
    private readonly context: SessionContext,
    state: SessionState,
    private readonly writable: boolean,
    revoked: boolean,
  ) {
    this.state = state;
    this.revoked = revoked;
  }

  /**
   * @internal Opens the session a cookie names. A guest whose cookie says nothing was ever
   * stored costs no query. A customer's cookie reaches the row only while its login is
   * live there; otherwise (logout, "log out everywhere", erasure, expiry) the visitor
   * continues as a fresh guest who can reach nothing of the old session.
   */
  static open<T extends SessionData = SessionData>(context: SessionContext, cookie: SessionCookie, options: OpenOptions): Promise<StoredSession<T>> {
    return (context.telemetry ?? NO_TELEMETRY).run(SPAN.load, async (scope) => {
      const session = await StoredSession.openRow<T>(context, cookie, options, scope);
      session.clientAddress = options.clientAddress ?? null;
      return session;
    });
  }

  private static async openRow<T extends SessionData>(context: SessionContext, cookie: SessionCookie, options: OpenOptions, scope?: OperationScope): Promise<StoredSession<T>> {
    const { settings, store } = context;
    const now = settings.clock.nowSeconds();
    if (scope) {
      scope.set("db.operation.name", "load");
      scope.set("cartsession.session.writable", options.writable);
      scope.set("cartsession.session.kind", cookie.customerId === null ? "guest" : "customer");
      scope.identify({ sessionKey: cookie.key, customerId: cookie.customerId });
    }
    if (cookie.customerId === null && !cookie.persisted) {
      scope?.set("cartsession.load.outcome", "skipped");
      return new StoredSession<T>(context, { cookie, data: {}, version: null, logins: [] }, options.writable, false);
    }
    const row = await store.load(cookie.key);
    if (row && rowServes(row, cookie, now)) {
      const wanted = rowExpiryFor(settings, cookie);
      const touched = row.expiresAt < wanted;
      scope?.set("cartsession.load.outcome", "found");
      if (touched) {
        // The cookie was renewed without a query (proxy.ts): carry the renewal to the row.
        await (context.telemetry ?? NO_TELEMETRY).run(SPAN.renew, async (renewal) => {
          renewal?.set("db.operation.name", "touch");
          await store.touch(row.key, wanted, cookie.expiration, now);
        });
      }
      const data = settings.codec.decode(row.value, row.key);
      // The same object when nothing changed, so its known seal is reused (no second seal).
      const served = cookie.persisted ? cookie : { ...cookie, persisted: true };
      return new StoredSession<T>(context, { cookie: served, data, version: row.version, logins: row.logins, base: touched ? null : row }, options.writable, false);
    }
    if (cookie.customerId === null && (!row || row.customerId === null)) {
      // A guest's row that is gone or expired: start empty under the same key; an expired
      // row's version is kept so the next save replaces it.
      const version = row ? row.version : null;
      scope?.set("cartsession.load.outcome", "empty");
      return new StoredSession<T>(context, { cookie: { ...cookie, persisted: row !== null }, data: {}, version, logins: [] }, options.writable, false);
    }
    const fresh = newGuestCookie(settings, newGuestKey(), now);
    scope?.set("cartsession.load.outcome", "revoked");
    return new StoredSession<T>(context, { cookie: fresh, data: {}, version: null, logins: [] }, options.writable, true);
  }

  /** @internal A customer's session found by customer id (login), not by a cookie. */
  static fromRecord<T extends SessionData = SessionData>(context: SessionContext, row: SessionRecord | null, cookie: SessionCookie): StoredSession<T> {
    const now = context.settings.clock.nowSeconds();
    const live = row !== null && row.expiresAt > now;
    const data = live ? context.settings.codec.decode(row.value, row.key) : {};
    return new StoredSession<T>(context, { cookie, data, version: row?.version ?? null, logins: live ? row.logins : [], base: row }, true, false);
  }

  /** The value stored under `key`, or `fallback` when there is none. */
  get<K extends keyof T & string>(key: K): T[K] | undefined;
  get<K extends keyof T & string>(key: K, fallback: T[K]): T[K];
  get<K extends keyof T & string>(key: K, fallback?: T[K]): T[K] | undefined {
    const value = key === IDEMPOTENCY_SLOT ? undefined : this.state.data[key];
    return value === undefined ? fallback : (toJson(value) as T[K]);
  }

  /** Whether a value is stored under `key`. */
  has(key: keyof T & string): boolean {
    return key !== IDEMPOTENCY_SLOT && this.state.data[key] !== undefined;
  }

  /** Stores `value` under `key`; `null` or `undefined` removes the key. */
  set<K extends keyof T & string>(key: K, value: T[K] | null | undefined): void {
    this.assertWritable();
    this.record({ kind: "set", key, value: value === null || value === undefined ? undefined : toJson(value) });
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
   * changes the cookie). On a concurrent write only what was returned is removed: array
   * elements added meanwhile stay for the next render.
   */
  async take<K extends keyof T & string>(key: K): Promise<T[K] | undefined> {
    const taken = key === IDEMPOTENCY_SLOT ? undefined : this.state.data[key];
    if (taken === undefined) return undefined;
    const remove = (current: unknown): unknown => {
      if (Array.isArray(current) && Array.isArray(taken)) {
        const shown = new Set(taken.map((item) => JSON.stringify(item)));
        const rest = current.filter((item) => !shown.has(JSON.stringify(item)));
        return rest.length > 0 ? rest : undefined;
      }
      return sameJson(current, taken) ? undefined : current;
    };
    const mutation: Mutation = { kind: "update", key, fn: remove };
    if (this.writable) {
      this.record(mutation);
    } else if (this.state.version !== null) {
      applyMutation(this.state, mutation);
      await (this.context.telemetry ?? NO_TELEMETRY).run(SPAN.save, async (scope) => {
        scope?.set("db.operation.name", "save");
        await this.writeLoop([mutation], false, scope);
        scope?.set("cartsession.save.outcome", "saved");
      });
    }
    return toJson(taken) as T[K];
  }

  /** True when this visitor has stored session data (WooCommerce's `has_session()`). */
  hasSession(): boolean {
    return this.state.cookie.persisted || this.dirty;
  }

  /** The customer id when logged in, else the guest's session key (WooCommerce's `get_customer_id()`). */
  getCustomerId(): string {
    return this.state.cookie.customerId ?? this.state.cookie.key;
  }

  /** The opaque key of the stored session. */
  getSessionKey(): string {
    return this.state.cookie.key;
  }

  isGuest(): boolean {
    return this.state.cookie.customerId === null;
  }

  /** Unix seconds at which the session ends unless it is used again. */
  getExpiration(): number {
    return this.state.cookie.expiration;
  }

  /** A copy of every stored key. */
  getSessionData(): Partial<T> {
    const data = toJson(this.state.data) as Record<string, unknown>;
    delete data[IDEMPOTENCY_SLOT];
    return data as Partial<T>;
  }

  /** Units and hash of the cart as it stands (what `items_in_cart` and `cart_hash` say). */
  getCartSummary(): CartSummary {
    return summarizeCart(this.state.data[this.context.settings.cartKey]);
  }

  /**
   * Deletes the stored session and starts a new guest on save (WooCommerce's
   * `destroy_session`). For a customer this ends the session on every device.
   */
  destroySession(): void {
    this.assertWritable();
    if (this.discarding) return;
    this.ending = "destroy";
  }

  /**
   * Drops this visitor's link to the session and starts a new guest on save, leaving the
   * stored row (WooCommerce's `forget_session`). For a customer it also revokes this login,
   * so no copy of the old cookie reaches the row again.
   */
  forgetSession(): void {
    this.assertWritable();
    if (this.discarding) return;
    this.ending = "forget";
  }

  /** Stores the session on the next save even if it holds no data. */
  persist(): void {
    this.assertWritable();
    if (this.state.version === null) this.forceWrite = true;
  }

  /** Whether `save()` has anything to write. */
  isDirty(): boolean {
    return this.dirty || this.forceWrite || this.ending !== null;
  }

  /** The cookie state after the last save: what the visitor's cookie must now say. */
  get cookie(): SessionCookie {
    return this.state.cookie;
  }

  /** @internal Adds or removes logins (login, logout); replayed on conflict like any change. */
  changeLogins(fn: (current: readonly string[]) => string[]): void {
    this.assertWritable();
    this.record({ kind: "logins", fn });
  }

  /** @internal Replaces all data with `fn(current)` (the login merge); replayed on conflict. */
  replaceData(fn: (current: SessionData) => SessionData): void {
    this.assertWritable();
    this.record({ kind: "data", fn });
  }

  /** @internal */
  get logins(): readonly string[] {
    return this.state.logins;
  }

  /** @internal The live record of an idempotency key (hashed) in this session, if any. */
  idempotencyRecord(key: string, now: number): KeyRecord | undefined {
    return findRecord(this.state.data[IDEMPOTENCY_SLOT], key, now);
  }

  /**
   * @internal Records `claim` with this session's next write (the same compare-and-swap as
   * the changes). It alone makes nothing dirty: a request that changes nothing writes nothing.
   * If the save's replay finds the key on the fresh row, the save throws `IdempotencyHit`.
   */
  claimIdempotencyKey(claim: IdempotencyClaim): void {
    this.assertWritable();
    const mutation: Mutation = { kind: "update", key: IDEMPOTENCY_SLOT, fn: (slot) => withClaim(slot, claim) };
    applyMutation(this.state, mutation);
    this.mutations.push(mutation);
    this.claim = { mutation, key: claim.key, written: false };
  }

  /** @internal Whether a save already stored the claim (the handler saved before answering). */
  get claimWritten(): boolean {
    return this.claim?.written === true;
  }

  /**
   * @internal Records the response on the claimed key: part of the pending write, or, when
   * the claim was already saved, a change of its own (`save()` then writes it).
   */
  recordResponse(response: RecordedResponse | undefined): void {
    const claim = this.claim;
    if (!claim || !response) return;
    const mutation: Mutation = { kind: "update", key: IDEMPOTENCY_SLOT, fn: (slot) => withResponse(slot, claim.key, response) };
    applyMutation(this.state, mutation);
    this.mutations.push(mutation);
    if (claim.written) this.dirty = true;
  }

  /** @internal Drops every change not yet saved (a follow-up write that failed must not fail the answer). */
  dropUnsaved(): void {
    this.mutations = [];
    this.dirty = false;
    this.forceWrite = false;
  }

  /** @internal A replay: from now on changes are dropped and saves write nothing, so the handler only reads. */
  discardChanges(): void {
    this.discarding = true;
    this.dropUnsaved();
    this.ending = null;
  }

  /**
   * Persists recorded changes with compare-and-swap on the row version. On conflict the
   * row is reloaded and every recorded change is re-applied, then saved again. No change,
   * no write.
   */
  save(): Promise<SaveOutcome> {
    return (this.context.telemetry ?? NO_TELEMETRY).run(SPAN.save, async (scope) => {
      if (scope) {
        scope.set("db.operation.name", "save");
        scope.identify({ sessionKey: this.state.cookie.key, customerId: this.state.cookie.customerId });
      }
      const outcome = await this.saveOnce(scope);
      scope?.set("cartsession.save.outcome", outcome);
      return outcome;
    });
  }

  private async saveOnce(scope: OperationScope | undefined): Promise<SaveOutcome> {
    const { store, settings } = this.context;
    if (this.ending !== null) {
      const ending = this.ending;
      const { cookie } = this.state;
      if (ending === "destroy") {
        if (cookie.persisted || this.state.version !== null) await store.delete(cookie.key);
      } else if (cookie.customerId !== null && cookie.loginId !== null && this.state.version !== null) {
        const loginId = cookie.loginId;
        this.mutations = [{ kind: "logins", fn: (logins) => logins.filter((id) => id !== loginId) }];
        applyMutation(this.state, this.mutations[0] as Mutation);
        await this.writeLoop(this.mutations, true, scope);
      }
      this.state = { cookie: newGuestCookie(settings, newGuestKey(), settings.clock.nowSeconds()), data: {}, version: null, logins: [] };
      this.mutations = [];
      this.dirty = false;
      this.forceWrite = false;
      this.ending = null;
      return ending === "destroy" ? "destroyed" : "forgotten";
    }
    if (this.discarding || (!this.dirty && !this.forceWrite)) return "unchanged";
    const wrote = await this.writeLoop(this.mutations, this.forceWrite, scope);
    if (wrote && this.claim && this.mutations.includes(this.claim.mutation)) this.claim.written = true;
    // The same cookie object unless it changed, so its known seal is reused (no re-seal).
    if (wrote && !this.state.cookie.persisted) this.state = { ...this.state, cookie: { ...this.state.cookie, persisted: true } };
    this.mutations = [];
    this.dirty = false;
    this.forceWrite = false;
    return "saved";
  }

  /** The compare-and-swap loop shared by saves and render-time removals. True when a row was written. */
  private async writeLoop(mutations: readonly Mutation[], forceWrite: boolean, scope?: OperationScope): Promise<boolean> {
    const lock = this.context.saveLock;
    const key = this.state.cookie.key;
    return lock ? lock.run(key, () => this.writeAttempts(mutations, forceWrite, scope)) : this.writeAttempts(mutations, forceWrite, scope);
  }

  private async writeAttempts(mutations: readonly Mutation[], forceWrite: boolean, scope?: OperationScope): Promise<boolean> {
    const { store, settings } = this.context;
    let force = forceWrite;
    // Login and logout change the logins themselves: their replay settles the login id.
    const changesLogins = mutations.some((m) => m.kind === "logins");
    for (let attempt = 0; attempt < MAX_SAVE_ATTEMPTS; attempt++) {
      const now = settings.clock.nowSeconds();
      const { cookie, data } = this.state;
      if (Object.keys(data).length === 0 && this.state.logins.length === 0 && this.state.version === null && !force) return false;
      const value = settings.codec.encode(data, cookie.key);
      const bytes = Buffer.byteLength(value);
      if (bytes > settings.maxValueBytes) {
        throw new SessionError("session_too_large", `The session would hold ${bytes} bytes, over the ${settings.maxValueBytes}-byte limit; nothing was saved.`);
      }
      const base = this.state.base?.version === this.state.version ? this.state.base : undefined;
      const recorded = base?.updatedAt;
      const activity = recorded !== undefined && now >= recorded && now - recorded < ACTIVITY_STEP_SECONDS ? recorded : now;
      const write: SessionWrite = {
        key: cookie.key,
        customerId: cookie.customerId,
        logins: this.state.logins,
        value,
        expiresAt: Math.max(rowExpiryFor(settings, cookie), now + 1),
        activeUntil: cookie.expiration,
        items: cartItemCount(data[settings.cartKey]),
        bytes,
        now: activity,
        expectedVersion: this.state.version,
        base,
      };
      // A brand-new guest row counts against its address's limit, once, before it exists.
      if (write.expectedVersion === null && !cookie.persisted && cookie.customerId === null && this.clientAddress !== null) {
        const address = this.clientAddress;
        this.clientAddress = null;
        await this.context.admitNewSession?.(address);
      }
      const result = await store.save(write);
      if (result.ok) {
        const base: SessionRecord = {
          key: write.key,
          customerId: write.customerId,
          logins: write.logins,
          value: write.value,
          expiresAt: write.expiresAt,
          activeUntil: write.activeUntil,
          items: write.items,
          bytes,
          updatedAt: write.now,
          version: result.version,
        };
        this.state = { ...this.state, version: result.version, base };
        if (write.expectedVersion === null) scope?.created(write.customerId === null ? "guest" : "customer");
        return true;
      }
      scope?.conflict();
      await (this.context.backoff ?? defaultBackoff)(attempt);
      const fresh = await (this.context.urgentStore ?? store).load(cookie.key);
      const freshNow = settings.clock.nowSeconds();
      const revoked =
        cookie.customerId !== null &&
        (!fresh || fresh.customerId !== cookie.customerId || (!changesLogins && cookie.loginId !== null && !fresh.logins.includes(cookie.loginId)));
      if (revoked) {
        if (this.state.version === null) throw new CustomerRowTaken();
        // This login was revoked (or the session erased) meanwhile: the changes go to a new guest.
        force = false;
        this.state = { cookie: newGuestCookie(settings, newGuestKey(), freshNow), data: {}, version: null, logins: [] };
        for (const mutation of mutations) if (mutation.kind !== "logins") applyMutation(this.state, mutation);
        if (!changesLogins) continue;
        // A login or logout whose session vanished has nothing left to write.
        return false;
        continue;
      }
      this.state = {
        cookie: this.state.cookie,
        base: fresh,
        version: fresh ? fresh.version : null,
        data: fresh && fresh.expiresAt > freshNow ? settings.codec.decode(fresh.value, fresh.key) : {},
        logins: fresh && fresh.expiresAt > freshNow ? fresh.logins : [],
      };
      for (const mutation of mutations) applyMutation(this.state, mutation);
    }
    throw new SessionError("session_conflict", `Could not save the session after ${MAX_SAVE_ATTEMPTS} concurrent-update retries.`);
  }

  private record(mutation: Mutation): void {
    if (this.discarding) return;
    if (mutation.kind !== "logins" && mutation.kind !== "data" && mutation.key === IDEMPOTENCY_SLOT) {
      throw new TypeError(`"${IDEMPOTENCY_SLOT}" is reserved for idempotency keys`);
    }
    const pick = (): unknown => (mutation.kind === "logins" ? this.state.logins : mutation.kind === "data" ? this.state.data : this.state.data[mutation.key]);
    const before = JSON.stringify(pick());
    applyMutation(this.state, mutation);
    this.mutations.push(mutation);
    const after = pick();
    if (before !== JSON.stringify(after)) this.dirty = true;
  }

  private assertWritable(): void {
    if (!this.writable) throw new SessionError("session_read_only", READ_ONLY_MESSAGE);
  }
}

function applyMutation(state: SessionState, mutation: Mutation): void {
  if (mutation.kind === "logins") {
    state.logins = mutation.fn(state.logins);
    return;
  }
  if (mutation.kind === "data") {
    state.data = toJson(mutation.fn(toJson(state.data) as SessionData)) as SessionData;
    return;
  }
  const next = mutation.kind === "set" ? mutation.value : toJson(mutation.fn(toJson(state.data[mutation.key])));
  if (next === null || next === undefined) delete state.data[mutation.key];
  else state.data[mutation.key] = next;
}
