import { describe, expect, it } from "vitest";
import { cartSizeSeries, createdSeries, endingSeries, niceScale } from "./charts";

const NOW = Date.UTC(2026, 10, 25, 14, 30) / 1000;

describe("admin charts", () => {
  it("ends the y axis on a round number", () => {
    expect(niceScale(37)).toEqual({ top: 40, ticks: [0, 10, 20, 30, 40] });
    expect(niceScale(3)).toEqual({ top: 3, ticks: [0, 1, 2, 3] });
    expect(niceScale(0)).toEqual({ top: 1, ticks: [0, 1] });
    expect(niceScale(2_301).top).toBe(3_000);
  });

  it("puts the oldest hour of 'created' on the left and now on the right", () => {
    const byHour = Array.from({ length: 48 }, (_, i) => 47 - i); // the store's order: oldest first, so the value is hours ago
    const series = createdSeries(byHour, NOW);
    expect(series).toHaveLength(48);
    expect(series[0]?.value).toBe(47);
    expect(series[47]?.value).toBe(0);
    expect(series[47]?.tick).toBe("now");
    expect(series[41]?.tick).toBe("−6 h");
    expect(series[47]?.label).toBe("Nov 25, 13:30 to 14:30 UTC");
    // Two days back the date changes: every row names its day.
    expect(series[0]?.label).toBe("Nov 23, 14:30 to 15:30 UTC");
  });

  it("starts 'ending' at now and runs forward", () => {
    const series = endingSeries([5, 0, 0, 0, 0, 0, 2], NOW);
    expect(series[0]).toEqual({ value: 5, tick: "now", major: true, label: "Nov 25, 14:30 to 15:30 UTC" });
    expect(series[6]?.major).toBe(false);
    expect(series[6]?.tick).toBe("+6 h");
  });

  it("labels cart sizes 1 to 9 and 10+", () => {
    const series = cartSizeSeries([0, 4, 3, 0, 0, 0, 0, 0, 0, 0, 1]);
    expect(series.map((p) => p.tick)).toEqual(["1", "2", "3", "4", "5", "6", "7", "8", "9", "10+"]);
    expect(series[0]).toEqual({ value: 4, tick: "1", major: true, label: "1 item" });
    expect(series[9]?.value).toBe(1);
  });
});
