import { describe, expect, it } from "vitest";
import { tableWarnings } from "./warnings";

const figures = { rows: 10, expiredRows: 0, tableBytes: 1024, valueBytes: 512 };

describe("admin table warnings", () => {
  it("stay quiet under the thresholds", () => {
    expect(tableWarnings(figures, { maxRows: 100, maxTableBytes: 1 << 20 })).toEqual([]);
  });

  it("warn past the row and size thresholds, and when expired rows pile up", () => {
    const warnings = tableWarnings({ rows: 600_000, expiredRows: 400_000, tableBytes: 600 * 1048576, valueBytes: 0 }, { maxRows: 500_000, maxTableBytes: 500 * 1048576 });
    expect(warnings).toHaveLength(3);
    expect(warnings[0]).toMatch(/600,000 rows/);
    expect(warnings[1]).toMatch(/600 MB/);
    expect(warnings[2]).toMatch(/cleanup cron/);
  });
});
