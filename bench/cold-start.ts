/**
 * Cold start (issue 26, item 4): what a serverless user pays on every new instance.
 *
 * 1. Process start → first response: `next start` of the bench build (bench/http.ts) spawned
 *    with a fresh data dir, the port polled until it accepts a TCP connection, and the time from
 *    the spawn to the first complete response of one request. Three first requests, each in a
 *    process of its own: a new visitor's cart push (`POST /api/cart/items`: issues the cookie,
 *    opens the store, saves), the no-op route (the baseline) and the iron-session peer's push.
 *    Each is measured twice: on an empty data dir (the demo's SQLite file is created and
 *    migrated) and on a second start on the same dir (the database exists: a serverless
 *    instance's real case). The three rotate their order every round.
 * 2. Import cost: fresh `node` processes time `await import(...)` of the engine's Next.js entry
 *    and a store against iron-session, with Next.js (next/server, next/headers, react) already
 *    loaded as in any Next.js server, and without; interleaved rounds.
 * 3. Package size (`npm pack`) and install footprint: the unpacked package plus its
 *    `dependencies`' closure as installed in this repository's node_modules (computed offline),
 *    against iron-session's own closure.
 *
 * Everything it creates lives under `options.tmp`; it changes no tracked file.
 */
import { spawnSync, type ChildProcess } from "node:child_process";
import { lstatSync, mkdirSync, readdirSync, readFileSync, rmSync } from "node:fs";
import http from "node:http";
import net from "node:net";
import path from "node:path";
import { buildApp, DIST, startApp, stop } from "./http";
import { installedVersion } from "./installed";
import { round, spread, type Spread } from "./stats";

export type { Spread };

export type FirstRequest = "push" | "noop" | "iron";
export type DataDir = "fresh" | "existing";
export type ImportCase = "engine" | "next" | "sqlite" | "driver" | "iron";

export interface StartCase {
  /** ms from the spawn until the port accepts a connection. */
  portAcceptsMs: Spread;
  /** ms from the spawn until the first response's body has arrived. */
  firstResponseMs: Spread;
  status: number;
}

export interface PackageSize {
  bytes: number;
  /** Allocated on disk (4 KiB blocks on most file systems). */
  diskBytes: number;
  files: number;
}

export interface Footprint extends PackageSize {
  packages: ({ name: string; version: string } & PackageSize)[];
}

export interface ColdStartFigures {
  node: string;
  next: string;
  ironSession: string;
  rounds: number;
  start: {
    cases: Record<`${FirstRequest}:${DataDir}`, StartCase>;
    /** Per round, ms: the first push's response time minus the no-op's (or the iron peer's) in the same round, on the same kind of data dir. */
    pushMinusNoopMs: Record<DataDir, Spread>;
    pushMinusIronMs: Record<DataDir, Spread>;
  };
  imports: {
    rounds: number;
    /** The specifiers each case imports, in order. */
    specifiers: Record<ImportCase, string[]>;
    /** ms of `await import(...)`, with Next.js already loaded, and in a bare process. */
    preloaded: Record<ImportCase, Spread>;
    bare: Record<ImportCase, Spread>;
    /** Modules the loader loaded during the timed imports (builtins excluded), counted in a separate process. */
    modules: { preloaded: Record<ImportCase, number>; bare: Record<ImportCase, number> };
    /** ms the preload itself took (next/server, next/headers, react). */
    preloadMs: Spread;
    /** engine / iron-session, per round. */
    ratio: { preloaded: Spread; bare: Spread };
  };
  /**
   * Whether the bench build's server chunks load cartsession from node_modules at run time
   * (false: Next.js bundled it into the routes' chunks, so the package's own module layout
   * is not what `next start` loads).
   */
  nextLoadsPackageAtRunTime: boolean;
  pack: { name: string; version: string; tarballBytes: number; unpackedBytes: number; files: number };
  footprint: { cartsession: Footprint; ironSession: Footprint };
}

const PUSH_BODY = '{"productId":"linen-apron","quantity":1}';
const REQUESTS: Record<FirstRequest, { method: string; path: string; body?: string }> = {
  push: { method: "POST", path: "/api/cart/items", body: PUSH_BODY },
  noop: { method: "GET", path: "/api/bench/noop" },
  iron: { method: "POST", path: "/api/bench/iron-cart", body: PUSH_BODY },
};
const FIRST_REQUESTS = Object.keys(REQUESTS) as FirstRequest[];

const IMPORTS: Record<ImportCase, string[]> = {
  engine: ["cartsession/next", "cartsession/sqlite"],
  next: ["cartsession/next"],
  sqlite: ["cartsession/sqlite"],
  // What cartsession/sqlite loads of its peer: for attribution, not in the ratio.
  driver: ["better-sqlite3"],
  iron: ["iron-session"],
};
const IMPORT_CASES = Object.keys(IMPORTS) as ImportCase[];
const PRELOAD = ["next/server.js", "next/headers.js", "react"];

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Whether a TCP connection to the port is accepted. */
function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host: "127.0.0.1" });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => {
      socket.destroy();
      resolve(false);
    });
  });
}

async function untilAccepts(port: number, child: ChildProcess): Promise<void> {
  for (const end = performance.now() + 120_000; performance.now() < end; ) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`next start exited (${child.exitCode ?? child.signalCode}) before accepting on port ${port}`);
    if (await accepts(port)) return;
    await sleep(5);
  }
  throw new Error(`port ${port} did not accept within 120 s`);
}

async function untilClosed(port: number): Promise<void> {
  for (let i = 0; i < 1000; i++) {
    if (!(await accepts(port))) return;
    await sleep(10);
  }
  throw new Error(`port ${port} is still taken`);
}

/** One request on a new connection (no pooled socket from an earlier server), body read to the end. */
function request(port: number, r: { method: string; path: string; body?: string }): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: "127.0.0.1", port, method: r.method, path: r.path, agent: false, headers: r.body ? { "content-type": "application/json", "content-length": Buffer.byteLength(r.body) } : {} },
      (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => (body += chunk));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end(r.body);
  });
}

/** Spawns `next start` on `dataDir`, times the first response of `kind`, stops the server. */
async function firstResponse(kind: FirstRequest, dataDir: string, port: number): Promise<{ portAcceptsMs: number; firstResponseMs: number; status: number }> {
  await untilClosed(port);
  const started = performance.now();
  // A deployment declares its proxy; without it the first push also prints a warning (the
  // server sees Next.js's own X-Forwarded-For).
  const child = startApp(port, { CARTSESSION_DATA_DIR: dataDir, SESSION_TRUSTED_PROXY: "direct" });
  try {
    await untilAccepts(port, child);
    const portAcceptsMs = performance.now() - started;
    const response = await request(port, REQUESTS[kind]);
    const firstResponseMs = performance.now() - started;
    if (response.status < 200 || response.status > 299) throw new Error(`first ${REQUESTS[kind].method} ${REQUESTS[kind].path} answered ${response.status}: ${response.body.slice(0, 300)}`);
    return { portAcceptsMs, firstResponseMs, status: response.status };
  } finally {
    await stop(child);
  }
}

async function benchFirstResponses(options: { rounds: number; tmp: string; port: number }): Promise<ColdStartFigures["start"]> {
  const dir = (name: string) => {
    const d = path.join(options.tmp, name);
    rmSync(d, { recursive: true, force: true });
    mkdirSync(d, { recursive: true });
    return d;
  };
  // Unmeasured: the build's files into the page cache, this process's HTTP client warm.
  const warm = dir("start-warm-up");
  await firstResponse("push", warm, options.port);
  await firstResponse("noop", warm, options.port);

  const samples = Object.fromEntries(FIRST_REQUESTS.flatMap((k) => (["fresh", "existing"] as const).map((d) => [`${k}:${d}`, [] as Awaited<ReturnType<typeof firstResponse>>[]]))) as Record<
    `${FirstRequest}:${DataDir}`,
    Awaited<ReturnType<typeof firstResponse>>[]
  >;
  for (let r = 0; r < options.rounds; r++) {
    // push, noop, iron; noop, iron, push; iron, push, noop; …
    const order = FIRST_REQUESTS.map((_, i) => FIRST_REQUESTS[(i + r) % FIRST_REQUESTS.length] as FirstRequest);
    for (const kind of order) {
      const data = dir(`start-${r}-${kind}`);
      samples[`${kind}:fresh`].push(await firstResponse(kind, data, options.port));
      // The second start on the same dir: the database exists and is migrated.
      samples[`${kind}:existing`].push(await firstResponse(kind, data, options.port));
      rmSync(data, { recursive: true, force: true });
    }
  }
  rmSync(warm, { recursive: true, force: true });

  const cases = Object.fromEntries(
    Object.entries(samples).map(([name, xs]) => [
      name,
      { portAcceptsMs: spread(xs.map((x) => x.portAcceptsMs), 0), firstResponseMs: spread(xs.map((x) => x.firstResponseMs), 0), status: xs[0]?.status ?? 0 },
    ]),
  ) as ColdStartFigures["start"]["cases"];
  const minus = (a: `${FirstRequest}:${DataDir}`, b: `${FirstRequest}:${DataDir}`) => spread(samples[a].map((x, i) => x.firstResponseMs - (samples[b][i]?.firstResponseMs ?? Number.NaN)), 0);
  return {
    cases,
    pushMinusNoopMs: { fresh: minus("push:fresh", "noop:fresh"), existing: minus("push:existing", "noop:existing") },
    pushMinusIronMs: { fresh: minus("push:fresh", "iron:fresh"), existing: minus("push:existing", "iron:existing") },
  };
}

/**
 * Runs in a fresh `node` from the repository root, so bare specifiers resolve through its
 * node_modules (`cartsession` is the workspace's built package). With COUNT set, a module
 * hook counts what the loader loads during the timed imports (that process is not timed).
 */
const IMPORT_SCRIPT = `
const spec = JSON.parse(process.env.COLD_START_IMPORT);
let counting = false, modules = 0;
if (spec.count) {
  const { registerHooks } = await import("node:module");
  registerHooks({ load(url, context, next) { if (counting && !url.startsWith("node:")) modules++; return next(url, context); } });
}
const preloadStarted = performance.now();
for (const s of spec.preload) await import(s);
const preloadMs = performance.now() - preloadStarted;
counting = true;
const started = performance.now();
for (const s of spec.modules) await import(s);
const ms = performance.now() - started;
counting = false;
process.stdout.write(JSON.stringify({ ms, preloadMs, modules }));
`;

function timeImport(modules: string[], preload: boolean, count = false): { ms: number; preloadMs: number; modules: number } {
  const result = spawnSync(process.execPath, ["--input-type=module", "-e", IMPORT_SCRIPT], {
    cwd: process.cwd(),
    env: { ...process.env, NODE_ENV: "production", NODE_OPTIONS: "", COLD_START_IMPORT: JSON.stringify({ modules, preload: preload ? PRELOAD : [], count }) },
    encoding: "utf8",
  });
  if (result.status !== 0) throw new Error(`importing ${modules.join(", ")} failed: ${result.stderr}`);
  return JSON.parse(result.stdout) as { ms: number; preloadMs: number; modules: number };
}

function benchImports(rounds: number): ColdStartFigures["imports"] {
  const perCase = () => Object.fromEntries(IMPORT_CASES.map((c) => [c, [] as number[]])) as Record<ImportCase, number[]>;
  const preloaded = perCase();
  const bare = perCase();
  const preloadMs: number[] = [];
  // Unmeasured: every file into the page cache.
  for (const c of IMPORT_CASES) timeImport(IMPORTS[c], true);
  for (let r = 0; r < rounds; r++) {
    // The cases rotate, and the bare and preloaded halves alternate, from round to round.
    const order = IMPORT_CASES.map((_, i) => IMPORT_CASES[(i + r) % IMPORT_CASES.length] as ImportCase);
    for (const pre of r % 2 === 0 ? [true, false] : [false, true]) {
      for (const c of order) {
        const t = timeImport(IMPORTS[c], pre);
        (pre ? preloaded : bare)[c].push(t.ms);
        if (pre) preloadMs.push(t.preloadMs);
      }
    }
  }
  const counts = (pre: boolean) => Object.fromEntries(IMPORT_CASES.map((c) => [c, timeImport(IMPORTS[c], pre, true).modules])) as Record<ImportCase, number>;
  const spreads = (xs: Record<ImportCase, number[]>) => Object.fromEntries(IMPORT_CASES.map((c) => [c, spread(xs[c], 1)])) as Record<ImportCase, Spread>;
  const ratio = (xs: Record<ImportCase, number[]>) => spread(xs.engine.map((x, i) => x / (xs.iron[i] as number)), 2);
  return {
    rounds,
    specifiers: IMPORTS,
    preloaded: spreads(preloaded),
    bare: spreads(bare),
    modules: { preloaded: counts(true), bare: counts(false) },
    preloadMs: spread(preloadMs, 0),
    ratio: { preloaded: ratio(preloaded), bare: ratio(bare) },
  };
}

/** Apparent bytes, allocated bytes and files under `dir`, not following links; `node_modules` folders left out. */
function treeSize(dir: string): PackageSize {
  const total: PackageSize = { bytes: 0, diskBytes: 0, files: 0 };
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name === "node_modules") continue;
      const sub = treeSize(p);
      total.bytes += sub.bytes;
      total.diskBytes += sub.diskBytes;
      total.files += sub.files;
    } else {
      const s = lstatSync(p);
      total.bytes += s.size;
      total.diskBytes += s.blocks * 512;
      total.files += 1;
    }
  }
  return total;
}

/** Where Node would find `name` from `fromDir`: the nearest node_modules up to the repository root. */
function installedDir(name: string, fromDir: string): string {
  const root = path.resolve(".");
  for (let d = path.resolve(fromDir); ; d = path.dirname(d)) {
    const candidate = path.join(d, "node_modules", name);
    try {
      lstatSync(path.join(candidate, "package.json"));
      return candidate;
    } catch {
      // not here
    }
    if (d === root || d === path.dirname(d)) throw new Error(`${name} is not installed (looked up from ${fromDir})`);
  }
}

/** `dependencies` of the package in `dir`, transitively, as installed here: one entry per installed copy. */
function dependencyClosure(dir: string): Footprint["packages"] {
  const seen = new Map<string, Footprint["packages"][number]>();
  const visit = (pkgDir: string) => {
    const manifest = JSON.parse(readFileSync(path.join(pkgDir, "package.json"), "utf8")) as { dependencies?: Record<string, string> };
    for (const name of Object.keys(manifest.dependencies ?? {})) {
      const depDir = installedDir(name, pkgDir);
      if (seen.has(depDir)) continue;
      const { version: v } = JSON.parse(readFileSync(path.join(depDir, "package.json"), "utf8")) as { version: string };
      seen.set(depDir, { name, version: v, ...treeSize(depDir) });
      visit(depDir);
    }
  };
  visit(dir);
  return [...seen.values()];
}

function footprint(packages: Footprint["packages"]): Footprint {
  return {
    bytes: packages.reduce((s, p) => s + p.bytes, 0),
    diskBytes: packages.reduce((s, p) => s + p.diskBytes, 0),
    files: packages.reduce((s, p) => s + p.files, 0),
    packages,
  };
}

function benchPackage(tmp: string): Pick<ColdStartFigures, "pack" | "footprint"> {
  const out = path.join(tmp, "pack");
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  // --ignore-scripts: the dist the import figures measured (built by `npm install`), not a rebuild.
  const packed = spawnSync("npm", ["pack", "--json", "--ignore-scripts", "--offline", "--pack-destination", out], { cwd: path.resolve("lib/session"), encoding: "utf8" });
  if (packed.status !== 0) throw new Error(`npm pack failed: ${packed.stderr}`);
  const [info] = JSON.parse(packed.stdout) as { name: string; version: string; filename: string; size: number; unpackedSize: number; entryCount: number }[];
  if (!info) throw new Error("npm pack reported nothing");
  const unpacked = path.join(out, "unpacked");
  mkdirSync(unpacked);
  const tar = spawnSync("tar", ["-xzf", path.join(out, info.filename), "-C", unpacked], { encoding: "utf8" });
  if (tar.status !== 0) throw new Error(`tar failed: ${tar.stderr}`);
  const own = { name: info.name, version: info.version, ...treeSize(path.join(unpacked, "package")) };
  const ironDir = installedDir("iron-session", "lib/session");
  const iron = { name: "iron-session", version: installedVersion("iron-session"), ...treeSize(ironDir) };
  const ironDeps = dependencyClosure(ironDir);
  const cartsessionDeps = dependencyClosure(path.resolve("lib/session"));
  rmSync(out, { recursive: true, force: true });
  return {
    pack: { name: info.name, version: info.version, tarballBytes: info.size, unpackedBytes: info.unpackedSize, files: info.entryCount },
    footprint: { cartsession: footprint([own, ...cartsessionDeps]), ironSession: footprint([iron, ...ironDeps]) },
  };
}

/** Whether any server chunk of the build requires or imports `cartsession` (an external) instead of bundling it. */
function nextLoadsPackage(): boolean {
  // Turbopack names an external by the package and a hash: require("better-sqlite3-90e2652d1716b047").
  const external = /(?:require|import)\(\s*["']cartsession(?:-[0-9a-f]+)?(?:\/[\w./-]+)?["']\s*\)/;
  const walk = (dir: string): boolean =>
    readdirSync(dir, { withFileTypes: true }).some((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : e.name.endsWith(".js") && external.test(readFileSync(path.join(dir, e.name), "utf8"))));
  return walk(path.join(DIST, "server"));
}

export async function benchColdStart(options: { rounds: number; tmp: string; port: number; build: boolean }): Promise<ColdStartFigures> {
  mkdirSync(options.tmp, { recursive: true });
  const imports = benchImports(Math.max(9, options.rounds));
  const pkg = benchPackage(options.tmp);
  if (options.build || !existsBuild()) buildApp(options.tmp);
  const start = await benchFirstResponses(options);
  return { node: process.version, next: installedVersion("next"), ironSession: installedVersion("iron-session"), rounds: options.rounds, start, imports, nextLoadsPackageAtRunTime: nextLoadsPackage(), ...pkg };
}

function existsBuild(): boolean {
  try {
    lstatSync(path.join(DIST, "BUILD_ID"));
    return true;
  } catch {
    return false;
  }
}

const kb = (bytes: number) => `${round(bytes / 1024, 1).toLocaleString("en")} KiB`;
const ms = (s: Spread, unit = " ms") => `${s.median}${unit} (${s.min}–${s.max})`;
const roundsOf = (s: Spread) => s.rounds.join(", ");

export function renderColdStart(f: ColdStartFigures): string {
  const lines: string[] = [];
  const c = f.start.cases;
  const i = f.imports;
  lines.push("## Cold start, import cost and package size", "");
  lines.push(
    `Node ${f.node}, Next.js ${f.next}, iron-session ${f.ironSession}. Every figure is the median of interleaved rounds, with the smallest and largest round in brackets and every round after it.`,
    "",
  );

  lines.push(
    `### Process start → first response (\`next start\` of the bench build, ${f.rounds} round${f.rounds === 1 ? "" : "s"})`,
    "",
    "Each first request in a process of its own, timed from the spawn; the order of the three rotates every round. *Empty dir*: a fresh data dir, so the first open creates and migrates the demo's SQLite file. *Existing dir*: the second start on the same dir, the database already there — a serverless instance's real case. The demo's instrumentation.ts opens the store (`validate()`) when the server starts, before any route answers, so the no-op and the iron-session peer pay that open (and an empty dir's migrations) too.",
    "",
    "| first request | data dir | port accepts, ms | first response, ms | rounds (first response) |",
    "|---|---|---|---|---|",
  );
  const label: Record<FirstRequest, string> = {
    push: "cart push `POST /api/cart/items` (new visitor: cookie issued, store opened, saved)",
    noop: "no-op route `GET /api/bench/noop` (baseline)",
    iron: "iron-session peer `POST /api/bench/iron-cart`",
  };
  for (const d of ["existing", "fresh"] as const) {
    for (const k of FIRST_REQUESTS) {
      const x = c[`${k}:${d}`];
      lines.push(`| ${label[k]} | ${d === "fresh" ? "empty" : "existing"} | ${ms(x.portAcceptsMs, "")} | ${ms(x.firstResponseMs, "")} | ${roundsOf(x.firstResponseMs)} |`);
    }
  }
  lines.push("", "| difference of the first response, same round | existing dir | empty dir |", "|---|---|---|");
  lines.push(`| cart push − no-op | ${ms(f.start.pushMinusNoopMs.existing)}: ${roundsOf(f.start.pushMinusNoopMs.existing)} | ${ms(f.start.pushMinusNoopMs.fresh)}: ${roundsOf(f.start.pushMinusNoopMs.fresh)} |`);
  lines.push(`| cart push − iron-session peer | ${ms(f.start.pushMinusIronMs.existing)}: ${roundsOf(f.start.pushMinusIronMs.existing)} | ${ms(f.start.pushMinusIronMs.fresh)}: ${roundsOf(f.start.pushMinusIronMs.fresh)} |`);
  lines.push("");

  lines.push(
    `### Import cost (fresh \`node\` processes, ${i.rounds} interleaved rounds, NODE_ENV=production)`,
    "",
    `\`await import(...)\` timed with performance.now(). *Next.js preloaded*: next/server.js, next/headers.js and react imported first (${ms(i.preloadMs)}), as in every Next.js server before a route's module loads. Modules = files the loader loaded during the timed imports (builtins excluded).`,
    "",
    "| import | Next.js preloaded, ms | modules | bare process, ms | modules |",
    "|---|---|---|---|---|",
  );
  const importLabel: Record<ImportCase, string> = {
    engine: "`cartsession/next` + `cartsession/sqlite` (the engine)",
    next: "`cartsession/next` alone",
    sqlite: "`cartsession/sqlite` alone",
    driver: "`better-sqlite3` alone (the peer `cartsession/sqlite` loads; not in the ratio)",
    iron: "`iron-session`",
  };
  for (const k of IMPORT_CASES) lines.push(`| ${importLabel[k]} | ${ms(i.preloaded[k], "")} | ${i.modules.preloaded[k]} | ${ms(i.bare[k], "")} | ${i.modules.bare[k]} |`);
  const met = i.ratio.preloaded.median <= 1.5;
  lines.push(
    "",
    "| engine / iron-session, per round | median | rounds | target ≤ 1.5× |",
    "|---|---|---|---|",
    `| Next.js preloaded | ${i.ratio.preloaded.median}x (${i.ratio.preloaded.min}–${i.ratio.preloaded.max}) | ${roundsOf(i.ratio.preloaded)} | ${met ? "met" : "**missed**"} |`,
    `| bare process | ${i.ratio.bare.median}x (${i.ratio.bare.min}–${i.ratio.bare.max}) | ${roundsOf(i.ratio.bare)} | |`,
    "",
    f.nextLoadsPackageAtRunTime
      ? "The bench build's server chunks load cartsession from node_modules at run time, so `next start` pays this import as measured here."
      : "These are what Node's own loader pays (the CLI, scripts, a custom server). `next start` does not load the package this way: Next.js bundled cartsession into the routes' server chunks (no chunk of the bench build loads it from node_modules; only better-sqlite3 is external), so a Next.js app pays its part of the cold start above instead.",
    "",
  );

  const fc = f.footprint.cartsession;
  const fi = f.footprint.ironSession;
  lines.push(
    "### Package size and install footprint",
    "",
    `\`npm pack\` of ${f.pack.name}@${f.pack.version}: ${kb(f.pack.tarballBytes)} tarball, ${kb(f.pack.unpackedBytes)} unpacked, ${f.pack.files} files.`,
    "",
    "What `npm install` adds beyond the peers an app already has (next, react, a database driver): the unpacked package and its `dependencies`, transitively, as installed in this repository (computed offline).",
    "",
    "| install | packages | files | bytes | on disk |",
    "|---|---|---|---|---|",
    `| cartsession | ${fc.packages.map((p) => `${p.name}@${p.version}`).join(", ")} | ${fc.files} | ${kb(fc.bytes)} | ${kb(fc.diskBytes)} |`,
    `| iron-session alone | ${fi.packages.map((p) => `${p.name}@${p.version}`).join(", ")} | ${fi.files} | ${kb(fi.bytes)} | ${kb(fi.diskBytes)} |`,
    "",
  );

  const e = c["push:existing"];
  const n = c["noop:existing"];
  const resolved = (d: Spread) => d.min > 0 || d.max < 0;
  const signed = (x: number) => `${x >= 0 ? "+" : "−"}${Math.abs(x)} ms`;
  lines.push(
    [
      `On an existing database a new instance answers its first cart push ${e.firstResponseMs.median} ms after the spawn (the port accepts after ${e.portAcceptsMs.median} ms): ${signed(f.start.pushMinusNoopMs.existing.median)} against a no-op route's first response (${n.firstResponseMs.median} ms) and ${signed(f.start.pushMinusIronMs.existing.median)} against the iron-session peer's (on an empty dir: ${signed(f.start.pushMinusNoopMs.fresh.median)} and ${signed(f.start.pushMinusIronMs.fresh.median)}).`,
      resolved(f.start.pushMinusNoopMs.existing) && resolved(f.start.pushMinusIronMs.existing)
        ? "Every round puts the push on the same side of both baselines."
        : `Their rounds fall on both sides of zero (on an existing dir, push − no-op ${signed(f.start.pushMinusNoopMs.existing.min)} to ${signed(f.start.pushMinusNoopMs.existing.max)}, push − iron-session ${signed(f.start.pushMinusIronMs.existing.min)} to ${signed(f.start.pushMinusIronMs.existing.max)}): the cart's share of a cold start is smaller than the round-to-round spread of Next.js's own start, and more rounds would be needed to resolve it.`,
      `Importing the engine and its SQLite store takes ${i.preloaded.engine.median} ms against ${i.preloaded.iron.median} ms for iron-session with Next.js loaded (${i.ratio.preloaded.median}x; target ≤ 1.5× ${met ? "met" : "missed"}), loading ${i.modules.preloaded.engine} modules against ${i.modules.preloaded.iron}.`,
      `Installing it adds ${kb(fc.diskBytes)} on disk, ${kb(fc.diskBytes - fi.diskBytes)} more than iron-session alone, on which it depends.`,
    ].join(" "),
    "",
  );
  return lines.join("\n");
}
