import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createSessionEngine } from "../engine.js";
import { sqliteStore } from "../sqlite/index.js";
import { TEST_SECRET } from "../test-helpers.js";
import type { SessionStore } from "./port.js";
import { isStoreUnavailable, SessionError } from "../errors.js";
import { reportOutages } from "./outage.js";

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

describe("the engine's store: opened on first use, outages as store_unavailable", () => {
  it("reports an unreachable database as store_unavailable and recovers by itself when it is back", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "cartsession-outage-"));
    dirs.push(dir);
    const parent = path.join(dir, "db");
    writeFileSync(parent, "not a directory"); // the database folder cannot be created
    let opens = 0;
    let opened: SessionStore | undefined;
    const engine = createSessionEngine({
      secrets: TEST_SECRET,
      siteUrl: "http://localhost:3000",
      store: async () => {
        opens++;
        opened = await sqliteStore({ file: path.join(parent, "sessions.db") });
        return opened;
      },
    });
    await expect(engine.store.load("t_" + "a".repeat(30))).rejects.toMatchObject({ code: "store_unavailable" });
    expect((await engine.health()).status).toBe("unavailable");
    rmSync(parent);
    mkdirSync(parent);
    expect(await engine.store.load("t_" + "a".repeat(30))).toBeNull();
    expect((await engine.health()).status).toBe("ok");
    // Two failed opens (the load, the health check), then one that stays open.
    expect(opens).toBe(3);
    await opened?.close?.();
  });

  it("opens nothing until a method is called (a browsing visitor never opens the database)", async () => {
    let opens = 0;
    const engine = createSessionEngine({ secrets: TEST_SECRET, siteUrl: "http://localhost:3000", store: () => (opens++, Promise.reject(new Error("never"))) });
    const identity = await engine.identify({});
    const session = await engine.open(identity.cookie, { writable: false });
    expect(session.getSessionData()).toEqual({});
    expect(opens).toBe(0);
  });
});

describe("each store classifies its own outages; the engine looks only at the code", () => {
  it("turns what the store's classifier recognises into store_unavailable and passes everything else through", async () => {
    const down = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" });
    const bug = new Error('no such column: "nope"');
    const store = reportOutages({ load: (key: string) => Promise.reject(key === "down" ? down : bug), name: "x" }, (error) => error === down);
    await expect(store.load("down")).rejects.toMatchObject({ code: "store_unavailable", cause: down });
    await expect(store.load("bug")).rejects.toBe(bug);
    expect(store.name).toBe("x");
  });

  it("recognises the engine's outage error by its code, also from a second copy of the package (bundler layers)", () => {
    expect(isStoreUnavailable(new SessionError("store_unavailable", "down"))).toBe(true);
    const copy = Object.assign(new Error("The session store is unavailable"), { name: "SessionError", code: "store_unavailable" });
    expect(isStoreUnavailable(copy)).toBe(true);
    expect(isStoreUnavailable(Object.assign(new Error("x"), { name: "SessionError", code: "session_too_large" }))).toBe(false);
    // A raw driver error is the store's to classify, never guessed at by the engine.
    expect(isStoreUnavailable(new Error("fetch failed"))).toBe(false);
    expect(isStoreUnavailable(new TypeError("x is not a function"))).toBe(false);
  });
});
