/**
 * BENCHMARKS.md is generated: `npm run bench -- --publish` renders it from a run's figures
 * (bench/report.ts) and the prose in bench/analysis.md. This holds it to that: rendered
 * again from the results file it names, it must come out the same, so a hand edit, an
 * analysis.md change that was not re-rendered (`npm run bench -- --render <file>`) or a
 * report change that would misrender the published run fails here.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { renderBenchmarks } from "../bench/report";
import type { Results } from "../bench/run";

const root = path.resolve(import.meta.dirname, "..");

describe("BENCHMARKS.md", () => {
  it("is what the report renders from the published run it names", () => {
    const published = readFileSync(path.join(root, "BENCHMARKS.md"), "utf8");
    const file = /Raw figures: \[`(bench\/results\/[^`]+\.json)`\]/.exec(published)?.[1];
    expect(file, "BENCHMARKS.md names no results file").toBeDefined();
    const results = JSON.parse(readFileSync(path.join(root, file as string), "utf8")) as Results;
    expect(results.quick, "BENCHMARKS.md must come from a full run, not --quick").toBe(false);
    expect(renderBenchmarks(results, file as string)).toBe(published);
  });
});
