import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { processAlive } from "./postgres.js";
import { pgClusterOrSkipReason, removeStaleClusters, startPgCluster, type PgCluster } from "./pg-cluster.js";

/* The throwaway PostgreSQL cluster the fault tests start: its own port, stopped and removed after, swept after a crash. */

const skipReason = pgClusterOrSkipReason();
const started: PgCluster[] = [];
afterAll(async () => {
  for (const cluster of started) await cluster.destroy();
}, 60_000);

async function select1(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    return (await client.query<{ one: number }>("SELECT 1 AS one")).rows[0]!.one;
  } finally {
    await client.end();
  }
}

/** A run that crashed: a process that started a cluster and was killed with SIGKILL. */
async function crashedRun(): Promise<{ dir: string; port: number }> {
  const fixture = path.join(path.dirname(fileURLToPath(import.meta.url)), "pg-cluster.fixture.ts");
  const child = spawn(process.execPath, ["--import", "tsx", fixture], { stdio: ["ignore", "pipe", "inherit"] });
  const line = await new Promise<string>((resolve, reject) => {
    let out = "";
    child.stdout.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes("\n")) resolve(out.trim());
    });
    child.once("exit", (code) => reject(new Error(`the fixture exited (${code}) before starting its cluster`)));
  });
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGKILL");
  await exited;
  const [dir, port] = line.split(" ");
  return { dir: dir!, port: Number(port) };
}

describe("throwaway PostgreSQL cluster (test helper)", () => {
  it("starts on its own port, stops, starts again, and destroy() leaves nothing behind", async (ctx) => {
    if (skipReason) return ctx.skip(skipReason);
    const cluster = await startPgCluster();
    started.push(cluster);
    expect(cluster.port).not.toBe(5432);
    expect(await select1(cluster.url)).toBe(1);
    await cluster.stop("immediate");
    expect(cluster.running()).toBe(false);
    await expect(select1(cluster.url)).rejects.toThrow(/ECONNREFUSED/);
    await cluster.start();
    expect(await select1(cluster.url)).toBe(1);
    await cluster.destroy();
    expect(existsSync(cluster.dir)).toBe(false);
    await expect(select1(cluster.url)).rejects.toThrow(/ECONNREFUSED/);
  }, 60_000);

  it("removes what a crashed run left (its folder and its still-running postmaster) and keeps a live run's", async (ctx) => {
    if (skipReason) return ctx.skip(skipReason);
    const live = await startPgCluster();
    started.push(live);
    const crashed = await crashedRun();
    // The crashed run's server outlived it.
    expect(await select1(`postgres://postgres@127.0.0.1:${crashed.port}/postgres`)).toBe(1);
    const removed = await removeStaleClusters();
    expect(removed).toContain(crashed.dir);
    expect(removed).not.toContain(live.dir);
    expect(existsSync(crashed.dir)).toBe(false);
    await expect(select1(`postgres://postgres@127.0.0.1:${crashed.port}/postgres`)).rejects.toThrow(/ECONNREFUSED/);
    expect(await select1(live.url)).toBe(1);
    expect(processAlive(process.pid)).toBe(true);
  }, 90_000);
});
