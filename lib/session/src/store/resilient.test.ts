import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { ClientClosedError, ClientOfflineError, ConnectionTimeoutError, ErrorReply, SocketClosedUnexpectedlyError, TimeoutError } from "redis";
import { afterEach, describe, expect, it } from "vitest";
import { createSessionEngine } from "../engine.js";
import { sqliteStore } from "../sqlite/index.js";
import { TEST_SECRET } from "../test-helpers.js";
import type { SessionStore } from "./port.js";
import { isStoreUnavailable } from "./resilient.js";

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

describe("node-redis errors", () => {
  it("counts the client's connection errors as outages (their messages name no connection, a timeout has none)", () => {
    for (const error of [new TimeoutError(), new ClientOfflineError(), new ClientClosedError(), new ConnectionTimeoutError(), new SocketClosedUnexpectedlyError(), new Error('Unknown RESP type 72 "H"')]) {
      expect(isStoreUnavailable(error), error.constructor.name).toBe(true);
    }
    expect(isStoreUnavailable(new ErrorReply("WRONGTYPE Operation against a key holding the wrong kind of value"))).toBe(false);
  });
});
