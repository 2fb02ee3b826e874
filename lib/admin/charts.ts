/**
 * Chart data for the admin overview: pure functions, so the server-rendered charts stay
 * simple and the arithmetic is tested.
 */

export interface ChartPoint {
  /** Shown under the bar (may be "" to leave the tick unlabelled). */
  tick: string;
  /** A tick that stays on narrow screens (the others are left out there so labels never collide). */
  major?: boolean;
  /** Read out for the bar in the figure's table, e.g. "12:00 to 13:00 UTC". */
  label: string;
  value: number;
}

/**
 * A y axis from 0 that ends on a round number at or above `max`, with about `count`
 * evenly spaced ticks (1, 2, 2.5 or 5 times a power of ten), e.g. max 37 → 0, 10, 20, 30, 40.
 */
export function niceScale(max: number, count = 4): { top: number; ticks: number[] } {
  if (!(max > 0)) return { top: 1, ticks: [0, 1] };
  const rough = max / count;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * power).find((s) => s >= rough) ?? 10 * power;
  // Whole numbers only: the charts count sessions, carts and units.
  const whole = Math.max(1, Math.ceil(step));
  const top = Math.ceil(max / whole) * whole;
  const ticks: number[] = [];
  for (let t = 0; t <= top; t += whole) ticks.push(t);
  return { top, ticks };
}

const hh = (unix: number) => new Date(unix * 1000).toISOString().slice(11, 16);
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const day = (unix: number) => {
  const d = new Date(unix * 1000);
  return `${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()}`;
};

/** "Nov 25, 13:30 to 14:30 UTC": the day too, since 48 hours span three dates. */
export function hourLabel(from: number): string {
  return `${day(from)}, ${hh(from)} to ${hh(from + 3600)} UTC`;
}

/**
 * Sessions created per hour, oldest on the left and the current hour on the right, as the
 * store counts them (`createdByHour` is oldest first; the last entry is the past hour).
 * Every `tickEvery` bars gets a relative tick.
 */
export function createdSeries(createdByHour: readonly number[], now: number, tickEvery = 6): ChartPoint[] {
  const n = createdByHour.length;
  return createdByHour.map((value, i) => {
    const hoursAgo = n - 1 - i;
    // This bucket holds sessions created between now-(hoursAgo+1)h and now-hoursAgo h.
    const from = now - (hoursAgo + 1) * 3600;
    return {
      value,
      tick: hoursAgo % tickEvery === 0 ? (hoursAgo === 0 ? "now" : `−${hoursAgo} h`) : "",
      major: hoursAgo % (tickEvery * 2) === 0,
      label: hourLabel(from),
    };
  });
}

/**
 * Sessions ending per hour from now on, the current hour on the left: time runs left to
 * right as in every other chart. `expiryByHour[0]` ends within the next hour.
 */
export function endingSeries(expiryByHour: readonly number[], now: number, tickEvery = 6): ChartPoint[] {
  return expiryByHour.map((value, i) => {
    const from = now + i * 3600;
    return { value, tick: i % tickEvery === 0 ? (i === 0 ? "now" : `+${i} h`) : "", major: i % (tickEvery * 2) === 0, label: hourLabel(from) };
  });
}

/** Open carts by how many units they hold: 1 … 9 and "10+". `cartSizes[0]` is unused. */
export function cartSizeSeries(cartSizes: readonly number[]): ChartPoint[] {
  return cartSizes.slice(1, 11).map((value, i) => {
    const tick = i === 9 ? "10+" : String(i + 1);
    return { value, tick, major: true, label: `${tick} ${i === 0 ? "item" : "items"}` };
  });
}
