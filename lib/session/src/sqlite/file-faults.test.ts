import { chmodSync, rmSync, writeFileSync } from "node:fs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { addLine } from "../cart.js";
import { tempSqlite, testEngine, type TempSqlite } from "../test-helpers.js";

/*
 * Issue 19: a SQLite file deleted, replaced or made read-only under a running server still
 * answers through the open handle, so writes were acknowledged and lost at the next
 * restart. Health and saves must notice (within a second) and answer store_unavailable.
 */
let env: TempSqlite;
beforeEach(async () => {
  env = await tempSqlite();
});
afterEach(() => env.dispose());

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function addToCart(engine: ReturnType<typeof testEngine>["engine"], cookie?: Parameters<ReturnType<typeof testEngine>["engine"]["open"]>[0]) {
  const session = await engine.open(cookie ?? (await engine.identify({})).cookie, { writable: true });
  session.update("cart", (cart) => addLine(cart, "p", 1));
  await session.save();
  return session.cookie;
}

describe("the SQLite file under a running server", () => {
  for (const [what, damage] of [
    ["deleted", () => ["", "-wal", "-shm"].forEach((s) => rmSync(`${env.file}${s}`, { force: true }))],
    ["replaced", () => (["", "-wal", "-shm"].forEach((s) => rmSync(`${env.file}${s}`, { force: true })), writeFileSync(env.file, ""))],
  ] as const) {
    it(`${what}: health answers unavailable and a save is refused as store_unavailable instead of being lost`, async () => {
      const { engine } = testEngine(env.store);
      const cookie = await addToCart(engine);
      expect((await engine.health()).status).toBe("ok");
      damage();
      await pause(1_100);
      expect((await engine.health()).status).toBe("unavailable");
      await expect(addToCart(engine, cookie)).rejects.toMatchObject({ code: "store_unavailable" });
    });
  }

  it.skipIf(process.getuid?.() === 0)("made read-only: the same (skipped as root, who may write anyway)", async () => {
    const { engine } = testEngine(env.store);
    const cookie = await addToCart(engine);
    chmodSync(env.file, 0o444);
    try {
      await pause(1_100);
      expect((await engine.health()).status).toBe("unavailable");
      await expect(addToCart(engine, cookie)).rejects.toMatchObject({ code: "store_unavailable" });
    } finally {
      chmodSync(env.file, 0o644);
    }
  });
});
