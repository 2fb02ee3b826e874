import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { builtinModules } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiReport, REPORT_FILE } from "../scripts/api-report";

/*
 * The published package as an adopter receives it: the tarball `npm pack` makes, checked by
 * publint and are-the-types-wrong, type-checked with `skipLibCheck: false`, its runtime
 * imports all declared, and its public surface equal to the committed API report
 * (lib/session/api-report.md; docs/ARCHITECTURE.md, "The public surface").
 */
const ROOT = path.resolve(import.meta.dirname, "..");
const PACKAGE_DIR = path.join(ROOT, "lib", "session");
const pkg = JSON.parse(readFileSync(path.join(PACKAGE_DIR, "package.json"), "utf8")) as {
  name: string;
  exports: Record<string, unknown>;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
};
const bin = (name: string) => path.join(ROOT, "node_modules", ".bin", name);

let dir = "";
let tarball = "";
let unpacked = "";

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), "cartsession-pack-"));
  const out = execFileSync("npm", ["pack", "--pack-destination", dir, "--json", "--ignore-scripts"], { cwd: PACKAGE_DIR, encoding: "utf8" });
  tarball = path.join(dir, (JSON.parse(out) as { filename: string }[])[0]!.filename);
  // A consumer project: the package unpacked in its node_modules, every other module from this repository's.
  const consumer = path.join(dir, "consumer");
  mkdirSync(path.join(consumer, "node_modules"), { recursive: true });
  execFileSync("tar", ["-xzf", tarball, "-C", dir]);
  unpacked = path.join(consumer, "node_modules", pkg.name);
  execFileSync("mv", [path.join(dir, "package"), unpacked]);
  for (const name of readdirSync(path.join(ROOT, "node_modules"))) {
    if (name === pkg.name || name.startsWith(".")) continue;
    symlinkSync(path.join(ROOT, "node_modules", name), path.join(consumer, "node_modules", name));
  }
}, 120_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Every entry point's import specifier: `cartsession`, `cartsession/next`, … */
const entryPoints = () => Object.keys(pkg.exports).filter((k) => k !== "./package.json").map((k) => (k === "." ? pkg.name : `${pkg.name}/${k.slice(2)}`));

describe("the packed package", () => {
  it("ships code, declarations and docs only: no source maps, no build info, under 250 KB packed (the engine guide says about 180 KB)", () => {
    const files: string[] = [];
    const walk = (d: string) => {
      for (const entry of readdirSync(d, { withFileTypes: true })) {
        if (entry.isDirectory()) walk(path.join(d, entry.name));
        else files.push(path.relative(unpacked, path.join(d, entry.name)));
      }
    };
    walk(unpacked);
    expect(files.filter((f) => f.endsWith(".map") || f.endsWith(".tsbuildinfo"))).toEqual([]);
    expect(files.every((f) => /\.(js|d\.ts)$/.test(f) || ["package.json", "README.md", "CHANGELOG.md", "LICENSE"].includes(f)), files.join("\n")).toBe(true);
    expect(statSync(tarball).size).toBeLessThan(250 * 1024);
  });

  it("passes publint (strict)", () => {
    const result = spawnSync(bin("publint"), ["run", tarball, "--strict"], { encoding: "utf8" });
    expect(result.stdout + result.stderr).toContain("All good");
    expect(result.status).toBe(0);
  }, 60_000);

  it("passes are-the-types-wrong for an ESM-only package, on every entry point", () => {
    const result = spawnSync(bin("attw"), [tarball, "--profile", "esm-only", "--format", "json"], { encoding: "utf8" });
    const report = JSON.parse(result.stdout) as { analysis: { problems: unknown[]; entrypoints: Record<string, unknown> } };
    expect(Object.keys(report.analysis.entrypoints).sort()).toEqual([...entryPoints().map((e) => `.${e.slice(pkg.name.length)}`), "./package.json"].sort());
    expect(report.analysis.problems.filter((p) => !JSON.stringify(p).includes('"node10"') && !JSON.stringify(p).includes('"node16-cjs"'))).toEqual([]);
  }, 120_000);

  it("type-checks in a consumer with skipLibCheck: false (no error in the package's own declarations)", () => {
    const consumer = path.dirname(path.dirname(unpacked));
    writeFileSync(path.join(consumer, "check.ts"), `${entryPoints().map((e, i) => `import * as e${i} from "${e}";`).join("\n")}\nexport const all = [${entryPoints().map((_, i) => `e${i}`).join(", ")}];\n`);
    writeFileSync(
      path.join(consumer, "tsconfig.json"),
      JSON.stringify({ compilerOptions: { strict: true, skipLibCheck: false, noEmit: true, module: "ESNext", moduleResolution: "Bundler", target: "ES2023", lib: ["ES2023", "DOM"], types: ["node"] }, files: ["check.ts"] }),
    );
    const result = spawnSync(process.execPath, [path.join(ROOT, "node_modules", "typescript", "bin", "tsc"), "-p", consumer], { encoding: "utf8", cwd: consumer });
    // Third-party declarations (drizzle-orm's other dialects, next) have errors of their own under skipLibCheck: false; ours must have none.
    const ours = result.stdout.split("\n").filter((line) => line.startsWith(`node_modules/${pkg.name}/`) || line.startsWith("check.ts"));
    expect(ours).toEqual([]);
    expect(result.stdout).not.toMatch(/error TS6053|Cannot find module 'cartsession/);
  }, 180_000);

  it("imports at run time only Node built-ins, its dependencies and its declared (optional) peers", () => {
    const declared = new Set([...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.peerDependencies ?? {})]);
    const builtins = new Set(builtinModules);
    const found = new Map<string, string>();
    const walk = (folder: string) => {
      for (const entry of readdirSync(folder, { withFileTypes: true })) {
        const file = path.join(folder, entry.name);
        if (entry.isDirectory()) walk(file);
        else if (entry.name.endsWith(".js")) {
          const code = readFileSync(file, "utf8");
          for (const match of code.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)["']([^"'./][^"']*)["']/g)) {
            const specifier = match[1]!;
            const name = specifier.startsWith("@") ? specifier.split("/").slice(0, 2).join("/") : specifier.split("/")[0]!;
            if (!specifier.startsWith("node:") && !builtins.has(name) && name !== pkg.name) found.set(name, path.relative(unpacked, file));
          }
        }
      }
    };
    walk(path.join(unpacked, "dist"));
    expect([...found].filter(([name]) => !declared.has(name))).toEqual([]);
    // Everything beyond iron-session is optional: an app installs only what its store needs.
    for (const name of Object.keys(pkg.peerDependencies ?? {})) expect(pkg.peerDependenciesMeta?.[name]?.optional, name).toBe(true);
  });
});

describe("the public surface", () => {
  it("matches the committed API report (after an intended change: npm run api:report -- --update)", () => {
    expect(apiReport()).toBe(readFileSync(REPORT_FILE, "utf8"));
  });

  it("keeps the root entry small: options, session types, cart helpers and errors", () => {
    const counts = /\| `cartsession` \| (\d+) \|/.exec(readFileSync(REPORT_FILE, "utf8"));
    expect(Number(counts?.[1])).toBeLessThanOrEqual(30);
  });

  it("hands out no secrets and no engine: no settings, passwords or engine() in any entry's declarations", () => {
    const report = readFileSync(REPORT_FILE, "utf8");
    expect(report).not.toMatch(/\bpasswords\b|\bengine\(\)|EngineSettings|guardedSqlClient|SqlClient/);
  });
});
