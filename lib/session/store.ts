/**
 * The storage contract. `lib/session` talks to a database only through this interface;
 * `db/` implements it once per database and every implementation passes the same
 * contract suite (`test/store-contract.ts`).
 */

export interface StoredSession {
  key: string;
  /** The encoded session value (JSON, or an encrypted envelope). */
  value: string;
  /** Unix seconds; past it the row is eligible for cleanup and never served. */
  expiry: number;
  /** Bumped on every write; saves are compare-and-swap on it. */
  version: number;
}

export interface SaveRequest {
  key: string;
  value: string;
  expiry: number;
  /** The version this write was based on, or null to insert a row that must not exist yet. */
  expectedVersion: number | null;
  /** Unix seconds, recorded as the row's last activity. */
  now: number;
  /** Units in the session's cart (denormalised for admin figures); 0 when absent. */
  items?: number;
}

export type SaveResult = { ok: true; version: number } | { ok: false; reason: "conflict" };

/** How a batched delete runs (see db/cleanup.ts). */
export interface BatchOptions {
  /** Upper bound on rows per DELETE statement (default 5,000). */
  batchSize?: number;
  /** Target duration of one batch; batches shrink or grow toward it (default 25 ms). */
  targetBatchMs?: number;
  /** Stop starting new batches after this long (default 10 s). */
  timeBudgetMs?: number;
  /** Pause after each batch, as a multiple of its duration, so other writers get the lock (store default). */
  pauseRatio?: number;
  /** Called after every batch, e.g. for a progress bar. */
  onBatch?: (progress: { deleted: number; batches: number }) => void;
}

export interface CleanupOptions extends BatchOptions {
  /** Rows with expiry before this (unix seconds) are deleted. */
  before: number;
}

export interface CleanupResult {
  deleted: number;
  batches: number;
  durationMs: number;
  /** Expired rows still present when the run stopped (0 when it finished). */
  remaining: number;
}

export interface StoreStats {
  rows: number;
  /** Rows whose expiry has not passed. */
  active: number;
  /** Rows past their expiry, waiting for cleanup. */
  expired: number;
  /** Bytes of all session values. */
  valueBytes: number;
  /** Bytes the table (and its indexes) occupy on disk, where the store can tell. */
  tableBytes: number | null;
}

export interface PurgeOptions extends BatchOptions {
  /** Rows whose last activity (write or renewal) is before this (unix seconds) are deleted, expired or not. */
  updatedBefore: number;
}

export interface SessionListEntry {
  key: string;
  expiry: number;
  /** Unix seconds of the last write or renewal. */
  updated: number;
  /** Bytes of the stored value. */
  bytes: number;
  /** The encoded value, for callers that decode it (e.g. to count cart items). */
  value: string;
}

/** Aggregates for the admin overview and charts, computed in the database. */
export interface AdminAggregates {
  guests: number;
  customers: number;
  /** Sessions whose cookie can still be used. */
  active: number;
  /** Rows past their expiry, waiting for cleanup. */
  expiredRows: number;
  /** Active sessions with a non-empty cart, and the units in them. */
  openCarts: number;
  itemsInOpenCarts: number;
  /** Active sessions whose cookie ends within the next hour. */
  expiringNextHour: number;
  /** Active sessions by the hour their cookie ends, for the next 48 hours (index 0 = this hour). */
  expiryByHour: number[];
  /** Sessions created per hour over the last 48 hours (index 0 = the last hour). */
  createdByHour: number[];
  /** Open carts by units in them: index 1..9 exact, index 10 = ten or more (index 0 unused). */
  cartSizes: number[];
}

/** Lifetimes the aggregates need to tell a session's cookie expiry from its row expiry. */
export interface AggregateParams {
  now: number;
  guestLifetime: number;
  userLifetime: number;
}

export interface RestoreToken {
  tokenHash: string;
  sessionKey: string;
  /** The cart lines as JSON. */
  cart: string;
  createdAt: number;
  expiresAt: number;
}

/** One row for `bulkInsert` (test data, imports). */
export interface BulkSessionRow {
  key: string;
  value: string;
  expiry: number;
  created: number;
  updated: number;
  /** Units in the cart (default 0). */
  items?: number;
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

export interface SessionStore {
  readonly kind: "sqlite" | "postgres";
  load(key: string): Promise<StoredSession | null>;
  save(request: SaveRequest): Promise<SaveResult>;
  /** True when a row was deleted. */
  delete(key: string): Promise<boolean>;
  /** Move a row's expiry (renewal) and record `now` as its last activity, without touching its value or version. */
  touch(key: string, expiry: number, now: number): Promise<boolean>;
  deleteExpired(options: CleanupOptions): Promise<CleanupResult>;
  /** Deletes rows inactive since `updatedBefore`, in batches like `deleteExpired`. */
  purgeInactive(options: PurgeOptions): Promise<CleanupResult>;
  /** Inserts rows whose key is new (existing keys are skipped) in as few transactions as possible; returns rows inserted. */
  bulkInsert(rows: readonly BulkSessionRow[]): Promise<number>;
  /** Rows whose expiry is after `now` are active; the others are expired. */
  stats(now: number): Promise<StoreStats>;
  /** Newest activity first. */
  list(options: { limit: number; offset: number }): Promise<SessionListEntry[]>;
  /** The biggest stored values first. */
  largest(limit: number): Promise<SessionListEntry[]>;
  /** Sessions with no activity since `updatedBefore`, most recently active first (abandoned carts). */
  listIdle(options: { updatedBefore: number; limit: number; offset: number }): Promise<SessionListEntry[]>;
  /** Stores a single-use cart restore link (only the token's hash). */
  createRestoreToken(token: RestoreToken): Promise<void>;
  /** Marks the token used and returns its cart, atomically; null when used, expired or unknown. */
  consumeRestoreToken(tokenHash: string, now: number): Promise<string | null>;
  adminAggregates(params: AggregateParams): Promise<AdminAggregates>;
  /** Stored sessions by kind: guests (`t_…` keys) and customers (user ids). */
  countByKind(): Promise<{ guests: number; customers: number }>;
  /** Deletes every guest session, or every session, in batches; returns how many went. */
  clearSessions(options: { guestsOnly: boolean }): Promise<number>;
  recordCleanupRun(run: CleanupRun): Promise<void>;
  /** Newest first. */
  cleanupRuns(limit: number): Promise<CleanupRun[]>;
  close(): Promise<void>;

  // issue 16 additions: the admin's filtered session lists with true totals.
  /** How many rows `filter` matches. */
  countSessions(filter: SessionFilter): Promise<number>;
  /** The rows `filter` matches, newest activity first (as `list`). */
  listSessions(filter: SessionFilter, page: { limit: number; offset: number }): Promise<SessionListEntry[]>;
}

// issue 16 additions: filters for countSessions / listSessions.

/**
 * Where a stored session is in its life: `active` while its cookie can still be used;
 * `ended` once the cookie has expired but the row is still kept (one more lifetime, see
 * rowExpiryFor); `expired` once the row itself is past its expiry and waits for cleanup.
 */
export type SessionStatus = "active" | "ended" | "expired";

/** Which rows an admin list or count covers. An unset (or empty) field does not narrow. */
export interface SessionFilter extends AggregateParams {
  /** Guests (`t_…` keys) or logged-in customers. */
  kind?: "guest" | "customer";
  /** Any of these statuses, judged at `now` with the two lifetimes (as adminAggregates does). */
  status?: readonly SessionStatus[];
  /** `open`: the cart holds items (`session_items > 0`); `empty`: it holds none. */
  cart?: "open" | "empty";
  /** Only rows with no activity since this (unix seconds): `session_updated < idleSince`. */
  idleSince?: number;
}
