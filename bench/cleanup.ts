/**
 * Cleanup at scale: delete `expired` expired rows among `live` live ones with the cleanup
 * route's batching, while another process reads and saves sessions in the same file.
 */
import { fork } from "node:child_process";
import { existsSync, mkdirSync, rmSync, statSync } from "node:fs";
import path from "node:path";
import { sqliteStore } from "cartsession/sqlite";
import { openSqliteFile } from "../db/sqlite";
import { rowsFor } from "./engine";
import { quantile, round } from "./stats";

export interface CleanupFigures {
  live: number;
  expired: number;
  deleted: number;
  batches: number;
  seconds: number;
  rowsPerSecond: number;
  concurrentSaves: number;
  /** Reads or saves of the concurrent worker that failed (e.g. SQLITE_BUSY). */
  failedRequests: number;
  longestSaveWaitMs: number;
  concurrentReads: number;
  readP99Ms: number;
  walBytesAfter: number;
}

export async function benchCleanup(live: number, expired: number, tmp: string): Promise<CleanupFigures> {
  mkdirSync(tmp, { recursive: true });
  const file = path.join(tmp, "cleanup.db");
  for (const f of [file, `${file}-wal`, `${file}-shm`]) rmSync(f, { force: true });
  const db = await openSqliteFile(file);
  const store = await sqliteStore({ database: db });
  const now = Math.floor(Date.now() / 1000);
  try {
    for (let i = 0; i < live; i += 50_000) await store.bulkInsert(rowsFor(Math.min(50_000, live - i), now, i));
    for (let i = 0; i < expired; i += 50_000) {
      const rows = rowsFor(Math.min(50_000, expired - i), now, live + i).map((r) => ({ ...r, expiresAt: now - 3600, activeUntil: now - 3600 - 172_800 }));
      await store.bulkInsert(rows);
    }
    db.pragma("wal_checkpoint(TRUNCATE)");

    const worker = fork(path.resolve("bench/cleanup-worker.ts"), [file, "0", String(live)], { execArgv: ["--import", "tsx"] });
    await new Promise<void>((resolve) => worker.once("message", () => resolve()));
    await new Promise((r) => setTimeout(r, 300));
    const result = await store.deleteExpired({ before: now, batchSize: 5_000, timeBudgetMs: 600_000 });
    const samples = new Promise<{ reads: number[]; saves: number[]; failures: string[] }>((resolve, reject) => {
      worker.on("message", (m) => {
        if (typeof m === "object" && m !== null && "reads" in m) resolve(m as { reads: number[]; saves: number[]; failures: string[] });
      });
      worker.once("exit", (code) => reject(new Error(`the concurrent worker exited early (code ${code})`)));
    });
    worker.send("stop");
    const { reads, saves, failures } = await samples;
    const walBytesAfter = existsSync(`${file}-wal`) ? statSync(`${file}-wal`).size : 0;
    const sortedReads = [...reads].sort((a, b) => a - b);
    return {
      live,
      expired,
      deleted: result.deleted,
      batches: result.batches,
      seconds: round(result.durationMs / 1000, 2),
      rowsPerSecond: Math.round(result.deleted / (result.durationMs / 1000)),
      concurrentSaves: saves.length,
      failedRequests: failures.length,
      longestSaveWaitMs: round(Math.max(0, ...saves), 2),
      concurrentReads: reads.length,
      readP99Ms: round(quantile(sortedReads, 0.99), 3),
      walBytesAfter,
    };
  } finally {
    await store.close();
    db.close();
    for (const f of [file, `${file}-wal`, `${file}-shm`]) rmSync(f, { force: true });
  }
}
