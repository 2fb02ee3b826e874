import { randomBytes } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { newGuestCookie, type SessionCookie } from "./cookie.js";
import { createEncryptedCodec, parseEncryptionKeys } from "./encryption.js";
import { optionsFromEnv } from "./env.js";
import { newGuestKey } from "./keys.js";
import { T0, TEST_SECRET, tempSqlite, testEngine, type TempSqlite } from "./test-helpers.js";

const keyA = randomBytes(32).toString("hex");
const keyB = randomBytes(32).toString("base64");
let env: TempSqlite;
const logs: string[] = [];
const log = (m: string) => void logs.push(m);

beforeEach(async () => {
  env = await tempSqlite();
  logs.length = 0;
});
afterEach(() => env.dispose());

const engineWith = (keys: string[] | undefined) => testEngine(env.store, { encryptionKeys: keys, log }).engine;
const raw = async (key: string) => (await env.store.load(key))?.value ?? "";

async function write(keys: string[] | undefined, data: Record<string, unknown>, cookie?: SessionCookie): Promise<SessionCookie> {
  const engine = engineWith(keys);
  const s = await engine.open(cookie ?? newGuestCookie(engine.settings, newGuestKey(), T0), { writable: true });
  for (const [k, v] of Object.entries(data)) s.set(k, v);
  await s.save();
  return s.cookie;
}
const read = (keys: string[] | undefined, cookie: SessionCookie) => engineWith(keys).open(cookie, { writable: false });

describe("encryption at rest", () => {
  it("never lets the plaintext reach the table", async () => {
    const cookie = await write([keyA], { address: { street: "221B Baker Street", email: "sherlock@example.com" } });
    const stored = await raw(cookie.key);
    expect(stored).toMatch(/^enc:v1:[0-9a-f]{8}:/);
    expect(stored).not.toContain("Baker");
    expect(stored).not.toContain("sherlock");
    expect((await read([keyA], cookie)).get("address")).toEqual({ street: "221B Baker Street", email: "sherlock@example.com" });
  });

  it("reads rows written with an older key after rotation and re-encrypts them on the next write", async () => {
    const cookie = await write([keyA], { note: "kept" });
    const oldEnvelope = await raw(cookie.key);
    expect((await read([keyB, keyA], cookie)).get("note")).toBe("kept");
    await write([keyB, keyA], { visits: 1 }, cookie);
    expect((await raw(cookie.key)).split(":")[2]).not.toBe(oldEnvelope.split(":")[2]);
    expect((await read([keyB], cookie)).get("note")).toBe("kept");
  });

  it("reads plaintext rows stored before encryption was enabled", async () => {
    const cookie = await write(undefined, { note: "legacy" });
    expect((await read([keyA], cookie)).get("note")).toBe("legacy");
  });

  it("reads a row that fails to decrypt as empty, and logs it", async () => {
    const cookie = await write([keyA], { note: "secret" });
    expect((await read([randomBytes(32).toString("hex")], cookie)).getSessionData()).toEqual({});
    // A tampered envelope under the right key fails authentication.
    const row = await env.store.load(cookie.key);
    await env.store.save({ ...row!, value: row!.value.slice(0, -4) + "AAAA", items: 0, now: T0, expectedVersion: row!.version });
    expect((await read([keyA], cookie)).getSessionData()).toEqual({});
    expect(logs.length).toBe(2);
  });

  it("binds an envelope to its session key: a row copied to another key does not decrypt", () => {
    const codec = createEncryptedCodec(parseEncryptionKeys([keyA]), log);
    const envelope = codec.encode({ cart: [] }, "t_" + "a".repeat(30));
    expect(codec.decode(envelope, "t_" + "b".repeat(30))).toEqual({});
  });

  it("fails fast on a malformed key, naming the variable", () => {
    expect(() => optionsFromEnv({ SESSION_SECRET: TEST_SECRET, SESSION_ENC_KEY: "too-short" })).toThrow(/SESSION_ENC_KEY/);
  });
});
