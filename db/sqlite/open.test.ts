import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { migrateSqlite, openSqlite } from "./open";

function tempFile(): { file: string; dispose(): void } {
  const dir = mkdtempSync(path.join(tmpdir(), "cartsession-migrate-"));
  return { file: path.join(dir, "sessions.db"), dispose: () => rmSync(dir, { recursive: true, force: true }) };
}

describe("SQLite migrations", () => {
  it("creates the sessions table with WAL mode, and is idempotent", () => {
    const { file, dispose } = tempFile();
    try {
      const db = openSqlite(file);
      expect(db.pragma("journal_mode", { simple: true })).toBe("wal");
      expect(migrateSqlite(db)).toBe(0);
      const columns = db.prepare("SELECT name FROM pragma_table_info('sessions')").all() as { name: string }[];
      expect(columns.map((c) => c.name)).toEqual(
        expect.arrayContaining(["session_id", "session_key", "session_value", "session_expiry", "session_version"]),
      );
      const indexes = db.prepare("SELECT name, \"unique\" AS u FROM pragma_index_list('sessions')").all() as { name: string; u: number }[];
      expect(indexes.some((i) => i.u === 1)).toBe(true);
      expect(indexes.some((i) => i.name === "sessions_expiry_idx")).toBe(true);
      db.close();
      openSqlite(file).close();
    } finally {
      dispose();
    }
  });

  it("lets several processes open a new file at once without a missing-table race", async () => {
    const { file, dispose } = tempFile();
    try {
      const script = `
        import { openSqlite } from ${JSON.stringify(path.resolve("db/sqlite/open.ts"))};
        const db = openSqlite(process.argv[1]);
        db.prepare("SELECT count(*) FROM sessions").get();
        db.close();
      `;
      const runs = Array.from({ length: 4 }, () =>
        new Promise<number>((resolve) => {
          const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script, file], { stdio: "inherit" });
          child.on("exit", (code) => resolve(code ?? 1));
        }),
      );
      expect(await Promise.all(runs)).toEqual([0, 0, 0, 0]);
    } finally {
      dispose();
    }
  });
});
