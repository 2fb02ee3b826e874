import { randomBytes } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { testConfig } from "../../test/helpers/config";
import { tempSqliteStore } from "../../test/helpers/sqlite";
import { manualClock } from "./clock";
import { jsonCodec } from "./codec";
import { newSessionCookie } from "./cookie";
import { createEncryptedCodec, parseEncryptionKeys } from "./encryption";
import { generateGuestKey } from "./keys";
import { Session, type SessionDeps } from "./session";

const T0 = 1_800_000_000;
const keyA = randomBytes(32).toString("hex");
const keyB = randomBytes(32).toString("base64");
let env: ReturnType<typeof tempSqliteStore>;
const logs: string[] = [];
const log = (m: string) => void logs.push(m);

beforeEach(() => {
  env = tempSqliteStore();
  logs.length = 0;
});
afterEach(() => env.dispose());

function deps(keys: string | null): SessionDeps {
  return {
    store: env.store,
    config: testConfig(),
    clock: manualClock(T0),
    codec: keys === null ? jsonCodec : createEncryptedCodec(parseEncryptionKeys(keys), log),
  };
}

function rawValue(key: string): string {
  return (env.store.db.prepare("SELECT session_value FROM sessions WHERE session_key = ?").get(key) as { session_value: string }).session_value;
}

describe("encryption at rest", () => {
  it("never lets the plaintext reach the table", async () => {
    const d = deps(keyA);
    const s = await Session.open(d, { cookie: newSessionCookie(d.config, generateGuestKey(), T0), writable: true });
    s.set("address", { street: "221B Baker Street", email: "sherlock@example.com" });
    await s.save();
    const stored = rawValue(s.getCustomerId());
    expect(stored).toMatch(/^enc:v1:[0-9a-f]{8}:/);
    expect(stored).not.toContain("Baker");
    expect(stored).not.toContain("sherlock");
    expect((await Session.open(d, { cookie: s.cookie, writable: false })).get("address")).toEqual({
      street: "221B Baker Street",
      email: "sherlock@example.com",
    });
  });

  it("reads rows written with an older key after rotation and re-encrypts them on the next write", async () => {
    const before = deps(keyA);
    const s = await Session.open(before, { cookie: newSessionCookie(before.config, generateGuestKey(), T0), writable: true });
    s.set("note", "kept");
    await s.save();
    const oldEnvelope = rawValue(s.getCustomerId());

    const after = deps(`${keyB},${keyA}`);
    const again = await Session.open(after, { cookie: s.cookie, writable: true });
    expect(again.get("note")).toBe("kept");
    again.set("visits", 1);
    await again.save();
    const newEnvelope = rawValue(s.getCustomerId());
    expect(newEnvelope.split(":")[2]).not.toBe(oldEnvelope.split(":")[2]);
    const onlyNew = deps(keyB);
    expect((await Session.open(onlyNew, { cookie: s.cookie, writable: false })).get("note")).toBe("kept");
  });

  it("reads plaintext rows stored before encryption was enabled", async () => {
    const plain = deps(null);
    const s = await Session.open(plain, { cookie: newSessionCookie(plain.config, generateGuestKey(), T0), writable: true });
    s.set("note", "legacy");
    await s.save();
    const enc = deps(keyA);
    expect((await Session.open(enc, { cookie: s.cookie, writable: false })).get("note")).toBe("legacy");
  });

  it("reads a row that fails to decrypt as empty, and logs it", async () => {
    const d = deps(keyA);
    const s = await Session.open(d, { cookie: newSessionCookie(d.config, generateGuestKey(), T0), writable: true });
    s.set("note", "secret");
    await s.save();
    const wrongKey = deps(randomBytes(32).toString("hex"));
    expect((await Session.open(wrongKey, { cookie: s.cookie, writable: false })).getSessionData()).toEqual({});
    // A tampered envelope under the right key fails authentication.
    const value = rawValue(s.getCustomerId());
    env.store.db.prepare("UPDATE sessions SET session_value = ? WHERE session_key = ?").run(value.slice(0, -4) + "AAAA", s.getCustomerId());
    expect((await Session.open(d, { cookie: s.cookie, writable: false })).getSessionData()).toEqual({});
    expect(logs.length).toBe(2);
  });

  it("binds an envelope to its session key: a row copied to another key does not decrypt", () => {
    const codec = createEncryptedCodec(parseEncryptionKeys(keyA), log);
    const envelope = codec.encode({ cart: [] }, "t_" + "a".repeat(30));
    expect(codec.decode(envelope, "t_" + "b".repeat(30))).toEqual({});
  });

  it("fails fast on a malformed key, naming the variable", () => {
    expect(() => testConfig({ SESSION_ENC_KEY: "too-short" })).toThrow(/SESSION_ENC_KEY/);
  });
});
