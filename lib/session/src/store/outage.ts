import { isSessionError, outcomeUnknown, storeUnavailable } from "../errors.js";

/** The methods that change what a client sees: their outcome matters to an honest answer. */
const WRITES: ReadonlySet<PropertyKey> = new Set(["save", "delete"]);

export interface OutageRules {
  /**
   * Of the outages `isOutage` recognises, those after which a write may still have been
   * applied: the request was sent (or may have been) and no answer came back (a deadline
   * after sending, a connection dropped mid-statement). A write (`save`, `delete`) failing
   * so is reported as `outcome_unknown`, never as `store_unavailable` ("nothing changed").
   * Default: none.
   */
  mayHaveApplied?: (error: unknown) => boolean;
}

/**
 * A store whose every method (optional capabilities included) reports the failures
 * `isOutage` recognises as `store_unavailable`, or, for a write that may still have been
 * applied (`rules.mayHaveApplied`), as `outcome_unknown`. Each store adapter knows its own driver's
 * failures and applies this once when it is created; the engine only looks at the code.
 * Methods the store lacks stay absent, so `supports()` still tells.
 */
export function reportOutages<S extends object>(store: S, isOutage: (error: unknown) => boolean, rules: OutageRules = {}): S {
  const classify = (error: unknown, write: boolean): unknown => {
    if (isSessionError(error) || !isOutage(error)) return error;
    return write && rules.mayHaveApplied?.(error) ? outcomeUnknown(error) : storeUnavailable(error);
  };
  const wrapped = new Map<PropertyKey, unknown>();
  return new Proxy(store, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver) as unknown;
      if (typeof value !== "function") return value;
      let method = wrapped.get(property);
      if (method === undefined) {
        const fn = value as (...args: unknown[]) => unknown;
        const write = WRITES.has(property);
        method = async (...args: unknown[]) => {
          try {
            return await fn.apply(target, args);
          } catch (error) {
            throw classify(error, write);
          }
        };
        wrapped.set(property, method);
      }
      return method;
    },
  });
}

/** The error's `code` as a string ("" when it has none). */
export function errorCode(error: unknown): string {
  return error instanceof Error ? String((error as { code?: unknown }).code ?? "") : "";
}
