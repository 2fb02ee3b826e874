import { beforeEach, describe, expect, it } from "vitest";
import { cachedOverview, invalidateOverview, type Overview } from "./overview";

/* The overview counts whole tables, so it is computed at most every 30 s per server. */

let computed = 0;
const load = async (): Promise<Overview> => {
  computed++;
  return { warnings: [String(computed)] } as unknown as Overview;
};
const deps = (now: number) => ({ now }) as unknown as Parameters<typeof cachedOverview>[0];
const settle = () => new Promise((r) => setTimeout(r, 0));

beforeEach(() => {
  invalidateOverview();
  computed = 0;
});

describe("the cached admin overview", () => {
  it("serves one computation for 30 seconds, then stale figures while recomputing, and waits when they are too old", async () => {
    expect((await cachedOverview(deps(1_000), load)).at).toBe(1_000);
    expect((await cachedOverview(deps(1_029), load)).at).toBe(1_000);
    expect(computed).toBe(1);
    // Stale: served at once, recomputed in the background.
    expect((await cachedOverview(deps(1_031), load)).at).toBe(1_000);
    await settle();
    expect(computed).toBe(2);
    expect((await cachedOverview(deps(1_032), load)).at).toBe(1_031);
    // Five minutes later the render waits for fresh figures.
    expect((await cachedOverview(deps(1_400), load)).at).toBe(1_400);
  });

  it("computes once for many concurrent renders, and afresh after an admin change", async () => {
    await Promise.all(Array.from({ length: 10 }, () => cachedOverview(deps(2_000), load)));
    expect(computed).toBe(1);
    invalidateOverview();
    expect((await cachedOverview(deps(2_001), load)).at).toBe(2_001);
    expect(computed).toBe(2);
  });
});
