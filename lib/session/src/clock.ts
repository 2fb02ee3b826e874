/** Time is injected so tests control it and never sleep. */
export interface Clock {
  /** Current time in unix seconds. */
  nowSeconds(): number;
}

export const systemClock: Clock = {
  nowSeconds: () => Math.floor(Date.now() / 1000),
};

/** A clock tests move by hand. */
export interface ManualClock extends Clock {
  advance(seconds: number): void;
  set(unixSeconds: number): void;
}

export function manualClock(start: number): ManualClock {
  let now = start;
  return {
    nowSeconds: () => now,
    advance(seconds) {
      now += seconds;
    },
    set(unixSeconds) {
      now = unixSeconds;
    },
  };
}
