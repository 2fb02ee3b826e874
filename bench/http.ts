/**
 * HTTP: `next start` under autocannon on loopback with 1,000 rotating session cookies.
 * The cart push (POST /api/cart/items) next to the same app's no-op route behind the same
 * proxy.ts, and next to peers doing the same push in the same run; the proxy's cost on a
 * page view; the database queries a browsing page view makes; the server's peak RSS.
 */
import { fork, spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import autocannon from "autocannon";
import { createSessionEngine } from "cartsession";
import { BENCH_SECRET } from "./engine";
import { round } from "./stats";

const DIST = ".next-bench";
const PORT = 3240;

export interface LoadFigures {
  requestsPerSecond: number;
  p99Ms: number;
  meanMs: number;
  non2xx: number;
  errors: number;
}

export interface HttpFigures {
  durationSeconds: number;
  connections: number;
  cartPush: LoadFigures;
  noopRoute: LoadFigures;
  cartPushVsNoop: number;
  peers: { expressSession: LoadFigures; ironSessionCookieOnly: LoadFigures };
  pageView: { withProxy: LoadFigures; emptyProxy: LoadFigures; proxyCostUs: number; latencyWithProxyMs: number; latencyEmptyProxyMs: number };
  storeCallsPerBrowsingPageView: { sharedCatalogPage: number; personalPageOfGuestWithNothingStored: number };
  serverPeakRssMiB: number;
}

function run(opts: autocannon.Options): Promise<LoadFigures> {
  return new Promise((resolve, reject) => {
    autocannon(opts, (error, result) => {
      if (error) return reject(error);
      resolve({
        requestsPerSecond: Math.round(result.requests.average),
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
  return (req: autocannon.Request) => {
    const cookie = cookies[i++ % cookies.length] as string;
    return { ...req, headers: { ...req.headers, cookie } };
  };
}

async function waitFor(url: string): Promise<void> {
  for (let i = 0; i < 300; i++) {
    try {
      await fetch(url);
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  throw new Error(`${url} did not come up`);
}

function startApp(port: number, proxy: "on" | "off", dataDir: string): ChildProcess {
  return spawn(process.execPath, [path.resolve("node_modules/next/dist/bin/next"), "start", "-p", String(port)], {
    env: {
      ...process.env,
      NEXT_DIST_DIR: DIST,
      CARTSESSION_BENCH: "1",
      CARTSESSION_PROXY: proxy,
      SESSION_SECRET: BENCH_SECRET,
      SITE_URL: "http://localhost",
      CARTSESSION_DATA_DIR: dataDir,
      NEXT_TELEMETRY_DISABLED: "1",
      DATABASE_URL: "",
    },
    stdio: ["ignore", "ignore", "inherit"],
  });
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  child.kill("SIGTERM");
  await new Promise((r) => child.once("exit", r));
}

/** Peak resident memory (VmHWM) of a process and its children, MiB. */
function peakRssMiB(pid: number): number {
  const pids = [pid, ...spawnSync("pgrep", ["-P", String(pid)], { encoding: "utf8" }).stdout.split("\n").filter(Boolean).map(Number)];
  let kb = 0;
  for (const p of pids) {
    try {
      const status = readFileSync(`/proc/${p}/status`, "utf8");
      kb += Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
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

/** Session cookies for a peer server, each made by one real request there. */
async function peerCookies(url: string, count: number): Promise<string[]> {
  const cookies: string[] = [];
  for (let i = 0; i < count; i++) {
    const response = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: '{"productId":"linen-apron","quantity":1}' });
    const setCookie = response.headers.getSetCookie()[0];
    if (!setCookie) throw new Error(`${url} set no cookie`);
    cookies.push(setCookie.split(";")[0] as string);
  }
  return cookies;
}

export async function benchHttp(options: { seconds: number; connections: number; cookies: number; build: boolean; tmp: string }): Promise<HttpFigures> {
  const { seconds, connections } = options;
  if (options.build || !existsSync(path.join(DIST, "BUILD_ID"))) {
    const build = spawnSync(process.execPath, [path.resolve("node_modules/next/dist/bin/next"), "build"], {
      env: { ...process.env, NEXT_DIST_DIR: DIST, NEXT_TELEMETRY_DISABLED: "1", SESSION_SECRET: BENCH_SECRET, CARTSESSION_DATA_DIR: path.join(options.tmp, "build-data") },
      stdio: ["ignore", "ignore", "inherit"],
    });
    if (build.status !== 0) throw new Error("next build failed");
  }
  const dataDir = path.join(options.tmp, "http-data");
  rmSync(dataDir, { recursive: true, force: true });
  mkdirSync(dataDir, { recursive: true });

  // Browsing visitors' cookies (nothing stored), for page views.
  const sealer = createSessionEngine({ secrets: BENCH_SECRET, siteUrl: "http://localhost", store: () => Promise.reject(new Error("cookies only")) });
  const cookies = await Promise.all(
    Array.from({ length: options.cookies }, async () => `${sealer.settings.cookieName}=${await sealer.seal((await sealer.identify({})).cookie)}`),
  );
  // Shoppers' cookies: each made by a first real add-to-cart, as a browser would hold them.
  let shoppers: string[] = [];
  const post = (url: string, cookieList: string[]): autocannon.Options => ({
    url,
    connections,
    duration: seconds,
    method: "POST",
    headers: { "content-type": "application/json" },
    body: '{"productId":"linen-apron","quantity":1}',
    requests: [{ setupRequest: rotating(cookieList) }],
  });
  const get = (url: string, c: number): autocannon.Options => ({ url, connections: c, duration: seconds, requests: [{ setupRequest: rotating(cookies) }] });

  const base = `http://127.0.0.1:${PORT}`;
  let app = startApp(PORT, "on", dataDir);
  let cartPush: LoadFigures;
  let noopRoute: LoadFigures;
  let withProxy: LoadFigures;
  let latencyOn: LoadFigures;
  let calls: HttpFigures["storeCallsPerBrowsingPageView"];
  let rss = 0;
  try {
    await waitFor(`${base}/api/bench/noop`);
    shoppers = await peerCookies(`${base}/api/cart/items`, options.cookies);
    // Warm the routes (first compiles of the route modules, connections, caches).
    await run({ ...post(`${base}/api/cart/items`, shoppers), duration: 2 });
    await run({ ...post(`${base}/api/bench/noop`, shoppers), duration: 2 });
    cartPush = await run(post(`${base}/api/cart/items`, shoppers));
    rss = peakRssMiB(app.pid ?? 0);
    noopRoute = await run(post(`${base}/api/bench/noop`, shoppers));

    const countCalls = async () => ((await (await fetch(`${base}/api/bench/queries`)).json()) as { storeCalls: number }).storeCalls;
    const views = async (url: string) => {
      const before = await countCalls();
      for (let i = 0; i < 100; i++) await fetch(url, { headers: { cookie: cookies[i] as string } });
      return ((await countCalls()) - before) / 100;
    };
    calls = { sharedCatalogPage: await views(`${base}/products/linen-apron`), personalPageOfGuestWithNothingStored: await views(`${base}/session`) };

    await run({ ...get(`${base}/products/linen-apron`, connections), duration: 2 });
    withProxy = await run(get(`${base}/products/linen-apron`, connections));
    latencyOn = await run(get(`${base}/products/linen-apron`, 1));
  } finally {
    await stop(app);
  }

  app = startApp(PORT, "off", dataDir);
  let emptyProxy: LoadFigures;
  let latencyOff: LoadFigures;
  try {
    await waitFor(`${base}/api/bench/noop`);
    await run({ ...get(`${base}/products/linen-apron`, connections), duration: 2 });
    emptyProxy = await run(get(`${base}/products/linen-apron`, connections));
    latencyOff = await run(get(`${base}/products/linen-apron`, 1));
  } finally {
    await stop(app);
  }

  const expressFile = path.join(options.tmp, "express-sessions.db");
  rmSync(expressFile, { force: true });
  const express = await forkPeer("bench/peers/express-server.ts", [String(PORT + 1), expressFile]);
  let expressSession: LoadFigures;
  try {
    const peer = `http://127.0.0.1:${PORT + 1}/cart/items`;
    expressSession = await run(post(peer, await peerCookies(peer, options.cookies)));
  } finally {
    await stop(express);
    rmSync(expressFile, { force: true });
  }
  const iron = await forkPeer("bench/peers/iron-server.ts", [String(PORT + 2)]);
  let ironSessionCookieOnly: LoadFigures;
  try {
    const peer = `http://127.0.0.1:${PORT + 2}/cart/items`;
    ironSessionCookieOnly = await run(post(peer, await peerCookies(peer, options.cookies)));
  } finally {
    await stop(iron);
  }

  return {
    durationSeconds: seconds,
    connections,
    cartPush,
    noopRoute,
    cartPushVsNoop: round(cartPush.requestsPerSecond / noopRoute.requestsPerSecond, 3),
    peers: { expressSession, ironSessionCookieOnly },
    pageView: {
      withProxy,
      emptyProxy,
      latencyWithProxyMs: latencyOn.meanMs,
      latencyEmptyProxyMs: latencyOff.meanMs,
      // The server is CPU-bound at this load, so the difference of the time per request is the proxy's cost.
      proxyCostUs: round((1 / withProxy.requestsPerSecond - 1 / emptyProxy.requestsPerSecond) * 1e6, 0),
    },
    storeCallsPerBrowsingPageView: calls,
    serverPeakRssMiB: rss,
  };
}
