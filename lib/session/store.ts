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
}

export type SaveResult = { ok: true; version: number } | { ok: false; reason: "conflict" };

export interface CleanupOptions {
  /** Rows with expiry before this (unix seconds) are deleted. */
  before: number;
  /** Upper bound on rows per DELETE statement (default 5,000). */
  batchSize?: number;
  /** Target duration of one batch; batches shrink or grow toward it (default 25 ms). */
  targetBatchMs?: number;
  /** Stop starting new batches after this long (default 10 s). */
  timeBudgetMs?: number;
  /** Called after every batch, e.g. for a progress bar. */
  onBatch?: (progress: { deleted: number; batches: number }) => void;
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

export interface SessionListEntry {
  key: string;
  expiry: number;
  updated: number;
  bytes: number;
}

export interface SessionStore {
  readonly kind: "sqlite" | "postgres";
  load(key: string): Promise<StoredSession | null>;
  save(request: SaveRequest): Promise<SaveResult>;
  /** True when a row was deleted. */
  delete(key: string): Promise<boolean>;
  /** Move a row's expiry (renewal) without touching its value or version. */
  touch(key: string, expiry: number): Promise<boolean>;
  deleteExpired(options: CleanupOptions): Promise<CleanupResult>;
  stats(now: number): Promise<StoreStats>;
  /** Newest activity first. */
  list(options: { limit: number; offset: number }): Promise<SessionListEntry[]>;
  close(): Promise<void>;
}
