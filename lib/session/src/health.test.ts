import { describe, expect, it } from "vitest";
import { sharedHealth, type HealthReport } from "./health.js";

describe("health under a flood of calls", () => {
  it("runs one probe for every call within a second, concurrent ones included, then probes again", async () => {
    let probes = 0;
    let clock = 0;
    const report: HealthReport = { status: "ok", store: "sqlite", latencyMs: 1, checkedAt: "" };
    const health = sharedHealth(async () => (probes++, report), () => clock);
    await Promise.all(Array.from({ length: 20 }, () => health()));
    expect(probes).toBe(1);
    clock = 999;
    await health();
    expect(probes).toBe(1);
    clock = 1_000;
    await health();
    expect(probes).toBe(2);
  });
});
