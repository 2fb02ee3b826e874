import { describe, expect, it } from "vitest";
import { renderColdStart, type ColdStartFigures, type Spread } from "../bench/cold-start";

// bench/cold-start.ts's Markdown from a fixture (no timing: the bench itself runs by hand).
const s = (...rounds: number[]): Spread => ({ rounds, median: rounds[Math.floor(rounds.length / 2)] as number, min: Math.min(...rounds), max: Math.max(...rounds) });
const startCase = (ms: number) => ({ portAcceptsMs: s(300, 310, 320), firstResponseMs: s(ms, ms + 10, ms + 20), status: 200 });
const size = (bytes: number) => ({ bytes, diskBytes: bytes * 2, files: 3 });

const figures = (engineMs: number): ColdStartFigures => ({
  node: "v24.0.0",
  next: "16.0.0",
  ironSession: "9.0.1",
  rounds: 3,
  start: {
    cases: {
      "push:fresh": startCase(900),
      "push:existing": startCase(800),
      "noop:fresh": startCase(700),
      "noop:existing": startCase(600),
      "iron:fresh": startCase(850),
      "iron:existing": startCase(750),
    },
    pushMinusNoopMs: { fresh: s(190, 200, 210), existing: s(190, 200, 210) },
    pushMinusIronMs: { fresh: s(-10, 50, 60), existing: s(40, 50, 60) },
  },
  imports: {
    rounds: 3,
    specifiers: { engine: ["cartsession/next", "cartsession/sqlite"], next: ["cartsession/next"], sqlite: ["cartsession/sqlite"], driver: ["better-sqlite3"], iron: ["iron-session"] },
    preloaded: { engine: s(engineMs, engineMs, engineMs), next: s(3, 3, 3), sqlite: s(2, 2, 2), driver: s(1, 1, 1), iron: s(4, 4, 4) },
    bare: { engine: s(50, 50, 50), next: s(40, 40, 40), sqlite: s(10, 10, 10), driver: s(1, 1, 1), iron: s(5, 5, 5) },
    modules: { preloaded: { engine: 61, next: 36, sqlite: 26, driver: 13, iron: 4 }, bare: { engine: 125, next: 100, sqlite: 26, driver: 13, iron: 4 } },
    preloadMs: s(80, 85, 90),
    ratio: { preloaded: s(engineMs / 4, engineMs / 4, engineMs / 4), bare: s(10, 10, 10) },
  },
  nextLoadsPackageAtRunTime: false,
  pack: { name: "cartsession", version: "1.0.0", tarballBytes: 300_000, unpackedBytes: 1_200_000, files: 328 },
  footprint: {
    cartsession: { ...size(1_500_000), packages: [{ name: "cartsession", version: "1.0.0", ...size(1_200_000) }, { name: "iron-session", version: "9.0.1", ...size(300_000) }] },
    ironSession: { ...size(300_000), packages: [{ name: "iron-session", version: "9.0.1", ...size(300_000) }] },
  },
});

describe("renderColdStart", () => {
  it("renders the section with its three tables, every round and the target", () => {
    const md = renderColdStart(figures(33));
    expect(md.startsWith("## Cold start, import cost and package size\n")).toBe(true);
    expect(md).toContain("### Process start → first response");
    expect(md).toContain("| cart push − no-op | 200 ms (190–210): 190, 200, 210 |");
    expect(md).toContain("### Import cost");
    expect(md).toContain("| Next.js preloaded | 8.25x (8.25–8.25) | 8.25, 8.25, 8.25 | **missed** |");
    expect(md).toContain("Next.js bundled cartsession into the routes' server chunks");
    expect(md).toContain("### Package size and install footprint");
    expect(md).toContain("cartsession@1.0.0, iron-session@9.0.1");
    expect(md).not.toMatch(/undefined|NaN/);
  });

  it("says when the import target is met", () => {
    expect(renderColdStart(figures(5))).toContain("| met |");
  });
});
