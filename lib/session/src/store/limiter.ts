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
        since: performance.now(),
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
    // Urgent calls go first unless a normal one has waited URGENT_LEAD_MS longer (no starvation).
    const { urgent, normal } = this.waiting;
    const takeNormal = urgent.length === 0 || (normal.length > 0 && (normal[0] as Waiter).since + URGENT_LEAD_MS < (urgent[0] as Waiter).since);
    const next = takeNormal ? normal.shift() : urgent.shift();
    if (next) next.grant();
    else this.active--;
  }
}

interface Waiter {
  grant: () => void;
  timer: NodeJS.Timeout | undefined;
  since: number;
}

/** How much sooner an urgent call is served than a normal one that has waited as long. */
const URGENT_LEAD_MS = 250;

/**
 * The store's core methods, each run through `limiter`. With `urgent`, every call goes before
 * waiting normal ones: for the calls of a request already under way (its save, the reload
 * after a conflict), so requests in progress finish before new ones start. Otherwise writes
 * are urgent and reads are not.
 */
export function limitedStore(store: SessionStore, limiter: StoreLimiter, urgent = false): SessionStore {
  return {
    name: store.name,
    load: (key) => limiter.run(() => store.load(key), urgent),
    loadByCustomer: (customerId) => limiter.run(() => store.loadByCustomer(customerId), urgent),
    save: (write) => limiter.run(() => store.save(write), true),
    delete: (key) => limiter.run(() => store.delete(key), true),
    touch: (key, expiresAt, activeUntil, now) => limiter.run(() => store.touch(key, expiresAt, activeUntil, now), true),
    deleteExpired: (options) => limiter.run(() => store.deleteExpired(options), urgent),
    close: () => store.close?.() ?? Promise.resolve(),
  };
}

/**
 * One save at a time per session key within this engine: parallel writes to one session from
 * one instance (a double click, a script adding in a loop) then queue here instead of racing
 * each other's compare-and-swap through the store queue, which under `storeConcurrency`
 * would turn every success into a round of conflicts. Other instances still race by the
 * compare-and-swap, as before.
 */
export class KeyedLock {
  private readonly tails = new Map<string, Promise<void>>();

  async run<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key);
    let release!: () => void;
    const mine = new Promise<void>((resolve) => (release = resolve));
    const tail = previous ? previous.then(() => mine) : mine;
    this.tails.set(key, tail);
    try {
      if (previous) await previous;
      return await fn();
    } finally {
      release();
      if (this.tails.get(key) === tail) this.tails.delete(key);
    }
  }
}
