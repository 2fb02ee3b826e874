import { SessionError } from "../errors.js";
import type { SessionStore } from "./port.js";

/**
 * At most `limit` store calls at once, the rest queued first come first served: a burst on
 * a freshly started instance (hundreds of requests arriving while nothing is warm) queues
 * for a moment instead of opening a connection per request, which is what stalled a
 * restarted instance under load. A call that waits longer than `maxWaitMs` for a turn fails
 * with `store_unavailable` (503, Retry-After): it was never sent, so nothing changed.
 */
export class StoreLimiter {
  private active = 0;
  /** Calls waiting for a turn: `urgent` (a request's later calls: its save) go before `normal` (a request's first call). */
  private readonly waiting = { urgent: [] as Waiter[], normal: [] as Waiter[] };
  /** The most calls that ever ran at once (for tests and figures). */
  peak = 0;

  constructor(
    readonly limit: number,
    readonly maxWaitMs: number,
  ) {}

  /** Calls running now, and calls waiting for a turn. */
  get load(): { active: number; waiting: number } {
    return { active: this.active, waiting: this.waiting.urgent.length + this.waiting.normal.length };
  }

  /**
   * Runs `fn` in a turn. `urgent` calls (writes: a request that already loaded its session
   * and now saves it) are served before waiting reads, so under a burst requests complete
   * one after another instead of all loading first and all finishing last.
   */
  async run<T>(fn: () => Promise<T>, urgent = false): Promise<T> {
    if (this.active >= this.limit) await this.turn(urgent ? this.waiting.urgent : this.waiting.normal);
    else this.take();
    try {
      return await fn();
    } finally {
      this.release();
    }
  }

  private take(): void {
    this.active++;
    if (this.active > this.peak) this.peak = this.active;
  }

  private turn(queue: Waiter[]): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const entry = {
        // The slot passes straight from the call that ended to this one (`active` stays), one
        // turn of the event loop later: the driver first returns the finished call's connection
        // to its pool, so the next call reuses it instead of opening another.
        grant: () => {
          if (entry.timer) clearTimeout(entry.timer);
          setImmediate(() => setImmediate(resolve));
        },
        timer: undefined as NodeJS.Timeout | undefined,
      };
      entry.timer = setTimeout(() => {
        const at = queue.indexOf(entry);
        if (at >= 0) queue.splice(at, 1);
        reject(
          new SessionError("store_unavailable", `The session store is busy: no turn within ${this.maxWaitMs} ms (${this.limit} calls at once); nothing was changed, please retry shortly.`, {
            retryAfter: 1,
          }),
        );
      }, this.maxWaitMs);
      queue.push(entry);
    });
  }

  private release(): void {
    const next = this.waiting.urgent.shift() ?? this.waiting.normal.shift();
    if (next) next.grant();
    else this.active--;
  }
}

interface Waiter {
  grant: () => void;
  timer: NodeJS.Timeout | undefined;
}

/** The store's core methods, each run through `limiter` (writes first among those waiting). */
export function limitedStore(store: SessionStore, limiter: StoreLimiter): SessionStore {
  return {
    name: store.name,
    load: (key) => limiter.run(() => store.load(key)),
    loadByCustomer: (customerId) => limiter.run(() => store.loadByCustomer(customerId)),
    save: (write) => limiter.run(() => store.save(write), true),
    delete: (key) => limiter.run(() => store.delete(key), true),
    touch: (key, expiresAt, activeUntil, now) => limiter.run(() => store.touch(key, expiresAt, activeUntil, now), true),
    deleteExpired: (options) => limiter.run(() => store.deleteExpired(options)),
    close: () => store.close?.() ?? Promise.resolve(),
  };
}
