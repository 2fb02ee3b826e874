import { isSessionError, storeUnavailable } from "../errors.js";

/**
 * A store whose every method (optional capabilities included) reports the failures
 * `isOutage` recognises as `store_unavailable`. Each store adapter knows its own driver's
 * failures and applies this once when it is created; the engine only looks at the code.
 * Methods the store lacks stay absent, so `supports()` still tells.
 */
export function reportOutages<S extends object>(store: S, isOutage: (error: unknown) => boolean): S {
  const classify = (error: unknown): unknown => (!isSessionError(error) && isOutage(error) ? storeUnavailable(error) : error);
  const wrapped = new Map<PropertyKey, unknown>();
  return new Proxy(store, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver) as unknown;
      if (typeof value !== "function") return value;
      let method = wrapped.get(property);
      if (method === undefined) {
        const fn = value as (...args: unknown[]) => unknown;
        method = async (...args: unknown[]) => {
          try {
            return await fn.apply(target, args);
          } catch (error) {
            throw classify(error);
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
