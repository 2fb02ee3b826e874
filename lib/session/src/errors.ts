/**
 * Errors are values with a stable `code` and a human `message`. The Next.js binding maps
 * them to HTTP in one place (`next/http.ts`); apps can do the same with `errorStatus`.
 */
export type SessionErrorCode =
  /** A Server Component tried to write; writes belong in Server Actions and Route Handlers. */
  | "session_read_only"
  /** A save lost the compare-and-swap race too many times in a row. */
  | "session_conflict"
  /** The encoded session would exceed `limits.maxValueBytes`; nothing was saved. */
  | "session_too_large"
  /** The store cannot be reached (or answered garbage); nothing was changed, retry later. */
  | "store_unavailable"
  /**
   * A write was sent to the store but its answer never came (a deadline after the request
   * was sent, a connection lost mid-write): it may or may not have been applied. Retry with
   * the same `Idempotency-Key`, which replays the outcome if it was applied.
   */
  | "outcome_unknown"
  /** An `Idempotency-Key` was used before for a different request (method, path or body). */
  | "idempotency_key_reused"
  /** An `Idempotency-Key` is empty, longer than 255 characters or not printable ASCII, or the request body is too large to fingerprint. */
  | "invalid_idempotency_key"
  /** The store's tables are missing or were not created by cartsession's migrations. */
  | "store_not_migrated"
  /** An option (or the environment variable behind it) is invalid. */
  | "invalid_options"
  /** A customer id handed to `onLogin` is not a non-empty string of at most 255 characters. */
  | "invalid_customer_id"
  /** A rate limit was reached (new sessions per address, or the app's own limits); retry after `retryAfter` seconds. */
  | "rate_limited";

const CODES: ReadonlySet<string> = new Set<SessionErrorCode>([
  "session_read_only",
  "session_conflict",
  "session_too_large",
  "store_unavailable",
  "store_not_migrated",
  "invalid_options",
  "invalid_customer_id",
  "rate_limited",
]);

/**
 * The brand every engine error carries, as a global symbol: the same in every copy of this
 * package a bundler loads (Next.js builds Route Handlers, Server Components and Server
 * Actions as separate layers, each with its own `SessionError` class).
 */
const BRAND = Symbol.for("cartsession.SessionError");

export class SessionError extends Error {
  readonly code: SessionErrorCode;
  /** Seconds until a retry can succeed (`rate_limited`, `store_unavailable`), when known. */
  readonly retryAfter: number | undefined;
  constructor(code: SessionErrorCode, message: string, options?: { cause?: unknown; retryAfter?: number }) {
    super(message, options);
    this.name = "SessionError";
    this.code = code;
    this.retryAfter = options?.retryAfter;
    Object.defineProperty(this, BRAND, { value: true });
  }
}

/**
 * Whether `value` is an engine error, from this copy of the package or any other: decided
 * by its brand (or its name and a known code), never by class identity, so
 * `instanceof SessionError` failing across bundle layers never turns an outage into a 500.
 */
export function isSessionError(value: unknown): value is SessionError {
  if (value instanceof SessionError) return true;
  if (typeof value !== "object" || value === null) return false;
  const code = (value as { code?: unknown }).code;
  if (typeof code !== "string" || !CODES.has(code)) return false;
  return (value as Record<symbol, unknown>)[BRAND] === true || ((value as { name?: unknown }).name === "SessionError" || (value as { name?: unknown }).name === "OptionsError");
}

/** Whether `error` is the engine's outage error (`store_unavailable`): retry later, answer 503. */
export function isStoreUnavailable(error: unknown): boolean {
  return isSessionError(error) && error.code === "store_unavailable";
}

/**
 * The error a store reports an outage with (the store cannot be reached, is read-only, or
 * answered garbage). Store adapters call it for their driver's failures; the engine and its
 * HTTP mapping only look at the code.
 */
export function storeUnavailable(cause: unknown, message = "The session store is unavailable; please retry shortly."): SessionError {
  return new SessionError("store_unavailable", message, { cause });
}

/**
 * The error a store reports a write with whose outcome is unknown: the request reached (or
 * may have reached) the database, and no answer came back. A store must never report such a
 * write as `store_unavailable`, which promises that nothing changed.
 */
export function outcomeUnknown(cause: unknown, message = "The session store did not confirm this write; it may or may not have been applied. Retry with the same Idempotency-Key."): SessionError {
  return new SessionError("outcome_unknown", message, { cause });
}

/** Whether `error` is `outcome_unknown`: the write may have landed; retry with the same Idempotency-Key. */
export function isOutcomeUnknown(error: unknown): boolean {
  return isSessionError(error) && error.code === "outcome_unknown";
}

/** An invalid option. `option` is the name the caller used: an option path or an env variable. */
export class OptionsError extends SessionError {
  readonly option: string;
  constructor(option: string, problem: string) {
    super("invalid_options", `Invalid cartsession configuration: ${option} ${problem}`);
    this.name = "OptionsError";
    this.option = option;
  }
}

/** The HTTP status an engine error deserves (4xx for the caller's fault, 503 for outages). */
export function errorStatus(code: SessionErrorCode): number {
  switch (code) {
    case "session_too_large":
      return 413;
    case "session_conflict":
      return 409;
    case "invalid_customer_id":
      return 400;
    case "rate_limited":
      return 429;
    case "idempotency_key_reused":
      return 422;
    case "invalid_idempotency_key":
      return 400;
    case "store_unavailable":
    case "outcome_unknown":
    case "store_not_migrated":
      return 503;
    default:
      return 500;
  }
}
