/**
 * npm run bench              the full suite (under 10 minutes on 2 cores)
 * npm run bench -- --publish the same, and BENCHMARKS.md rewritten from its figures
 * npm run bench -- --quick   a smoke run for CI (about 2 minutes); figures not meaningful
 * npm run bench -- --render bench/results/<time>.json   BENCHMARKS.md again from a run's figures
 *
 * Ports: BENCH_PORT (default 3240) and the three above it, so two runs on one machine can
 * use different ones. Writes bench/results/<timestamp>.json and .md (new files; ignored by
 * git for quick runs); it changes no tracked file unless --publish asks for BENCHMARKS.md.
 */
// First, before anything loads next/headers: it sets up the AsyncLocalStorage Next's
// request scope needs (the round-trip count runs onLogin/onLogout in one).
import { measureRoundTrips, type RoundTripTable } from "./round-trips";
import { execSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { benchCleanup, type CleanupFigures } from "./cleanup";
import { benchCookie, type CookieFigures } from "./cookie";
import { benchPostgresCachedEngine, benchPostgresEngine, benchRedisEngine, benchSqliteEngine, benchTelemetryOverhead, type CachedEngineFigures, type EngineFigures, type TelemetryFigures } from "./engine";
import { benchAdminPages, type AdminPageFigures } from "./admin";
import { benchHttp, type HttpFigures } from "./http";
import { benchColdStart, type ColdStartFigures } from "./cold-start";
import { installedVersion } from "./installed";
import { round } from "./stats";

/*
 * npm run bench -- --render bench/results/<time>.json: BENCHMARKS.md rendered again from a
 * full run's figures (after editing bench/analysis.md or the report), without measuring.
 */
const renderIndex = process.argv.indexOf("--render");
if (renderIndex !== -1) {
  const file = process.argv[renderIndex + 1];
  if (!file) throw new Error("--render takes a results file: bench/results/<time>.json");
  const { renderBenchmarks } = await import("./report");
  writeFileSync("BENCHMARKS.md", renderBenchmarks(JSON.parse(readFileSync(file, "utf8")) as Results, file));
  console.log(`[bench] BENCHMARKS.md rendered from ${file}`);
  process.exit(0);
}

const quick = process.argv.includes("--quick");
const publish = process.argv.includes("--publish") && !quick;
const TMP = path.resolve("bench/tmp");

function machine() {
  const pgVersion = (() => {
    try {
      return execSync("psql -h 127.0.0.1 -U postgres -d postgres -Atc 'show server_version'", { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
    } catch {
      return "unreachable";
    }
  })();
  const memory = new Database(":memory:");
  const sqlite = (memory.prepare("select sqlite_version() v").get() as { v: string }).v;
  memory.close();
  const redisVersion = (() => {
    try {
      return execSync("redis-cli -h 127.0.0.1 INFO server", { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).match(/redis_version:(\S+)/)?.[1] ?? "?";
    } catch {
      return "unreachable";
    }
  })();
  return {
    date: new Date().toISOString(),
    cpu: os.cpus()[0]?.model ?? "?",
    cores: os.cpus().length,
    memoryGiB: round(os.totalmem() / 2 ** 30, 1),
    loadAverageAtStart: os.loadavg().map((x) => round(x, 2)),
    node: process.version,
    next: installedVersion("next"),
    betterSqlite3: installedVersion("better-sqlite3"),
    sqlite,
    ironSession: installedVersion("iron-session"),
    neonServerless: installedVersion("@neondatabase/serverless"),
    postgres: pgVersion,
    nodeRedis: installedVersion("redis"),
    redis: redisVersion,
  };
}

interface Results {
  quick: boolean;
  machine: ReturnType<typeof machine>;
  engine: {
    sqlite: EngineFigures[];
    postgres: EngineFigures | { skipped: string };
    /** Absent in results from before the Redis store. */
    redis?: EngineFigures | { skipped: string };
    postgresCached?: CachedEngineFigures | { skipped: string };
    /** Absent in results from before telemetry (issue 25). */
    telemetry?: TelemetryFigures;
  };
  /** Store round trips per operation (issue 26); absent in older results. */
  roundTrips?: RoundTripTable;
  /** Cold start, import cost, package size (issue 26); absent in older results. */
  coldStart?: ColdStartFigures;
  cookie: CookieFigures;
  http: HttpFigures;
  cleanup: CleanupFigures;
  admin: (AdminPageFigures | { store: string; skipped: string })[];
}

async function step<T>(name: string, fn: () => Promise<T>): Promise<T> {
  const started = performance.now();
  process.stdout.write(`[bench] ${name} ... `);
  const result = await fn();
  console.log(`${round((performance.now() - started) / 1000, 1)} s`);
  return result;
}

const sizes = quick ? [10_000, 100_000] : [10_000, 1_000_000];
mkdirSync(TMP, { recursive: true });
const info = machine();
const sqlite: EngineFigures[] = [];
for (const rows of sizes) {
  sqlite.push(await step(`engine on SQLite, ${rows.toLocaleString("en")} rows`, () => benchSqliteEngine(rows, quick ? 1_000 : 5_000, quick ? 2 : 7, TMP)));
}
const postgres = await step("engine on Postgres (Neon driver)", () => benchPostgresEngine(quick ? 2_000 : 10_000, quick ? 150 : 500, quick ? 1 : 5));
const redis = await step("engine on Redis (node-redis)", () => benchRedisEngine(quick ? 2_000 : 10_000, quick ? 1_000 : 5_000, quick ? 1 : 5));
const postgresCached = await step("engine on Postgres with the Redis object cache", () => benchPostgresCachedEngine(quick ? 1_000 : 5_000, quick ? 150 : 500, quick ? 1 : 3));
const roundTrips = await step("store round trips per operation", () => measureRoundTrips());
const telemetry = await step("telemetry with no provider vs telemetry: false (SQLite, interleaved rounds)", () =>
  benchTelemetryOverhead(10_000, quick ? 1_000 : 5_000, quick ? 3 : 5, TMP),
);
console.log(`[bench] telemetry on with no provider / telemetry: false = ${telemetry.ratio.median}x (rounds ${telemetry.ratio.rounds.join(", ")}; api ${telemetry.api ?? "absent"})`);
const cookie = await step("cookie read", () => benchCookie(quick ? 1_000 : 10_000, quick ? 1 : 3));
const port = Number(process.env.BENCH_PORT ?? 3240);
const http = await step("HTTP (next start + autocannon, interleaved rounds)", () =>
  benchHttp({ seconds: quick ? 2 : 5, connections: 50, cookies: quick ? 200 : 1_000, rounds: quick ? 1 : 3, build: true, tmp: TMP, port }),
);
const coldStart = await step("cold start, import cost, package size (interleaved rounds)", () =>
  benchColdStart({ rounds: quick ? 1 : 5, tmp: path.join(TMP, "cold-start"), port: port + 3, build: false }),
);
const admin = await step("store admin pages", () => benchAdminPages({ rows: quick ? 10_000 : 1_000_000, samples: quick ? 3 : 10, tmp: TMP, port }));
const cleanup = await step("cleanup", () => (quick ? benchCleanup(20_000, 20_000, TMP) : benchCleanup(1_000_000, 1_000_000, TMP)));
rmSync(TMP, { recursive: true, force: true });

const results: Results = { quick, machine: info, engine: { sqlite, postgres, redis, postgresCached, telemetry }, roundTrips, coldStart, cookie, http, cleanup, admin };
mkdirSync("bench/results", { recursive: true });
const stamp = info.date.replace(/[:.]/g, "-");
const file = `bench/results/${quick ? "quick-" : ""}${stamp}.json`;
writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
console.log(`[bench] results: ${file}`);

const { renderBenchmarks, targets } = await import("./report");
for (const t of targets(results)) console.log(`[bench] ${t.target === "reported" ? "      " : t.met ? "met   " : "MISSED"} ${t.name}: ${t.actual} (target ${t.target})`);
const report = renderBenchmarks(results, file);
writeFileSync(file.replace(/\.json$/, ".md"), report);
console.log(`[bench] report: ${file.replace(/\.json$/, ".md")}`);
if (publish) {
  writeFileSync("BENCHMARKS.md", report);
  console.log("[bench] BENCHMARKS.md written");
}

export type { Results };
