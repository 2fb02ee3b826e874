/** Time is injected so tests control it and never sleep. */
export interface Clock {
  /** Current time in unix seconds. */
  nowSeconds(): number;
}

export const systemClock: Clock = {
  nowSeconds: () => Math.floor(Date.now() / 1000),
};

/** A clock tests can move by hand. */
export function manualClock(start: number): Clock & { advance(seconds: number): void; set(t: number): void } {
  let now = start;
  return {
    nowSeconds: () => now,
    advance(seconds: number) {
      now += seconds;
    },
    set(t: number) {
      now = t;
    },
  };
}
