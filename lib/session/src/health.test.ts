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

describe("health after a failure", () => {
  it("does not reuse a failed probe: the next call probes again", async () => {
    let probes = 0;
    const health = sharedHealth(async () => (probes++, { status: "unavailable" as const, store: "sqlite", latencyMs: null, checkedAt: "" }), () => 0);
    await Promise.all([health(), health()]);
    expect(probes).toBe(1);
    await health();
    expect(probes).toBe(2);
  });
});
