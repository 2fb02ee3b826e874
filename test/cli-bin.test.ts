import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

/*
 * `npx cartsession --help` in a fresh clone after one `npm install`. npm links a workspace's
 * bin while it installs, before `prepare` has built the engine's dist, and skips a bin whose
 * file is missing; the root `prepare` therefore re-links it once dist exists.
 */
const root = path.resolve(__dirname, "..");

describe("the cartsession command in the repository", () => {
  it("runs as `npx cartsession --help` from the repository root", () => {
    const run = spawnSync("npx", ["--no-install", "cartsession", "--help"], { cwd: root, encoding: "utf8", timeout: 60_000 });
    expect(run.stderr).not.toMatch(/not found|could not determine executable/i);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^Usage: cartsession <command>/m);
  });

  it("is linked by the install itself: `prepare` builds the engine, then links its bin", () => {
    const { scripts } = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")) as { scripts: Record<string, string> };
    expect(scripts.prepare).toMatch(/npm run build:engine && npm rebuild cartsession --ignore-scripts/);
  });
});
