import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

/* scripts/check-node.cjs, run as npm runs it, on a Node that pretends to be another version. */

const root = path.resolve(__dirname, "..");
const shim = path.join(root, "test/fixtures/fake-node-version.cjs");

function check(version: string) {
  const run = spawnSync(process.execPath, ["--require", shim, "scripts/check-node.cjs"], {
    cwd: root,
    encoding: "utf8",
    env: { ...process.env, FAKE_NODE_VERSION: version },
    timeout: 10_000,
  });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe("scripts/check-node.cjs", () => {
  it.each(["20.11.1", "22.11.0", "18.20.4", "16.0.0"])("refuses Node %s with one line naming >=22.12 and how to get it", (version) => {
    const run = check(version);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    const lines = run.stderr.trimEnd().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain("needs Node.js >=22.12 (24 LTS recommended)");
    expect(lines[0]).toContain(`this is Node.js v${version}`);
    expect(lines[0]).toContain("nvm install");
    expect(lines[0]).toContain("source scripts/node24.sh");
  });

  it.each(["22.12.0", "23.0.0", "24.21.0", "25.1.0"])("lets Node %s through silently", (version) => {
    expect(check(version)).toEqual({ code: 0, stdout: "", stderr: "" });
  });

  it("takes the minimum from package.json engines", () => {
    const pkg = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")) as { engines: { node: string } };
    expect(pkg.engines.node).toBe(">=22.12");
  });

  it("runs in front of every entry point in package.json", () => {
    const { scripts } = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")) as { scripts: Record<string, string> };
    const entryPoints = ["dev", "build", "start", "demo", "test", "test:unit", "test:e2e", "sessions", "bench", "bench:quick", "load-test", "neon:local", "db:migrate", "db:generate"];
    for (const name of entryPoints) expect(scripts[name], name).toMatch(/^node scripts\/check-node\.cjs && /);
  });
});

describe("an install on an old Node", () => {
  it("is refused by npm before anything is downloaded (.npmrc engine-strict): no per-package warnings, no partial node_modules", () => {
    const npmrc = readFileSync(path.join(root, ".npmrc"), "utf8");
    expect(npmrc).toMatch(/^engine-strict=true$/m);
  });
});
