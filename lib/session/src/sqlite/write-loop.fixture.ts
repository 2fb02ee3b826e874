/**
 * A writer process for the crash test: increments counters in sessions through the real
 * engine and prints "ack <key> <n>" after each save returns. Runs until killed.
 */
import { createSessionEngine } from "../engine.js";
import { newGuestCookie } from "../cookie.js";
import { sqliteStore } from "./index.js";

const file = process.argv[2];
if (!file) throw new Error("usage: write-loop.fixture.ts <sqlite file>");
const store = await sqliteStore({ file });
const engine = createSessionEngine({ store, secrets: "crash-test-secret-crash-test-secret-00", siteUrl: "http://localhost:3000" });
const keys = Array.from({ length: 8 }, (_, i) => `t_${i.toString(16).padStart(30, "0")}`);
for (let i = 0; ; i++) {
  const key = keys[i % keys.length] as string;
  const cookie = { ...newGuestCookie(engine.settings, key, Math.floor(Date.now() / 1000)), persisted: true };
  const session = await engine.open<{ n: number; pad: string }>(cookie, { writable: true });
  session.update("n", (n) => (n ?? 0) + 1);
  session.set("pad", "x".repeat(2000));
  await session.save();
  process.stdout.write(`ack ${key} ${session.get("n")}\n`);
}
