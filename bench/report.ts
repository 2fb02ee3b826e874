import { existsSync, readFileSync } from "node:fs";
import type { Results } from "./run";
import { round } from "./stats";

export interface Target {
  name: string;
  target: string;
  actual: string;
  met: boolean;
}

const us = (x: number) => `${round(x, 1)} µs`;

/** Issue 9's targets, judged from one run's figures. */
export function targets(r: Results): Target[] {
  const list: Target[] = [];
  for (const e of r.engine.sqlite) {
    list.push({ name: `engine/raw on SQLite at ${e.rows.toLocaleString("en")} rows`, target: "<= 1.5", actual: round(e.ratio, 2).toString(), met: e.ratio <= 1.5 });
  }
  const [small, big] = r.engine.sqlite;
  if (small && big) {
    const growth = big.engine.median / small.engine.median;
    list.push({ name: `engine cost at ${big.rows.toLocaleString("en")} vs ${small.rows.toLocaleString("en")} rows`, target: "<= 1.3x", actual: `${round(growth, 2)}x`, met: growth <= 1.3 });
  }
  list.push({ name: "warm cookie read vs HMAC-SHA256 verify", target: "<= 2x", actual: `${round(r.cookie.warmVsHmac, 2)}x`, met: r.cookie.warmVsHmac <= 2 });
  list.push({ name: "cart push vs no-op route through the same proxy", target: ">= 0.85x", actual: `${r.http.cartPushVsNoop}x`, met: r.http.cartPushVsNoop >= 0.85 });
  list.push({ name: "proxy.ts cost over an empty proxy (page view)", target: "<= 50 µs", actual: `${r.http.pageView.proxyCostUs} µs`, met: r.http.pageView.proxyCostUs <= 50 });
  const calls = r.http.storeCallsPerBrowsingPageView;
  list.push({
    name: "database queries per browsing page view",
    target: "0",
    actual: `${calls.sharedCatalogPage} (catalog page), ${calls.personalPageOfGuestWithNothingStored} (personal page, nothing stored)`,
    met: calls.sharedCatalogPage === 0 && calls.personalPageOfGuestWithNothingStored === 0,
  });
  list.push({ name: "longest concurrent save wait during cleanup", target: "<= 100 ms", actual: `${r.cleanup.longestSaveWaitMs} ms`, met: r.cleanup.longestSaveWaitMs <= 100 });
  list.push({ name: "concurrent read p99 during cleanup", target: "< 5 ms", actual: `${r.cleanup.readP99Ms} ms`, met: r.cleanup.readP99Ms < 5 });
  list.push({ name: "WAL size after cleanup", target: "< 64 MiB", actual: `${round(r.cleanup.walBytesAfter / 2 ** 20, 2)} MiB`, met: r.cleanup.walBytesAfter < 64 * 2 ** 20 });
  return list;
}

export function renderBenchmarks(r: Results, resultsFile: string): string {
  const m = r.machine;
  const t = targets(r);
  const lines: string[] = [];
  lines.push("# Benchmarks", "");
  lines.push(
    `Measured by \`npm run bench\` on ${m.date.slice(0, 10)}: ${m.cores} cores (${m.cpu}), ${m.memoryGiB} GiB, load average at start ${m.loadAverageAtStart.join(" / ")}.`,
    `Node ${m.node}, Next.js ${m.next}, better-sqlite3 ${m.betterSqlite3} (SQLite ${m.sqlite}), iron-session ${m.ironSession}, @neondatabase/serverless ${m.neonServerless}, PostgreSQL ${m.postgres}.`,
    `Raw figures: [\`${resultsFile}\`](${resultsFile}). Latencies are medians of repeated runs; every ratio compares two figures taken in the same process, in the same run.`,
    "",
  );
  lines.push("## Targets", "", "| target | goal | measured | |", "|---|---|---|---|");
  for (const x of t) lines.push(`| ${x.name} | ${x.target} | ${x.actual} | ${x.met ? "met" : "**missed**"} |`);
  lines.push("");

  lines.push("## Engine: load + update cart + save, per request", "");
  lines.push("| store | rows | raw statements median / p99 | engine median / p99 | engine / raw |", "|---|---|---|---|---|");
  for (const e of r.engine.sqlite) {
    lines.push(`| SQLite | ${e.rows.toLocaleString("en")} | ${us(e.raw.median)} / ${us(e.raw.p99)} | ${us(e.engine.median)} / ${us(e.engine.p99)} | ${round(e.ratio, 2)} |`);
  }
  const p = r.engine.postgres;
  if ("skipped" in p) lines.push(`| Postgres | skipped: ${p.skipped} | | | |`);
  else {
    lines.push(
      `| Postgres (Neon driver, local bridge) | ${p.rows.toLocaleString("en")} | ${us(p.raw.median)} / ${us(p.raw.p99)} (pg wire protocol) | ${us(p.engine.median)} / ${us(p.engine.p99)} | ${round(p.ratio, 2)} |`,
    );
    lines.push("", `Postgres: ${round(p.roundTripsPerRequest ?? 0, 2)} database round trips per engine request (load, then one compare-and-swap save).`);
  }
  lines.push("", "Raw = one indexed SELECT and one UPSERT of the same ~2 KB payload through prepared statements, the driver's floor.", "");

  lines.push("## Cookie read, per request", "", "| read | median | p99 |", "|---|---|---|");
  lines.push(`| iron-session unseal, cache miss (cold) | ${us(r.cookie.cold.median)} | ${us(r.cookie.cold.p99)} |`);
  lines.push(`| bounded cache hit (warm), expiry still checked | ${us(r.cookie.warm.median)} | ${us(r.cookie.warm.p99)} |`);
  lines.push(`| HMAC-SHA256 verify + JSON.parse of the same payload | ${us(r.cookie.hmac.median)} | ${us(r.cookie.hmac.p99)} |`);
  lines.push(`| iron-session seal of a changed cookie (every cart change) | ${us(r.cookie.seal.median)} | ${us(r.cookie.seal.p99)} |`);
  lines.push("", `The sealed cookie is ${r.cookie.sealLength} characters.`, "");

  const h = r.http;
  lines.push(`## HTTP: \`next start\`, autocannon on loopback, ${h.connections} connections, ${h.durationSeconds} s per run, 1,000 rotating cookies`, "");
  lines.push("| what | requests/s | p99 | non-2xx |", "|---|---|---|---|");
  const row = (name: string, f: { requestsPerSecond: number; p99Ms: number; non2xx: number }) => `| ${name} | ${f.requestsPerSecond.toLocaleString("en")} | ${f.p99Ms} ms | ${f.non2xx} |`;
  lines.push(row("cart push `POST /api/cart/items` (this engine, SQLite)", h.cartPush));
  lines.push(row("no-op route handler behind the same proxy.ts (ceiling)", h.noopRoute));
  lines.push(row("peer: Express 5 + express-session + better-sqlite3 store", h.peers.expressSession));
  lines.push(row("peer: iron-session cookie-only handler (node:http)", h.peers.ironSessionCookieOnly));
  lines.push(row("catalog page view, valid cookie, empty cart, our proxy.ts", h.pageView.withProxy));
  lines.push(row("the same page view, empty proxy", h.pageView.emptyProxy));
  lines.push(
    "",
    `Cart push / no-op: ${h.cartPushVsNoop}. Proxy cost on a page view: the difference of the time per request at saturation (1/throughput) with our proxy.ts and with an empty one = ${h.pageView.proxyCostUs} µs (mean latency at one connection: ${h.pageView.latencyWithProxyMs} ms vs ${h.pageView.latencyEmptyProxyMs} ms).`,
    `Session-store calls per browsing page view (counted in the server): ${h.storeCallsPerBrowsingPageView.sharedCatalogPage} on a catalog page, ${h.storeCallsPerBrowsingPageView.personalPageOfGuestWithNothingStored} on a personal page of a guest who stored nothing.`,
    `Server peak RSS (VmHWM) under the cart-push load: ${h.serverPeakRssMiB} MiB.`,
    "",
  );

  const c = r.cleanup;
  lines.push(`## Cleanup: ${c.expired.toLocaleString("en")} expired rows among ${c.live.toLocaleString("en")} live ones`, "");
  lines.push("| figure | value |", "|---|---|");
  lines.push(`| deleted | ${c.deleted.toLocaleString("en")} in ${c.batches} batches, ${c.seconds} s |`);
  lines.push(`| rows per second | ${c.rowsPerSecond.toLocaleString("en")} |`);
  lines.push(`| longest wait of a concurrent session save (another process) | ${c.longestSaveWaitMs} ms over ${c.concurrentSaves.toLocaleString("en")} saves |`);
  lines.push(`| p99 of concurrent session reads | ${c.readP99Ms} ms over ${c.concurrentReads.toLocaleString("en")} reads |`);
  lines.push(`| WAL file after | ${round(c.walBytesAfter / 2 ** 20, 2)} MiB |`);
  lines.push("");

  if (existsSync("bench/analysis.md")) lines.push(readFileSync("bench/analysis.md", "utf8").trim(), "");
  return `${lines.join("\n")}\n`;
}
