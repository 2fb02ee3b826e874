import { SessionError } from "cartsession";

/*
 * The demo's own rule for its own queries (catalog, accounts, restore links): a database
 * that cannot be reached right now is an outage, answered like the engine's own outages
 * (`SessionError("store_unavailable")`: 503 with Retry-After over HTTP, the 503 page for
 * pages and forms), never a 500. Anything else (a constraint, a bug in a query) stays what
 * it is. The session store classifies its own driver's errors; this is only for `db/`.
 */

/** SQLite result codes and socket/file errno codes that mean "cannot reach the data now". */
const OUTAGE_CODE =
  /^(SQLITE_(CANTOPEN|BUSY|LOCKED|IOERR|READONLY|FULL|PROTOCOL|NOTADB|CORRUPT)|ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|ENOTFOUND|EAI_AGAIN|EACCES|EROFS|ENOSPC|ENOTDIR|UND_ERR|57P0[1-3]|53\d\d\d|08\d\d\d|3D000|28P01|28000)/;

/** What drivers say when the link or the file is gone (fetch, sockets, better-sqlite3). */
const OUTAGE_MESSAGE = /connect|connection|terminated|timeout|timed out|unable to open|readonly|disk|fetch failed|socket|network|aborted/i;

/**
 * Neon's SQL-over-HTTP endpoint answers 500 when it cannot reach Postgres, a gateway in
 * front of it 502-504 (507, a result too large, is no outage); a connection lost
 * mid-query arrives as "error communicating with the server".
 */
const NEON_OUTAGE = /^(Server error \(HTTP status 50[0234]\)|error communicating with the server)/;

/** Drizzle wraps a driver's error ("Failed query: <sql>") with the driver's as `cause`: judge the driver's, never the SQL text. */
function driverError(error: unknown): unknown {
  let current = error;
  for (let depth = 0; depth < 5; depth++) {
    if (!(current instanceof Error) || !current.message.startsWith("Failed query:") || current.cause === undefined) return current;
    current = current.cause;
  }
  return current;
}

function looksLikeOutage(error: Error): boolean {
  const code = String((error as { code?: unknown }).code ?? "");
  if (OUTAGE_CODE.test(code)) return true;
  if (error.name === "TimeoutError" || error.name === "AbortError") return true;
  return OUTAGE_MESSAGE.test(error.message) || NEON_OUTAGE.test(error.message);
}

/**
 * A SessionError, also one of another copy of the package: Next.js compiles
 * instrumentation.ts and each route as separate bundles, and the database opened by one
 * (shared through globalThis, db/index.ts) throws that bundle's class into the others.
 */
function isSessionError(error: unknown): error is Error & { code: unknown } {
  return error instanceof SessionError || (error instanceof Error && error.name === "SessionError");
}

/** Whether `error` (from a query of the demo's own tables) means the database is unreachable right now. */
export function isDatabaseOutage(error: unknown): boolean {
  if (isSessionError(error)) return error.code === "store_unavailable";
  const driver = driverError(error);
  if (!(driver instanceof Error)) return driver !== undefined && driver !== null;
  // fetch failures keep the socket error as their cause ("fetch failed" ← ECONNREFUSED).
  for (let current: unknown = driver, depth = 0; current instanceof Error && depth < 5; current = current.cause, depth++) {
    if (looksLikeOutage(current)) return true;
  }
  return false;
}

/**
 * `error` as this bundle's `SessionError("store_unavailable")`, which the engine's HTTP
 * helpers (`instanceof`) answer with 503 and Retry-After. Any other SessionError is kept.
 */
export function databaseUnavailable(error: unknown): SessionError {
  if (error instanceof SessionError) return error;
  if (isSessionError(error) && error.code !== "store_unavailable") return error as SessionError;
  const message = isSessionError(error) ? error.message : "The database is unavailable; please retry shortly.";
  return new SessionError("store_unavailable", message, { cause: error });
}

/** `error` as it should propagate: an outage becomes `store_unavailable` (of this bundle's class), anything else is unchanged. */
export function classifyDatabaseError(error: unknown): unknown {
  return isDatabaseOutage(error) ? databaseUnavailable(error) : error;
}

/**
 * `target` with every method's failures classified (sync throws included: better-sqlite3
 * is synchronous underneath). What `db/index.ts` hands out, so no query escapes the rule.
 */
export function guardOutages<T extends object>(target: T): T {
  return new Proxy(target, {
    get(object, property, receiver) {
      const value = Reflect.get(object, property, receiver) as unknown;
      if (typeof value !== "function") return value;
      return async (...args: unknown[]) => {
        try {
          return await (value as (...a: unknown[]) => unknown).apply(object, args);
        } catch (error) {
          throw classifyDatabaseError(error);
        }
      };
    },
  });
}
