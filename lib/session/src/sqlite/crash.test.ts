import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";

const dir = mkdtempSync(path.join(tmpdir(), "cartsession-crash-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("a writer killed with SIGKILL mid-load", () => {
  it("leaves a database that passes integrity_check and holds every acknowledged write", async () => {
    const file = path.join(dir, "sessions.db");
    const child = spawn(process.execPath, ["--import", "tsx", path.join(path.dirname(fileURLToPath(import.meta.url)), "write-loop.fixture.ts"), file], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    const acked = new Map<string, number>();
    let buffer = "";
    let lines = 0;
    child.stdout.on("data", (chunk: Buffer) => {
      buffer += chunk.toString();
      const parts = buffer.split("\n");
      buffer = parts.pop() ?? "";
      for (const line of parts) {
        const [, key, n] = line.split(" ");
        if (key && n) acked.set(key, Math.max(acked.get(key) ?? 0, Number(n)));
        lines++;
      }
    });
    // Kill it hard once it has acknowledged a good number of writes (bounded wait).
    const deadline = Date.now() + 20_000;
    while (lines < 2_000 && Date.now() < deadline && child.exitCode === null) await new Promise((r) => setTimeout(r, 20));
    const exited = new Promise((resolve) => child.on("exit", resolve));
    child.kill("SIGKILL");
    await exited;
    expect(lines).toBeGreaterThan(100);

    const db = new Database(file);
    try {
      expect(db.pragma("integrity_check", { simple: true })).toBe("ok");
      for (const [key, n] of acked) {
        const row = db.prepare("SELECT session_value FROM sessions WHERE session_key = ?").get(key) as { session_value: string };
        // Every acknowledged increment is there (a later, unacknowledged one may be too).
        expect(JSON.parse(row.session_value).n).toBeGreaterThanOrEqual(n);
      }
    } finally {
      db.close();
    }
  });
});
