import { SessionError } from "./errors";
import type { SessionStore } from "./store";

/** Errors that mean "the database cannot be reached right now", not "your request is bad". */
function isUnavailable(error: unknown): boolean {
  if (error instanceof SessionError) return false;
  if (!(error instanceof Error)) return true;
  const code = (error as NodeJS.ErrnoException).code ?? "";
  return (
    /^(SQLITE_(CANTOPEN|BUSY|LOCKED|IOERR|READONLY|FULL|PROTOCOL|NOTADB|CORRUPT)|ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|ENOTFOUND|EACCES|EROFS|ENOSPC|57P0[1-3]|08\d\d\d)/.test(
      code,
    ) || /connect|connection|terminated|timeout|unable to open|readonly|disk/i.test(error.message)
  );
}

function unavailable(error: unknown): SessionError {
  return new SessionError("store_unavailable", "The session store is unavailable; please retry shortly.", { cause: error });
}

/**
 * A store that is opened on first use and reports outages as `store_unavailable` (503 with
 * Retry-After in the HTTP API). A visitor who never stored anything never opens it, so
 * browsing keeps working while the database is down, and a failed open is retried on the
 * next call, so the app recovers by itself.
 */
export function resilientStore(open: () => Promise<SessionStore>): SessionStore {
  const call = async (method: PropertyKey, args: unknown[]): Promise<unknown> => {
    let store: SessionStore;
    try {
      store = await open();
    } catch (error) {
      throw unavailable(error);
    }
    const fn = Reflect.get(store, method) as unknown;
    if (typeof fn !== "function") throw new TypeError(`SessionStore has no method ${String(method)}`);
    try {
      return await (fn as (...a: unknown[]) => Promise<unknown>).apply(store, args);
    } catch (error) {
      throw isUnavailable(error) ? unavailable(error) : error;
    }
  };
  // Every method of the interface, present and future, goes through `call`.
  return new Proxy({} as SessionStore, {
    get: (_target, method) => (method === "then" ? undefined : (...args: unknown[]) => call(method, args)),
  });
}
