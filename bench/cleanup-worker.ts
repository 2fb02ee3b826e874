/**
 * Runs in another process during the cleanup benchmark: session reads and saves against
 * the same SQLite file, reporting each one's latency, until told to stop.
 */
import { sqliteStore } from "cartsession/sqlite";
import { keyFor } from "./engine";

const [file, liveFrom, liveCount] = [process.argv[2]!, Number(process.argv[3]), Number(process.argv[4])];
const store = await sqliteStore({ file });
const reads: number[] = [];
const saves: number[] = [];
let stop = false;
process.on("message", (m) => {
  if (m === "stop") stop = true;
});

const failures: string[] = [];

async function main(): Promise<void> {
  process.send?.("ready");
  while (!stop) {
    try {
      await once();
    } catch (error) {
      failures.push(error instanceof Error ? error.message : String(error));
    }
    // A shopper's request rate, not a tight loop: leave the other core to the cleanup.
    await new Promise((r) => setTimeout(r, 1));
  }
  await store.close();
  // Exit only once the samples are handed over: a message still in flight is lost on exit.
  process.send?.({ reads, saves, failures }, () => process.exit(0));
}

async function once(): Promise<void> {
  {
    const key = keyFor(liveFrom + Math.floor(Math.random() * liveCount));
    let t = performance.now();
    const row = await store.load(key);
    reads.push(performance.now() - t);
    if (row) {
      t = performance.now();
      await store.save({ ...row, items: 0, expectedVersion: row.version, now: Math.floor(Date.now() / 1000) });
      saves.push(performance.now() - t);
    }
  }
}
void main();
