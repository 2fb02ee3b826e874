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
  private readonly waiting: Array<{ grant: () => void; timer: NodeJS.Timeout | undefined }> = [];
  /** The most calls that ever ran at once (for tests and figures). */
  peak = 0;

  constructor(
    readonly limit: number,
    readonly maxWaitMs: number,
  ) {}

  /** Calls running now, and calls waiting for a turn. */
  get load(): { active: number; waiting: number } {
    return { active: this.active, waiting: this.waiting.length };
  }

  async run<T>(fn: () => Promise<T>): Promise<T> {
    if (this.active >= this.limit) await this.turn();
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

  private turn(): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const entry = {
        grant: () => {
          if (entry.timer) clearTimeout(entry.timer);
          this.take();
          resolve();
        },
        timer: undefined as NodeJS.Timeout | undefined,
      };
      entry.timer = setTimeout(() => {
        const at = this.waiting.indexOf(entry);
        if (at >= 0) this.waiting.splice(at, 1);
        reject(
          new SessionError("store_unavailable", `The session store is busy: no turn within ${this.maxWaitMs} ms (${this.limit} calls at once); nothing was changed, please retry shortly.`, {
            retryAfter: 1,
          }),
        );
      }, this.maxWaitMs);
      this.waiting.push(entry);
    });
  }

  private release(): void {
    this.active--;
    const next = this.waiting.shift();
    if (next) next.grant();
  }
}

/** The store's core methods, each run through `limiter`. */
export function limitedStore(store: SessionStore, limiter: StoreLimiter): SessionStore {
  return {
    name: store.name,
    load: (key) => limiter.run(() => store.load(key)),
    loadByCustomer: (customerId) => limiter.run(() => store.loadByCustomer(customerId)),
    save: (write) => limiter.run(() => store.save(write)),
    delete: (key) => limiter.run(() => store.delete(key)),
    touch: (key, expiresAt, activeUntil, now) => limiter.run(() => store.touch(key, expiresAt, activeUntil, now)),
    deleteExpired: (options) => limiter.run(() => store.deleteExpired(options)),
    close: () => store.close?.() ?? Promise.resolve(),
  };
}
