/**
 * HTTP: `next start` under autocannon on loopback, every A/B figure from interleaved rounds
 * (A, B, A, B…; at least three in a full run), reported as the median ratio and its spread.
 *
 * One production server, so every route shares one process's state (JIT, GC, caches). The
 * proxy's matcher leaves /api out, so the cart push, its two in-framework peers and
 * /api/bench/noop all run with no proxy at all (the same routing path); /bench/noop runs
 * through our proxy, and /bench/empty-proxy through a proxy that returns at once.
 *
 * Those routes exist only in the bench's own build (`route.bench.ts` files, compiled when
 * CARTSESSION_BENCH_BUILD=1 extends next.config.mjs's pageExtensions); the demo's
 * production build has none of them.
 */
import { fork, spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import autocannon from "autocannon";
import { createCartSessions } from "cartsession/next";
import { BENCH_SECRET, benchStoreCallsPerPageView } from "./engine";
import { median, round, spread, type Spread } from "./stats";

export const DIST = ".next-bench";

/** Cookies of browsing visitors (nothing stored), issued as a Route Handler issues them. */
async function browsingCookies(count: number): Promise<string[]> {
  const sealer = createCartSessions({ secrets: BENCH_SECRET, siteUrl: "http://localhost", store: () => Promise.reject(new Error("cookies only")) });
  const issue = sealer.route(async () => new Response(null, { status: 204 }));
  return Promise.all(
    Array.from({ length: count }, async () => {
      const response = await issue(new Request("http://localhost/api/x"), undefined);
      const line = response.headers.getSetCookie().find((c) => c.startsWith(`${sealer.cookieNames().session}=`));
      if (!line) throw new Error("no session cookie issued");
      return line.split(";")[0] as string;
    }),
  );
}

export interface LoadFigures {
  requestsPerSecond: number;
  p99Ms: number;
  meanMs: number;
  non2xx: number;
  errors: number;
}

/** One A/B comparison over interleaved rounds: each round's value (a ratio, or a µs difference), their median and spread. */
export type Comparison = Spread;

export interface HttpFigures {
  durationSeconds: number;
  connections: number;
  rounds: number;
  /** Median requests/s per measured route, and every round's figure. */
  routes: Record<RouteName, { median: number; p99Ms: number; rounds: number[]; non2xx: number; errors: number }>;
  cartPushVsNoop: Comparison;
  /** The push against the same body read, validation, catalog lookup and cart JSON with nothing stored. */
  cartPushVsCeiling: Comparison;
  cartPushVsIronPeer: Comparison;
  cartPushVsCartIdRowPeer: Comparison;
  cartPushVsExpressPeer: Comparison;
  /** µs per request our proxy adds over an empty one, and an empty one over none. */
  proxyCostUs: Comparison;
  emptyProxyCostUs: Comparison;
  storeCallsPerBrowsingPageView: { sharedCatalogPage: number; personalPageOfGuestWithNothingStored: number };
  /**
   * Peak RSS (VmHWM, MiB) of a fresh server of the same build under the cart-push load and of
   * another fresh one under the no-op route's own load, in interleaved rounds; the ratio per round.
   */
  memory: { pushMiB: number[]; noopMiB: number[]; ratio: Comparison; loadSeconds: number };
  /** A returning shopper's cart read, alone and while 200 wrong logins arrive at once (from 200 addresses, for 200 accounts). */
  loginFlood: { baselineMedianMs: number; baselineP99Ms: number; duringMedianMs: number; duringP99Ms: number; ratioMedian: number; ratioP99: number; logins: Record<string, number> };
}

export type RouteName = "noopNoProxy" | "noopEmptyProxy" | "noopOurProxy" | "cartPush" | "ceiling" | "ironPeer" | "cartIdRowPeer" | "expressPeer";

function run(opts: autocannon.Options): Promise<LoadFigures> {
  return new Promise((resolve, reject) => {
    autocannon(opts, (error, result) => {
      if (error) return reject(error);
      resolve({
        requestsPerSecond: result.requests.average,
        p99Ms: result.latency.p99,
        meanMs: round(result.latency.average, 3),
        non2xx: result.non2xx,
        errors: result.errors,
      });
    });
  });
}

function rotating(cookies: readonly string[]) {
  let i = 0;
  return (req: autocannon.Request) => ({ ...req, headers: { ...req.headers, cookie: cookies[i++ % cookies.length] as string } });
}

export async function waitFor(url: string): Promise<void> {
  for (let i = 0; i < 600; i++) {
    try {
      await fetch(url);
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  throw new Error(`${url} did not come up`);
}

export function buildApp(tmp: string): void {
  const build = spawnSync(process.execPath, [path.resolve("node_modules/next/dist/bin/next"), "build"], {
    env: { ...process.env, NEXT_DIST_DIR: DIST, NEXT_TELEMETRY_DISABLED: "1", CARTSESSION_BENCH_BUILD: "1", CARTSESSION_DATA_DIR: path.join(tmp, "build-data") },
    stdio: ["ignore", "ignore", "inherit"],
  });
  if (build.status !== 0) throw new Error("next build failed");
}

export function startApp(port: number, env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, [path.resolve("node_modules/next/dist/bin/next"), "start", "-p", String(port)], {
    env: {
      ...process.env,
      NEXT_DIST_DIR: DIST,
      SESSION_SECRET: BENCH_SECRET,
      SITE_URL: "http://localhost",
      NEXT_TELEMETRY_DISABLED: "1",
      DEMO_STORE: "1",
      DATABASE_URL: "",
      // Every benchmark request comes from 127.0.0.1: limits per address would throttle the
      // load itself (the login-flood figure sets its own).
      SESSION_NEW_PER_ADDRESS: "off",
      // next start faces autocannon directly (Next's own X-Forwarded-For is not a proxy's).
      SESSION_TRUSTED_PROXY: "direct",
      LOGIN_LIMIT_PER_ADDRESS: "1000000/900",
      LOGIN_LIMIT_PER_ACCOUNT: "1000000/900",
      ...env,
    },
    stdio: ["ignore", "ignore", "inherit"],
  });
}

export async function stop(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once("exit", r));
  child.kill("SIGTERM");
  await exited;
}

/** Peak resident memory (VmHWM) of a process and its children, MiB. */
function serverPids(pid: number): number[] {
  return [pid, ...spawnSync("pgrep", ["-P", String(pid)], { encoding: "utf8" }).stdout.split("\n").filter(Boolean).map(Number)];
}

function peakRssMiB(pid: number): number {
  const pids = serverPids(pid);
  let kb = 0;
  for (const p of pids) {
    try {
      kb += Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${p}/status`, "utf8"))?.[1] ?? 0);
    } catch {
      // gone
    }
  }
  return round(kb / 1024, 1);
}

async function forkPeer(script: string, args: string[]): Promise<ChildProcess> {
  const child = fork(path.resolve(script), args, { execArgv: ["--import", "tsx"], stdio: ["ignore", "ignore", "inherit", "ipc"] });
  await new Promise<void>((resolve) => child.once("message", () => resolve()));
  return child;
}

const PUSH_BODY = '{"productId":"linen-apron","quantity":1}';

/** Cookies for a push endpoint, each made by one real first push, as a browser would hold them. */
async function pushCookies(url: string, count: number): Promise<string[]> {
  const cookies: string[] = [];
  for (let i = 0; i < count; i++) {
    const response = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: PUSH_BODY });
    if (!response.ok) throw new Error(`${url} answered ${response.status}`);
    // Everything the first push set (for us: the session cookie, cart_hash, items_in_cart),
    // as a browser holds it; every later push changes cart_hash again, as in a real store.
    const set = response.headers.getSetCookie().map((c) => c.split(";")[0] as string);
    if (set.length === 0) throw new Error(`${url} set no cookie`);
    cookies.push(set.join("; "));
  }
  return cookies;
}

/** Sequential cart reads for `ms`, each timed. */
async function cartReads(base: string, cookies: readonly string[], ms: number): Promise<number[]> {
  const times: number[] = [];
  const end = performance.now() + ms;
  for (let i = 0; performance.now() < end; i++) {
    const started = performance.now();
    await (await fetch(`${base}/api/cart`, { headers: { cookie: cookies[i % cookies.length] as string } })).text();
    times.push(performance.now() - started);
  }
  return times;
}

/**
 * Issue 19's figure: scrypt runs on the thread pool that also seals cookies. 200 wrong
 * logins at once (the worst case for throttling: every one from another address for
 * another account) must not slow a returning shopper's cart read more than 3x.
 */
async function cartReadsDuringLoginFlood(base: string, cookies: readonly string[]): Promise<HttpFigures["loginFlood"]> {
  const baseline = await cartReads(base, cookies, 3_000);
  const logins: Record<string, number> = {};
  const flood = Promise.all(
    Array.from({ length: 200 }, async (_, i) => {
      const response = await fetch(`${base}/api/auth/login`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-forwarded-for": `10.${i >> 8}.${i & 255}.1` },
        body: JSON.stringify({ email: `attacker${i}@example.com`, password: "wrong-password" }),
      });
      await response.text();
      logins[response.status] = (logins[response.status] ?? 0) + 1;
    }),
  );
  const during = await cartReads(base, cookies, 3_000);
  await flood;
  const sorted = (xs: number[]) => [...xs].sort((x, y) => x - y);
  const p99 = (xs: number[]) => sorted(xs)[Math.floor(xs.length * 0.99)] ?? 0;
  return {
    baselineMedianMs: round(median(baseline), 2),
    baselineP99Ms: round(p99(baseline), 2),
    duringMedianMs: round(median(during), 2),
    duringP99Ms: round(p99(during), 2),
    ratioMedian: round(median(during) / median(baseline), 2),
    ratioP99: round(p99(during) / p99(baseline), 2),
    logins,
  };
}

/**
 * Issue 26's memory ratio: each round starts two fresh servers of the same build, one after
 * the other (order alternating), and puts one under the cart-push load and the other under
 * the no-op route's own load for the same time; a server's peak RSS is its whole life's
 * VmHWM (start, the shoppers' first pushes, the load).
 */
async function peakMemoryUnderLoad(
  options: { seconds: number; connections: number; cookies: number; rounds: number; tmp: string; port: number },
  visitors: string[],
): Promise<HttpFigures["memory"]> {
  const base = `http://127.0.0.1:${options.port}`;
  const under = async (kind: "push" | "noop"): Promise<number> => {
    const data = path.join(options.tmp, `memory-${kind}`);
    rmSync(data, { recursive: true, force: true });
    mkdirSync(data, { recursive: true });
    const server = startApp(options.port, { CARTSESSION_DATA_DIR: data });
    try {
      await waitFor(`${base}/api/bench/noop`);
      const load: autocannon.Options =
        kind === "push"
          ? {
              url: `${base}/api/cart/items`,
              method: "POST",
              headers: { "content-type": "application/json" },
              body: PUSH_BODY,
              requests: [{ setupRequest: rotating(await pushCookies(`${base}/api/cart/items`, options.cookies)) }],
            }
          : { url: `${base}/api/bench/noop`, requests: [{ setupRequest: rotating(visitors) }] };
      await run({ ...load, connections: options.connections, duration: options.seconds });
      return peakRssMiB(server.pid ?? 0);
    } finally {
      await stop(server);
      rmSync(data, { recursive: true, force: true });
    }
  };
  const pushMiB: number[] = [];
  const noopMiB: number[] = [];
  for (let r = 0; r < options.rounds; r++) {
    if (r % 2 === 0) {
      pushMiB.push(await under("push"));
      noopMiB.push(await under("noop"));
    } else {
      noopMiB.push(await under("noop"));
      pushMiB.push(await under("push"));
    }
  }
  return { pushMiB, noopMiB, ratio: spread(pushMiB.map((x, i) => x / (noopMiB[i] as number))), loadSeconds: options.seconds };
}

export async function benchHttp(options: { seconds: number; connections: number; cookies: number; rounds: number; build: boolean; tmp: string; port: number }): Promise<HttpFigures> {
  const { seconds, connections, port } = options;
  if (options.build || !existsSync(path.join(DIST, "BUILD_ID"))) buildApp(options.tmp);
  const dataA = path.join(options.tmp, "http-a");
  for (const d of [dataA]) {
    rmSync(d, { recursive: true, force: true });
    mkdirSync(d, { recursive: true });
  }
  const a = startApp(port, { CARTSESSION_DATA_DIR: dataA });
  const expressFile = path.join(options.tmp, "express-sessions.db");
  rmSync(expressFile, { force: true });
  let express: ChildProcess | undefined;
  try {
    const A = `http://127.0.0.1:${port}`;
    const E = `http://127.0.0.1:${port + 2}`;
    await waitFor(`${A}/api/bench/noop`);
    const probe = await fetch(`${A}/bench/empty-proxy`);
    if (probe.status !== 200 || probe.headers.get("x-bench-proxy") !== "empty") {
      throw new Error(`${DIST} is not a bench build: /bench/empty-proxy answered ${probe.status} without the empty proxy (build with CARTSESSION_BENCH_BUILD=1)`);
    }
    express = await forkPeer("bench/peers/express-server.ts", [String(port + 2), expressFile]);

    // Browsing visitors' cookies (nothing stored), for the no-op routes and page views.
    const visitors = await browsingCookies(options.cookies);
    const shoppers = await pushCookies(`${A}/api/cart/items`, options.cookies);
    const ironShoppers = await pushCookies(`${A}/api/bench/iron-cart`, options.cookies);
    const rowShoppers = await pushCookies(`${A}/api/bench/commerce-cart`, options.cookies);
    const expressShoppers = await pushCookies(`${E}/cart/items`, options.cookies);

    const post = (url: string, cookies: string[]): autocannon.Options => ({
      url,
      connections,
      duration: seconds,
      method: "POST",
      headers: { "content-type": "application/json" },
      body: PUSH_BODY,
      requests: [{ setupRequest: rotating(cookies) }],
    });
    const get = (url: string, cookies: string[]): autocannon.Options => ({ url, connections, duration: seconds, requests: [{ setupRequest: rotating(cookies) }] });
    const plan: Record<RouteName, autocannon.Options> = {
      noopNoProxy: get(`${A}/api/bench/noop`, visitors),
      noopEmptyProxy: get(`${A}/bench/empty-proxy`, visitors),
      noopOurProxy: get(`${A}/bench/noop`, visitors),
      cartPush: post(`${A}/api/cart/items`, shoppers),
      ceiling: post(`${A}/api/bench/ceiling`, shoppers),
      ironPeer: post(`${A}/api/bench/iron-cart`, ironShoppers),
      cartIdRowPeer: post(`${A}/api/bench/commerce-cart`, rowShoppers),
      expressPeer: post(`${E}/cart/items`, expressShoppers),
    };
    // Warm every route (module compilation, JIT tiers, connections, caches, the heap's size)
    // before anything counts: the cart push reached its steady rate only after ~5 s of load.
    for (const opts of Object.values(plan)) await run({ ...opts, duration: Math.max(2, seconds) });

    const results = Object.fromEntries(Object.keys(plan).map((k) => [k, [] as LoadFigures[]])) as Record<RouteName, LoadFigures[]>;
    for (let r = 0; r < options.rounds; r++) {
      // Each comparison's two sides run back to back, in alternating order from round to round.
      const order: RouteName[][] = [
        ["cartPush", "noopNoProxy"],
        ["ironPeer", "cartPush"],
        ["cartPush", "cartIdRowPeer"],
        ["noopOurProxy", "noopEmptyProxy"],
        ["expressPeer", "cartPush"],
        ["cartPush", "ceiling"],
      ];
      for (const pair of order) {
        const seq = r % 2 === 0 ? pair : [...pair].reverse();
        for (const name of seq) results[name].push(await run(plan[name]));
      }
    }
    const loginFlood = await cartReadsDuringLoginFlood(A, shoppers);
    await stop(a);
    const memory = await peakMemoryUnderLoad({ ...options, seconds: seconds * 2, port: port + 1 }, visitors);

    // Counted in this process around the same engine (the server carries no counter).
    const calls = await benchStoreCallsPerPageView(100, options.tmp);

    // Pair k of each route: a push measured in the same round as its comparison partner.
    const rps = (name: RouteName) => results[name].map((f) => f.requestsPerSecond);
    const pushes = rps("cartPush");
    const PUSHES_PER_ROUND = 5;
    const perRound = (partner: RouteName, pushIndex: number) => rps(partner).map((x, i) => (pushes[i * PUSHES_PER_ROUND + pushIndex] as number) / x);
    const usPerRequest = (x: number) => 1e6 / x;
    const routes = Object.fromEntries(
      (Object.keys(results) as RouteName[]).map((name) => [
        name,
        {
          median: Math.round(median(rps(name))),
          p99Ms: median(results[name].map((f) => f.p99Ms)),
          rounds: rps(name).map(Math.round),
          non2xx: results[name].reduce((s, f) => s + f.non2xx, 0),
          errors: results[name].reduce((s, f) => s + f.errors, 0),
        },
      ]),
    ) as HttpFigures["routes"];
    return {
      durationSeconds: seconds,
      connections,
      rounds: options.rounds,
      routes,
      cartPushVsNoop: spread(perRound("noopNoProxy", 0)),
      cartPushVsIronPeer: spread(perRound("ironPeer", 1)),
      cartPushVsCartIdRowPeer: spread(perRound("cartIdRowPeer", 2)),
      cartPushVsExpressPeer: spread(perRound("expressPeer", 3)),
      cartPushVsCeiling: spread(perRound("ceiling", 4)),
      // The servers are CPU-bound at this load, so the difference of the time per request is the cost.
      proxyCostUs: spread(rps("noopOurProxy").map((x, i) => usPerRequest(x) - usPerRequest(rps("noopEmptyProxy")[i] as number))),
      emptyProxyCostUs: spread(rps("noopEmptyProxy").map((x, i) => usPerRequest(x) - usPerRequest(rps("noopNoProxy")[i] as number))),
      storeCallsPerBrowsingPageView: calls,
      memory,
      loginFlood,
    };
  } finally {
    await Promise.all([stop(a), stop(express)]);
    rmSync(expressFile, { force: true });
  }
}
