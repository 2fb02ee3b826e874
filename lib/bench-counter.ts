import type { SessionStore } from "cartsession";

/**
 * Benchmark instrumentation, inert unless CARTSESSION_BENCH=1: counts every store call, so
 * `npm run bench` can show that a browsing page view makes none.
 */
const counter = globalThis as unknown as { __cartsessionStoreCalls?: number };

export function benchEnabled(): boolean {
  return process.env.CARTSESSION_BENCH === "1";
}

export function storeCalls(): number {
  return counter.__cartsessionStoreCalls ?? 0;
}

export function countingStore<S extends SessionStore>(store: S): S {
  if (!benchEnabled()) return store;
  return new Proxy(store, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver) as unknown;
      if (typeof value !== "function") return value;
      return (...args: unknown[]) => {
        counter.__cartsessionStoreCalls = storeCalls() + 1;
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
}
