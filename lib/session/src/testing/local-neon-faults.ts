/**
 * Faults the local Neon bridge can inject, for tests of what an app does when its database
 * link fails: `bridge.faults.cut()`, `bridge.faults.slow(ms)`, `bridge.faults.clear()`.
 * PostgreSQL itself is never touched (stop or restart it for that).
 */
import type { Socket } from "node:net";

export interface LocalNeonFaults {
  /**
   * Cuts the link, as an endpoint that is down or unreachable: every open connection is
   * reset, and every new one is reset as soon as it is accepted, so the driver fails at once
   * ("Error connecting to database: TypeError: fetch failed"). A statement already handed
   * to Postgres still runs, and may commit, though its answer never arrives.
   */
  cut(): void;
  /**
   * Holds every answer `ms` milliseconds after Postgres produced it, as an overloaded
   * endpoint or a slow link would. The statement has already run (a write has committed),
   * so a client that gives up meanwhile cannot know the outcome.
   */
  slow(ms: number): void;
  /** Back to normal: connections are accepted again and answers being held are sent now. */
  clear(): void;
  /** The fault in effect. */
  readonly active: "none" | "cut" | "slow";
}

/** The bridge's side of the switch (not exported from cartsession/testing). */
export interface FaultSwitch extends LocalNeonFaults {
  /** Called for every accepted connection: tracks it, or resets it while the link is cut. */
  accept(socket: Socket): void;
  /** Resolves when an answer may be sent (at once unless the link is slow). */
  hold(): Promise<void>;
}

export function faultSwitch(): FaultSwitch {
  let active: LocalNeonFaults["active"] = "none";
  let delayMs = 0;
  const sockets = new Set<Socket>();
  const held = new Set<() => void>();
  const releaseAll = () => {
    for (const release of [...held]) release();
  };
  return {
    get active() {
      return active;
    },
    cut() {
      active = "cut";
      releaseAll();
      // An RST rather than a FIN: the client sees the connection fail, not a clean close.
      for (const socket of sockets) socket.resetAndDestroy();
    },
    slow(ms) {
      if (!Number.isFinite(ms) || ms <= 0) throw new RangeError(`slow(ms) needs a positive number of milliseconds: ${ms}`);
      active = "slow";
      delayMs = ms;
    },
    clear() {
      active = "none";
      delayMs = 0;
      releaseAll();
    },
    accept(socket) {
      if (active === "cut") {
        socket.resetAndDestroy();
        return;
      }
      sockets.add(socket);
      socket.once("close", () => sockets.delete(socket));
    },
    hold() {
      if (active !== "slow") return Promise.resolve();
      return new Promise((resolve) => {
        const release = () => {
          clearTimeout(timer);
          held.delete(release);
          resolve();
        };
        const timer = setTimeout(release, delayMs);
        held.add(release);
      });
    },
  };
}
