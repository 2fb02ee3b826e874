import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";

/*
 * Issue 23: the demo's production build (the one this suite's server runs) holds no
 * benchmark: no bench route under server/app, no empty-proxy path compiled into the proxy,
 * and the bench addresses answer the store's 404. `npm run bench` builds its own
 * (CARTSESSION_BENCH_BUILD=1, next.config.mjs).
 */
const DIST = process.env.NEXT_DIST_DIR || ".next";

function files(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: "utf8" }).map((entry) => path.join(dir, entry));
}

test("the production build has no benchmark route, no empty-proxy path and no store-call counter", async ({ request }) => {
  const server = path.join(DIST, "server");
  expect(existsSync(path.join(server, "app")), `${server}/app: run the suite's build first`).toBe(true);
  expect(files(path.join(server, "app")).filter((file) => /(^|\/)bench(\/|$)/.test(path.relative(server, file)))).toEqual([]);
  const manifest = JSON.parse(readFileSync(path.join(server, "app-paths-manifest.json"), "utf8")) as Record<string, string>;
  expect(Object.keys(manifest).filter((route) => route.includes("bench"))).toEqual([]);
  const compiled = files(server).filter((file) => /\.js$/.test(file) && /proxy|middleware/.test(file));
  expect(compiled.length).toBeGreaterThan(0);
  for (const file of compiled) expect(readFileSync(file, "utf8"), file).not.toContain("empty-proxy");
  for (const url of ["/api/bench/noop", "/api/bench/queries", "/api/bench/iron-cart", "/api/bench/commerce-cart", "/api/bench/ceiling", "/bench/noop", "/bench/empty-proxy"]) {
    expect((await request.get(url)).status(), url).toBe(404);
  }
});
