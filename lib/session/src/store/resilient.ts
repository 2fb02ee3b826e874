import { isSessionError, SessionError } from "../errors.js";
import type { SqlClient } from "../sql/client.js";
import type { SessionStore } from "./port.js";

/**
 * node-redis's connection-state errors, by class: their messages ("The client is offline")
 * match none of the patterns below, and a command timeout has no message at all. For code
 * that passes them through; `cartsession/redis` classifies its own driver's errors.
 */
const REDIS_CLIENT_ERRORS = new Set([
  "TimeoutError",
  "ConnectionTimeoutError",
  "SocketTimeoutError",
  "SocketClosedUnexpectedlyError",
  "ClientClosedError",
  "ClientOfflineError",
  "DisconnectsClientError",
  "ReconnectStrategyError",
]);

/** Errors that mean "the store cannot be reached right now", not "your request is bad". */
export function isUnavailable(error: unknown): boolean {
  if (isSessionError(error)) return false;
  if (!(error instanceof Error)) return true;
  const code = String((error as { code?: unknown }).code ?? "");
  return (
    /^(SQLITE_(CANTOPEN|BUSY|LOCKED|IOERR|READONLY|FULL|PROTOCOL|NOTADB|CORRUPT)|ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|ENOTFOUND|EAI_AGAIN|EACCES|EROFS|ENOSPC|UND_ERR|57P0[1-3]|53\d\d\d|08\d\d\d|3D000|28P01|28000)/.test(code) ||
    REDIS_CLIENT_ERRORS.has(error.constructor.name) ||
    /connect|connection|terminated|timeout|unable to open|readonly|disk|fetch failed|socket|network|Unknown RESP type/i.test(error.message) ||
    // Neon's SQL-over-HTTP endpoint answers 500 when it cannot get a connection to Postgres
    // (the compute is unreachable, or Postgres refuses it while starting up or shutting
    // down, 57P03), and a gateway in front of it 502-504; the driver keeps only "Server
    // error (HTTP status 500): <body>", no code. (507, a result too large, is no outage.)
    /^Server error \(HTTP status 50[0234]\)/.test(error.message) ||
    // A connection lost mid-query is a 400 with an empty code and the wording of Neon's
    // Postgres client ("error communicating with the server: Broken pipe …").
    /^error communicating with the server/.test(error.message)
  );
}

export function unavailable(error: unknown): SessionError {
  return new SessionError("store_unavailable", "The session store is unavailable; please retry shortly.", { cause: error });
}

function mapError(error: unknown): unknown {
  return isUnavailable(error) ? unavailable(error) : error;
}

/** Opens the store once, retrying a failed open on the next call (the app recovers by itself). */
export function onceOpened(open: () => SessionStore | Promise<SessionStore>): () => Promise<SessionStore> {
  let opening: Promise<SessionStore> | undefined;
  return () => {
    opening ??= Promise.resolve()
      .then(open)
      .catch((error: unknown) => {
        opening = undefined;
        throw isSessionError(error) ? error : unavailable(error);
      });
    return opening;
  };
}

/**
 * The store as every store is used by the engine: opened on first use only (a visitor who
 * never stored anything never opens it, so browsing keeps working while the database is
 * down), with outages reported as `store_unavailable` (503 with Retry-After over HTTP).
 */
export function lazyStore(name: string, open: () => Promise<SessionStore>): SessionStore {
  // Once open, calls go straight to the store (no extra await on the open promise).
  let opened: SessionStore | undefined;
  const call = async <R>(fn: (store: SessionStore) => Promise<R>): Promise<R> => {
    const store = opened ?? (opened = await open());
    try {
      return await fn(store);
    } catch (error) {
      throw mapError(error);
    }
  };
  return {
    name,
    load: (key) => call((s) => s.load(key)),
    loadByCustomer: (customerId) => call((s) => s.loadByCustomer(customerId)),
    save: (write) => call((s) => s.save(write)),
    delete: (key) => call((s) => s.delete(key)),
    touch: (key, expiresAt, activeUntil, now) => call((s) => s.touch(key, expiresAt, activeUntil, now)),
    deleteExpired: (options) => call((s) => s.deleteExpired(options)),
    close: async () => {
      await (await open().catch(() => null))?.close?.();
    },
  };
}

/**
 * An opened store with every method (optional capabilities included) reporting outages
 * as `store_unavailable`. Methods the store lacks stay absent, so `supports()` still tells.
 */
export function guardedStore<S extends SessionStore>(store: S): S {
  return new Proxy(store, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver) as unknown;
      if (typeof value !== "function") return value;
      return async (...args: unknown[]) => {
        try {
          return await (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
        } catch (error) {
          throw mapError(error);
        }
      };
    },
  });
}

/**
 * An app's own SQL client (its catalog, its users) with the engine's outage rule: a
 * database that cannot be reached becomes `SessionError("store_unavailable")`, which the
 * HTTP helpers answer with 503 and Retry-After, never a 500.
 */
export function guardedSqlClient(client: SqlClient): SqlClient {
  const guard = async <R>(fn: () => Promise<R>): Promise<R> => {
    try {
      return await fn();
    } catch (error) {
      throw mapError(error);
    }
  };
  return {
    dialect: client.dialect,
    all: (sql, params) => guard(() => client.all(sql, params)),
    run: (sql, params) => guard(() => client.run(sql, params)),
    transaction: (statements) => guard(() => client.transaction(statements)),
  };
}

/**
 * Whether `error` means the store (or database) is unreachable right now: retry later.
 * Checked by name and code, not only `instanceof`: a bundler may load this package twice
 * (Next.js builds Server Components and SSR as separate layers).
 */
export function isStoreUnavailable(error: unknown): boolean {
  if (isSessionError(error)) return error.code === "store_unavailable";
  return isUnavailable(error);
}
