/** Small statistics helpers for the benchmarks: all figures are medians of repeated runs. */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[i] as number;
}

export interface Summary {
  median: number;
  p99: number;
  mean: number;
  n: number;
}

export function summarize(samples: readonly number[]): Summary {
  const sorted = [...samples].sort((a, b) => a - b);
  const mean = sorted.reduce((s, x) => s + x, 0) / Math.max(1, sorted.length);
  return { median: quantile(sorted, 0.5), p99: quantile(sorted, 0.99), mean, n: sorted.length };
}

export function median(values: readonly number[]): number {
  return quantile([...values].sort((a, b) => a - b), 0.5);
}

export const round = (x: number, digits = 1) => Math.round(x * 10 ** digits) / 10 ** digits;

/** Figures from interleaved rounds: every round's, then their median and spread. */
export interface Spread {
  rounds: number[];
  median: number;
  min: number;
  max: number;
}

export function spread(values: readonly number[], digits = 3): Spread {
  return { rounds: values.map((x) => round(x, digits)), median: round(median(values), digits), min: round(Math.min(...values), digits), max: round(Math.max(...values), digits) };
}

/** Microseconds since `start` (a performance.now() reading). */
export const usSince = (start: number) => (performance.now() - start) * 1000;
