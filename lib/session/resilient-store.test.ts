import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { openSqlite } from "../../db/sqlite/open";
import { SqliteSessionStore } from "../../db/sqlite/session-store";
import type { SessionStore } from "./store";
import { resilientStore } from "./resilient-store";

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

describe("resilientStore", () => {
  it("reports an unreachable database as store_unavailable and recovers by itself when it is back", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "cartsession-outage-"));
    dirs.push(dir);
    const parent = path.join(dir, "db");
    writeFileSync(parent, "not a directory"); // the database folder cannot be created
    let opened: SessionStore | undefined;
    let opens = 0;
    const store = resilientStore(async () => {
      opens++;
      opened ??= new SqliteSessionStore(openSqlite(path.join(parent, "sessions.db")));
      return opened;
    });

    await expect(store.load("t_" + "a".repeat(30))).rejects.toMatchObject({ code: "store_unavailable" });
    expect(opened).toBeUndefined();

    rmSync(parent);
    mkdirSync(parent);
    expect(await store.load("t_" + "a".repeat(30))).toBeNull();
    expect(opens).toBe(2);
    await opened?.close();
  });

  it("opens nothing until a method is called", () => {
    let opens = 0;
    resilientStore(async () => {
      opens++;
      throw new Error("never");
    });
    expect(opens).toBe(0);
  });
});
