/**
 * node --import tsx bench/cold-start.run.ts [--rounds N] [--build] [--json]
 *
 * The cold-start figures alone (bench/cold-start.ts), printed as Markdown (--json: the raw
 * figures after it). Builds the bench build into .next-bench when it has none (or with
 * --build). Port: COLD_START_PORT (default 3250). Its temporary files go to a new folder
 * under the OS's temp dir, removed at the end; it writes no tracked file.
 */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { benchColdStart, renderColdStart } from "./cold-start";

const arg = (name: string) => {
  const i = process.argv.indexOf(name);
  return i === -1 ? undefined : process.argv[i + 1];
};
const rounds = Number(arg("--rounds") ?? 5);
if (!Number.isInteger(rounds) || rounds < 1) throw new Error("--rounds takes a whole number ≥ 1");
const tmp = mkdtempSync(path.join(os.tmpdir(), "cartsession-cold-start-"));
try {
  const figures = await benchColdStart({ rounds, tmp, port: Number(process.env.COLD_START_PORT ?? 3250), build: process.argv.includes("--build") });
  process.stdout.write(`${renderColdStart(figures)}\n`);
  if (process.argv.includes("--json")) process.stdout.write(`\n${JSON.stringify(figures, null, 2)}\n`);
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
