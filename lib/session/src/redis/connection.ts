/**
 * One Redis connection as the store and the object cache use it: every call has a deadline
 * (node-redis's own command timeout stops counting once a command is written, so a Redis
 * that accepts commands and never answers would hang a request), and a connection that
 * answered something that is not the reply it owed is thrown away, because every later
 * reply on it could belong to another command.
 */
import { createClient } from "redis";
import { redisFailure, RedisReplyError, RedisTimeoutError } from "./errors.js";

/** How a call is classified when it fails: a write's outcome can be unknown, a read's cannot. */
export interface RunOptions {
  /** The call changes data (a save, a delete): a failure after its command was written is `outcome_unknown`. */
  write?: boolean;
}

/**
 * What the store needs from a node-redis client (`createClient()` from `redis`, v5): a
 * structural type, so any client configuration (RESP2 or RESP3, modules, TLS) is accepted.
 */
export interface RedisClient {
  readonly isOpen: boolean;
  readonly isReady: boolean;
  connect(): Promise<unknown>;
  sendCommand(args: string[], options?: { abortSignal?: AbortSignal }): Promise<unknown>;
}

/** Where the store's or cache's Redis is: a URL (the store opens and closes its own connection), or the app's client. */
export type RedisTarget = { url: string; client?: never } | { client: RedisClient; url?: never };

export interface ConnectionOptions {
  /** Most milliseconds one call may take, connection included, before it fails as an outage. */
  timeoutMs: number;
}

/** A client the connection created itself, with what it knows about it. */
interface Owned {
  client: ReturnType<typeof createClient>;
  ready: Promise<void>;
  /** Set once the connection was up: from then on node-redis reconnects by itself. */
  state: { wasReady: boolean };
}

export class RedisConnection {
  private owned: Owned | undefined;
  private readonly deadlines: Deadlines;

  constructor(
    private readonly target: RedisTarget,
    private readonly options: ConnectionOptions,
  ) {
    this.deadlines = new Deadlines(options.timeoutMs);
    if (target.url !== undefined && !/^rediss?:\/\//.test(target.url)) {
      throw new TypeError("the Redis URL must start with redis:// or rediss:// (TLS)");
    }
  }

  /**
   * Runs `fn` on a ready client within the deadline. Driver errors, timeouts and garbled
   * replies become `store_unavailable`; an error Redis itself answered for a bad command
   * (a bug, not an outage) is rethrown as it is.
   */
  async run<T>(fn: (client: RedisClient) => Promise<T>, options: RunOptions = {}): Promise<T> {
    const owned = this.target.client ? undefined : this.ownClient();
    const client = owned?.client ?? (this.target.client as RedisClient);
    const deadline = Date.now() + this.options.timeoutMs;
    // At the deadline every command of this call still waiting in the client's queue is
    // withdrawn (node-redis rejects it with AbortError and never writes it), so a command the
    // caller was told failed cannot be sent later, when Redis comes back.
    const abort = new AbortController();
    const state = { withdrawn: false, written: false };
    const scoped: RedisClient = {
      get isOpen() {
        return client.isOpen;
      },
      get isReady() {
        return client.isReady;
      },
      connect: () => client.connect(),
      sendCommand: (args, commandOptions) => {
        if (abort.signal.aborted) return Promise.reject(new RedisTimeoutError(this.options.timeoutMs));
        state.written = true;
        return client.sendCommand(args, { ...commandOptions, abortSignal: abort.signal }).catch((error: unknown) => {
          if (error instanceof Error && error.name === "AbortError") state.withdrawn = true;
          throw error;
        });
      },
    };
    try {
      // Connecting (or reconnecting) counts against the same deadline as the call itself.
      if (!client.isReady) await this.deadlines.within(this.ready(client, owned), deadline);
      return await this.deadlines.within(fn(scoped), deadline);
    } catch (error) {
      // A reply of the wrong shape means the stream is out of step: never reuse it.
      if (error instanceof RedisReplyError && owned) this.reset(owned);
      let mayHaveApplied = false;
      if (options.write && state.written) {
        if (error instanceof RedisTimeoutError) {
          abort.abort();
          // Withdrawal rejects synchronously; its rejection reaches `state` within a turn.
          await new Promise((resolve) => setImmediate(resolve));
          mayHaveApplied = !state.withdrawn;
        } else {
          // Unless the client provably never sent the command (withdrawn from its queue, or
          // refused while offline or closed), a lost connection may have delivered it: the
          // reply, not the write, is what went missing (a reset, a socket closed mid-reply).
          const kind = error instanceof Error ? error.constructor.name : "";
          mayHaveApplied = !state.withdrawn && kind !== "ClientOfflineError" && kind !== "ClientClosedError";
        }
      }
      abort.abort();
      throw redisFailure(error, mayHaveApplied);
    }
  }

  async close(): Promise<void> {
    const owned = this.owned;
    this.owned = undefined;
    if (!owned) return;
    if (owned.client.isReady) await owned.client.close().catch(() => owned.client.destroy());
    else owned.client.destroy();
  }

  private async ready(client: RedisClient, owned: Owned | undefined): Promise<void> {
    if (owned) return owned.ready;
    // The app's client: connect it once if the app has not; its reconnects are its own.
    if (!client.isOpen) await client.connect();
  }

  private ownClient(): Owned {
    if (this.owned) return this.owned;
    const state = { wasReady: false };
    const client = createClient({
      url: this.target.url,
      // While the connection is down, fail at once (503) instead of queueing requests.
      disableOfflineQueue: true,
      socket: {
        connectTimeout: this.options.timeoutMs,
        // Never connected: fail this call, and the next call tries a new connection. Once it
        // was up, node-redis reconnects by itself in the background, so the store object is
        // never recreated.
        reconnectStrategy: (retries) => (state.wasReady ? Math.min(50 * 2 ** retries, 2_000) : false),
      },
    });
    const ready = client.connect().then(
      () => {
        state.wasReady = true;
      },
      (error: unknown) => {
        this.reset(owned);
        throw error;
      },
    );
    const owned: Owned = { client, ready, state };
    // A connection attempt nobody waits for any more must not surface as an unhandled rejection.
    ready.catch(() => {});
    client.on("error", (error: unknown) => {
      // Socket errors lead to node-redis's own reconnect. A protocol error (bytes that are not
      // RESP) leaves the commands sent so far waiting for replies that are not theirs.
      if (isProtocolError(error)) this.reset(owned);
    });
    this.owned = owned;
    return owned;
  }

  /** Drops a client: its pending commands fail, and the next call opens a fresh connection. */
  private reset(owned: Owned): void {
    if (this.owned === owned) this.owned = undefined;
    if (owned.client.isOpen) owned.client.destroy();
  }
}

/** Errors node-redis reports for the byte stream itself, as opposed to the socket (which it reconnects). */
function isProtocolError(error: unknown): boolean {
  if (!(error instanceof Error) || "code" in error) return false;
  // The RESP decoder throws plain Errors ("Unknown RESP type …"); socket failures are subclasses or carry a code.
  return Object.getPrototypeOf(error) === Error.prototype;
}

/**
 * Deadlines for calls in flight, checked by one timer while any call is pending, so a call
 * costs a Set entry rather than a timer of its own (thousands of calls a second are in
 * flight under load). A call fails at most one tick (a tenth of the timeout) after its
 * deadline.
 */
class Deadlines {
  private readonly pending = new Set<{ at: number; fail: () => void }>();
  private timer: NodeJS.Timeout | undefined;
  private readonly tickMs: number;

  constructor(private readonly timeoutMs: number) {
    this.tickMs = Math.max(5, Math.min(100, Math.floor(timeoutMs / 10)));
  }

  within<T>(promise: Promise<T>, at: number): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const entry = { at, fail: () => reject(new RedisTimeoutError(this.timeoutMs)) };
      this.pending.add(entry);
      this.timer ??= setInterval(() => this.sweep(), this.tickMs).unref();
      promise.then(
        (value) => {
          this.pending.delete(entry);
          resolve(value);
        },
        (error: unknown) => {
          this.pending.delete(entry);
          reject(error);
        },
      );
    });
  }

  private sweep(): void {
    const now = Date.now();
    for (const entry of this.pending) {
      if (entry.at > now) continue;
      this.pending.delete(entry);
      entry.fail();
    }
    if (this.pending.size === 0) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
  }
}
