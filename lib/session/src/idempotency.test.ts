import { afterEach, describe, expect, it } from "vitest";
import { sqliteStore } from "./sqlite/index.js";
import { tempSqlite, testEngine, type TempSqlite } from "./test-helpers.js";
import { actionClaim, IDEMPOTENCY_FIELD, IDEMPOTENCY_SLOT, newIdempotencyKey, recordable, replayedResponse, requestClaim, withClaim, withResponse, IdempotencyHit } from "./idempotency.js";
import { idempotentAction } from "./idempotent-request.js";
import type { Session } from "./session.js";
import { createCartSessions } from "./next/index.js";
import { TEST_SECRET } from "./test-helpers.js";

let db: TempSqlite | undefined;
afterEach(async () => {
  await db?.dispose();
  db = undefined;
});

describe("idempotency claims", () => {
  it("fingerprints method, path and body; only writes with a key claim; a bad key is refused", async () => {
    const post = (body: string, key = "k") => new Request("https://shop.test/api/cart/items?x=1", { method: "POST", headers: { "Idempotency-Key": key }, body });
    const a = await requestClaim(post(`{"q":1}`), 100);
    const b = await requestClaim(post(`{"q":1}`), 100);
    const c = await requestClaim(post(`{"q":2}`), 100);
    expect(a).toEqual(b);
    expect(a!.key).toBe(c!.key);
    expect(a!.fingerprint).not.toBe(c!.fingerprint);
    expect(await requestClaim(new Request("https://shop.test/api/cart", { headers: { "Idempotency-Key": "k" } }), 100)).toBeNull();
    expect(await requestClaim(new Request("https://shop.test/api/cart", { method: "POST" }), 100)).toBeNull();
    await expect(requestClaim(post("{}", "x".repeat(256)), 100)).rejects.toMatchObject({ code: "invalid_idempotency_key" });
    // A body beyond the bound is refused without reading it all, and never hangs.
    await expect(requestClaim(post("z".repeat(1_048_577)), 100)).rejects.toMatchObject({ code: "invalid_idempotency_key" });
    // The handler still reads the body: the claim read a clone.
    const request = post(`{"q":3}`);
    await requestClaim(request, 100);
    expect(await request.json()).toEqual({ q: 3 });
  });

  it("a form's key travels in IDEMPOTENCY_FIELD; the other fields are the fingerprint", () => {
    const form = (quantity: string) => {
      const data = new FormData();
      data.set(IDEMPOTENCY_FIELD, "form-key");
      data.set("productId", "mug");
      data.set("quantity", quantity);
      return data;
    };
    expect(actionClaim({ form: form("1") }, 5)).toEqual(actionClaim({ form: form("1") }, 5));
    expect(actionClaim({ form: form("1") }, 5)!.fingerprint).not.toBe(actionClaim({ form: form("2") }, 5)!.fingerprint);
    expect(actionClaim({ form: new FormData() }, 5)).toBeNull();
    expect(newIdempotencyKey()).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("keeps the newest 32 live keys, throws IdempotencyHit for a key already there, and bounds recorded bodies", async () => {
    let slot: unknown = undefined;
    for (let i = 0; i < 40; i++) slot = withClaim(slot, { key: `k${i}`, fingerprint: "f", at: 1_000 + i });
    expect((slot as { k: string }[]).map((r) => r.k)).toEqual(Array.from({ length: 32 }, (_, i) => `k${i + 8}`));
    expect(() => withClaim(slot, { key: "k39", fingerprint: "f", at: 2_000 })).toThrow(IdempotencyHit);
    // After the window the key is free again.
    expect(() => withClaim(slot, { key: "k39", fingerprint: "f", at: 1_039 + 86_400 })).not.toThrow();
    const big = await recordable(new Response("x".repeat(9_000)));
    expect(big).toBeUndefined();
    const small = await recordable(Response.json({ ok: true }, { status: 201, headers: { "Set-Cookie": "a=b", "X-Kept": "1" } }));
    expect(small).toMatchObject({ s: 201, b: `{"ok":true}` });
    expect(small!.h.some(([name]) => name === "set-cookie")).toBe(false);
    const replayed = replayedResponse(small!);
    expect(replayed.headers.get("Idempotent-Replayed")).toBe("true");
    expect(replayed.headers.get("X-Kept")).toBe("1");
    expect(await replayed.json()).toEqual({ ok: true });
    // Responses beyond the per-session budget: older bodies go first.
    let withBodies: unknown = slot;
    for (let i = 8; i < 40; i++) withBodies = withResponse(withBodies, `k${i}`, { s: 200, h: [], b: "y".repeat(8_000) });
    const kept = (withBodies as { k: string; r?: unknown }[]).filter((r) => r.r).map((r) => r.k);
    expect(kept).toEqual(["k37", "k38", "k39"]);
  });
});

describe("a Server Action with a form key (withSession's idempotency)", () => {
  it("a double submit adds once; the second run reads the session and changes nothing; other fields with the key: 422", async () => {
    db = await tempSqlite();
    const { engine } = testEngine(await sqliteStore({ file: db.file }));
    const cookie = (await engine.identify({})).cookie;
    const form = (quantity: string) => {
      const data = new FormData();
      data.set(IDEMPOTENCY_FIELD, "submit-1");
      data.set("quantity", quantity);
      return data;
    };
    const action = async (data: FormData) => {
      const claim = actionClaim({ form: data }, 1_800_000_000)!;
      const open = async () => {
        const session = await engine.open<{ n: number }>(current, { writable: true });
        return { session, commit: async () => void (await session.save(), (current = session.cookie)) };
      };
      return idempotentAction(claim, await open(), (s: Session<{ n: number }>) => {
        s.update("n", (n) => (n ?? 0) + Number(data.get("quantity")));
        return s.get("n");
      }, open);
    };
    let current = cookie;
    expect(await action(form("2"))).toBe(2);
    // The double submit: the change is discarded, the action answers from the stored session.
    expect(await action(form("2"))).toBe(2);
    expect((await engine.open<{ n: number }>(current, { writable: false })).get("n")).toBe(2);
    await expect(action(form("3"))).rejects.toMatchObject({ code: "idempotency_key_reused" });
    // The slot is the engine's: apps never read or write it.
    const session = await engine.open(current, { writable: true });
    expect(session.getSessionData()).toEqual({ n: 2 });
    expect(session.get(IDEMPOTENCY_SLOT)).toBeUndefined();
    expect(() => session.set(IDEMPOTENCY_SLOT, "x")).toThrow(/reserved/);
  });
});

describe("route() with an Idempotency-Key", () => {
  it("a replay whose response was too large to record runs the handler again on a copy of the body, changing nothing", async () => {
    db = await tempSqlite();
    const file = db.file;
    const sessions = createCartSessions({ store: () => sqliteStore({ file }), secrets: TEST_SECRET, siteUrl: "http://localhost:3000" });
    const add = sessions.route<unknown, { n: number }>(async (request, session) => {
      const { by } = (await request.json()) as { by: number };
      session.update("n", (n) => (n ?? 0) + by);
      await session.save();
      return new Response(`${"x".repeat(9_000)} n=${session.get("n")}`);
    });
    const first = await add(new Request("http://localhost:3000/api/n", { method: "POST", body: `{"by":2}`, headers: { "Idempotency-Key": "big-1" } }), undefined);
    const cookie = first.headers.getSetCookie()[0]!.split(";")[0]!;
    expect((await first.text()).endsWith("n=2")).toBe(true);
    const again = await add(new Request("http://localhost:3000/api/n", { method: "POST", body: `{"by":2}`, headers: { "Idempotency-Key": "big-1", cookie } }), undefined);
    expect(again.status).toBe(200);
    expect(again.headers.get("Idempotent-Replayed")).toBe("true");
    expect((await again.text()).endsWith("n=2")).toBe(true);
    expect((await sessions.readSession<{ n: number }>(new Request("http://localhost:3000/", { headers: { cookie } }))).get("n")).toBe(2);
  });
});
