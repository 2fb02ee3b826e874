/**
 * The storage port. The engine talks to a database only through this interface; each
 * store implements the required core, and may add optional capabilities that the engine
 * (and the admin tools of an app) detect at run time. The contract suite in
 * `cartsession/testing` holds every store to the same behaviour, tier by tier.
 */

/** One stored session: facts in columns, the data as an encoded value. */
export interface SessionRecord {
  key: string;
  /** The logged-in customer this session belongs to, or null for a guest. */
  customerId: string | null;
  /** Ids of the customer's live logins (devices); a cookie must name one of them. */
  logins: readonly string[];
  /** The encoded session value (JSON, or an encrypted envelope). */
  value: string;
  /** Unix seconds; past it the row is never served and is eligible for cleanup. */
  expiresAt: number;
  /** Unix seconds; the end of the cookie as last seen by the engine (admin figures use it). */
  activeUntil: number;
  /** Bumped on every write; saves are compare-and-swap on it. */
  version: number;
  /** Units in the cart, UTF-8 bytes of `value` and the last write (unix seconds), where the store keeps them. */
  items?: number;
  bytes?: number;
  updatedAt?: number;
}

export interface SessionWrite {
  key: string;
  customerId: string | null;
  logins: readonly string[];
  value: string;
  expiresAt: number;
  activeUntil: number;
  /** Units in the session's cart, kept so admin figures never decode values. */
  items: number;
  /** UTF-8 bytes of `value`, when the caller already measured them. */
  bytes?: number;
  /**
   * Unix seconds, recorded as the row's last activity (and creation, on insert). The engine
   * moves a loaded row's activity in steps of a minute: a save
   * within a minute of it passes the row's own `updatedAt` again.
   */
  now: number;
  /**
   * The version this write was based on, or null to insert a row that must not exist yet.
   * An insert also conflicts when another row already belongs to the same customer.
   */
  expectedVersion: number | null;
  /**
   * The row as loaded at `expectedVersion`, when the engine knows it. A store may use it to
   * write only the columns that differ (fewer index updates); the compare-and-swap on the
   * version is what keeps the write correct, so a store is free to ignore it.
   */
  base?: SessionRecord;
}

export type SaveResult = { ok: true; version: number } | { ok: false; reason: "conflict" };

/** How a batched delete runs. */
export interface BatchOptions {
  /** Upper bound on rows per DELETE statement (default 5,000). */
  batchSize?: number;
  /** Target duration of one batch; batches shrink or grow toward it (store default). */
  targetBatchMs?: number;
  /** Stop starting new batches after this long (default 10 s). */
  timeBudgetMs?: number;
  /** Called after every batch, e.g. for a progress bar. */
  onBatch?: (progress: { deleted: number; batches: number }) => void;
}

export interface CleanupOptions extends BatchOptions {
  /** Rows whose `expiresAt` is before this (unix seconds) are deleted. */
  before: number;
}

export interface CleanupResult {
  deleted: number;
  batches: number;
  durationMs: number;
  /** Expired rows still present when the run stopped (0 when it finished; -1 when the store cannot tell). */
  remaining: number;
}

/** The required core: six methods. */
export interface SessionStore {
  /** A short name for logs and health reports (`sqlite`, `postgres`, `redis`, …). */
  readonly name: string;
  load(key: string): Promise<SessionRecord | null>;
  /** The session that belongs to a customer, if any (at most one per customer). */
  loadByCustomer(customerId: string): Promise<SessionRecord | null>;
  /** Compare-and-swap on `expectedVersion`; never overwrites a concurrent write. */
  save(write: SessionWrite): Promise<SaveResult>;
  /** True when a row was deleted. */
  delete(key: string): Promise<boolean>;
  /** Moves a row's `expiresAt` and `activeUntil` (a renewal) and records `now` as activity; value and version stay. */
  touch(key: string, expiresAt: number, activeUntil: number, now: number): Promise<boolean>;
  /**
   * Deletes rows past their expiry (by the engine's clock, `before`) in short batches. A
   * store that also expires rows by itself (a TTL) still removes and counts what expired by
   * `before`, which may be ahead of its own clock.
   */
  deleteExpired(options: CleanupOptions): Promise<CleanupResult>;
  /** Releases connections the store opened itself (not ones the app handed it). */
  close?(): Promise<void>;
}

/* ---------- optional capabilities ---------- */

/**
 * Where a row stands at a time: `active` while its cookie can still be used, `ended` once
 * the cookie has ended but the row is kept (one lifetime, for renewals), `expired` once the
 * row is past its expiry and waits for cleanup.
 */
export type SessionStatus = "active" | "ended" | "expired";

/** Filters for listing and counting sessions (all optional, combined with AND). */
export interface SessionQuery {
  kind?: "guest" | "customer";
  /** Rows in any of these states at `now` (required with `status`). */
  status?: readonly SessionStatus[];
  now?: number;
  /** Carts with at least one unit (`open`) or none (`empty`). */
  cart?: "open" | "empty";
  /** Only sessions with no activity since this time (abandoned carts). */
  idleBefore?: number;
  /** A session key prefix, or a customer id (exact). */
  search?: string;
}

export interface SessionSummary {
  key: string;
  customerId: string | null;
  expiresAt: number;
  activeUntil: number;
  createdAt: number;
  /** Unix seconds of the last write or renewal. */
  updatedAt: number;
  items: number;
  /** Bytes of the stored value. */
  bytes: number;
  /** The encoded value, for callers that decode it. */
  value: string;
}

export interface InspectableStore {
  listSessions(query: SessionQuery & { limit: number; offset: number; order?: "recent" | "largest" }): Promise<SessionSummary[]>;
  /** How many sessions match: the true total behind a paged list. */
  countSessions(query: SessionQuery): Promise<number>;
  /** Deletes every session matching `kind` (or all) in batches; returns how many went. */
  clearSessions(options: { kind?: "guest" | "customer" }): Promise<number>;
}

/**
 * The time buckets and cart sizes of `aggregates()`: the caller's chart layout, e.g.
 * `{ buckets: 48, bucketSeconds: 3600, largestCartSize: 10 }` for two days by the hour and
 * carts of 1 to 9 units plus "10 or more".
 */
export interface AggregateLayout {
  /** How many time buckets `expiring` and `created` hold (1 to 1,000). */
  buckets: number;
  /** The length of one bucket, seconds (at least 60). */
  bucketSeconds: number;
  /** The last cart-size bucket, which also counts every larger cart (1 to 1,000). */
  largestCartSize: number;
}

/** Aggregates for an admin overview, computed in the database. */
export interface SessionAggregates {
  /** Live sessions (cookie not yet expired). */
  active: number;
  activeGuests: number;
  activeCustomers: number;
  /** Rows of any state, and the rows past their expiry waiting for cleanup. */
  rows: number;
  expiredRows: number;
  /** Live sessions with a non-empty cart, and the units in them. */
  openCarts: number;
  itemsInOpenCarts: number;
  /** Live sessions by the bucket their cookie ends in, from now on (index 0 = the first `bucketSeconds`). */
  expiring: number[];
  /** Sessions created per bucket, oldest first (the last index = the bucket that ends now). */
  created: number[];
  /** Open carts by units in them: index n = n units (index 0 unused), the last index = `largestCartSize` or more. */
  cartSizes: number[];
  /** Bytes of all session values, and of the table on disk where the store can tell. */
  valueBytes: number;
  tableBytes: number | null;
}

export interface AggregatingStore {
  aggregates(now: number, layout: AggregateLayout): Promise<SessionAggregates>;
}

/** One cleanup or purge run, kept so an admin page can show when cleanup last ran. */
export interface CleanupRun {
  /** Unix seconds. */
  startedAt: number;
  source: "cron" | "cli" | "admin";
  kind: "expired" | "purge";
  deleted: number;
  batches: number;
  durationMs: number;
  remaining: number;
}

export interface CleanupLogStore {
  recordCleanupRun(run: CleanupRun): Promise<void>;
  /** Newest first. */
  cleanupRuns(limit: number): Promise<CleanupRun[]>;
}

export interface PurgeOptions extends BatchOptions {
  /** Rows with no activity (write or renewal) since this (unix seconds) are deleted, expired or not. */
  updatedBefore: number;
}

export interface PurgingStore {
  purgeInactive(options: PurgeOptions): Promise<CleanupResult>;
}

/** One row for `bulkInsert` (test data, imports). */
export interface BulkSessionRow {
  key: string;
  customerId?: string | null;
  value: string;
  expiresAt: number;
  activeUntil: number;
  createdAt: number;
  updatedAt: number;
  items?: number;
}

export interface BulkLoadingStore {
  /** Inserts rows whose key is new (existing keys are skipped); returns rows inserted. */
  bulkInsert(rows: readonly BulkSessionRow[]): Promise<number>;
}

export interface ProbingStore {
  /**
   * Proves in constant time that the store reads and writes durably right now (e.g. a
   * one-row write to a probe table; for SQLite also that the file on disk is still the one
   * open and writable). Throws when it cannot.
   */
  probe(): Promise<void>;
}

/** One counted hit on a rate-limit bucket. */
export interface RateLimitHit {
  /** Hits on the bucket in the current window, this one included. */
  count: number;
  /** Unix seconds when the window ends and the count starts over. */
  resetAt: number;
}

/**
 * Fixed-window counters in the store itself, so a limit holds across every app instance
 * (login throttling, new sessions per client address). Bucket names arrive hashed: no raw
 * address or email is stored.
 */
export interface RateLimitingStore {
  /** Counts one hit on `bucket` in the `windowSeconds` window containing `now` (windows start at multiples of it). */
  hit(bucket: string, windowSeconds: number, now: number): Promise<RateLimitHit>;
  /** Forgets a bucket (e.g. an account's failed logins after a successful one). */
  clearHits(bucket: string): Promise<void>;
  /** Deletes buckets whose window ended before `now`; returns how many (the cleanup runs it). */
  pruneHits(now: number): Promise<number>;
}

export interface Capabilities {
  inspection: InspectableStore;
  rateLimit: RateLimitingStore;
  aggregates: AggregatingStore;
  cleanupLog: CleanupLogStore;
  purge: PurgingStore;
  bulkLoad: BulkLoadingStore;
  probe: ProbingStore;
}

const CAPABILITY_METHODS: { [K in keyof Capabilities]: readonly (keyof Capabilities[K])[] } = {
  inspection: ["listSessions", "countSessions", "clearSessions"],
  aggregates: ["aggregates"],
  rateLimit: ["hit", "clearHits", "pruneHits"],
  cleanupLog: ["recordCleanupRun", "cleanupRuns"],
  purge: ["purgeInactive"],
  bulkLoad: ["bulkInsert"],
  probe: ["probe"],
};

/** Whether `store` offers a capability (checked by its methods, at run time). */
export function supports<K extends keyof Capabilities>(store: SessionStore, capability: K): store is SessionStore & Capabilities[K] {
  return CAPABILITY_METHODS[capability].every((method) => typeof (store as unknown as Record<PropertyKey, unknown>)[method] === "function");
}

/** A store with every optional capability: what the SQLite and Postgres stores are. `close()` releases what it opened. */
export type CompleteSessionStore = SessionStore & { close(): Promise<void> } &
  InspectableStore &
  AggregatingStore &
  CleanupLogStore &
  PurgingStore &
  BulkLoadingStore &
  ProbingStore &
  RateLimitingStore;
