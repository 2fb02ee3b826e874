import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { newGuestCookie, sealSessionCookie, type SessionCookie } from "./cookie.js";
import type { SessionEngine } from "./engine.js";
import { newGuestKey } from "./keys.js";
import type { ManualClock } from "./clock.js";
import type { SessionWrite } from "./store/port.js";
import { recording, T0, tempSqlite, testEngine, type TempSqlite } from "./test-helpers.js";

type Shop = { cart: { productId: string; quantity: number }[]; note: string; visits: number };

let env: TempSqlite;
let saves: SessionWrite[];
let engine: SessionEngine;
let clock: ManualClock;

beforeEach(async () => {
  env = await tempSqlite();
  saves = [];
  ({ engine, clock } = testEngine(recording(env.store, saves)));
});
afterEach(() => env.dispose());

function guestCookie(): SessionCookie {
  return newGuestCookie(engine.settings, newGuestKey(), clock.nowSeconds());
}

async function open(cookie: SessionCookie, writable = true) {
  return engine.open<Shop>(cookie, { writable });
}

/** Plants a raw stored value, as a bug or a hand edit could leave it. */
async function plantValue(key: string, value: string): Promise<void> {
  const row = await env.store.load(key);
  if (!row) throw new Error("no row");
  await env.store.save({ key, customerId: row.customerId, logins: row.logins, value, expiresAt: row.expiresAt, activeUntil: row.activeUntil, items: 0, now: T0, expectedVersion: row.version });
}

describe("Session get / set / remove", () => {
  it("stores values and reads them back on the next request", async () => {
    const first = await open(guestCookie());
    first.set("note", "gift wrap");
    first.set("visits", 3);
    expect(first.get("note")).toBe("gift wrap");
    await first.save();
    expect(first.cookie.persisted).toBe(true);

    const next = await open(first.cookie);
    expect(next.get("note")).toBe("gift wrap");
    expect(next.get("visits")).toBe(3);
    expect(next.hasSession()).toBe(true);
    expect(next.getSessionData()).toEqual({ note: "gift wrap", visits: 3 });
  });

  it("returns the fallback for a missing key", async () => {
    const session = await open(guestCookie());
    expect(session.get("note")).toBeUndefined();
    expect(session.get("note", "none")).toBe("none");
  });

  it("removes a key when set to null or undefined", async () => {
    const session = await open(guestCookie());
    session.set("note", "x");
    session.set("visits", 1);
    await session.save();
    const again = await open(session.cookie);
    again.set("note", null);
    again.set("visits", undefined);
    await again.save();
    const third = await open(again.cookie);
    expect(third.getSessionData()).toEqual({});
  });

  it("never shares references with the caller", async () => {
    const session = await open(guestCookie());
    const cart = [{ productId: "p1", quantity: 1 }];
    session.set("cart", cart);
    cart[0]!.quantity = 99;
    expect(session.get("cart")).toEqual([{ productId: "p1", quantity: 1 }]);
  });
});

describe("dirty tracking", () => {
  it("writes nothing when nothing changed", async () => {
    const session = await open(guestCookie());
    session.set("note", "a");
    await session.save();
    expect(saves).toHaveLength(1);

    const again = await open(session.cookie);
    again.set("note", "a");
    again.update("visits", (v) => v);
    expect(await again.save()).toBe("unchanged");
    expect(saves).toHaveLength(1);
  });

  it("creates no row for a visitor who stored nothing", async () => {
    const session = await open(guestCookie());
    session.set("note", "x");
    session.set("note", null);
    await session.save();
    expect(saves).toHaveLength(0);
    expect(await env.store.load(session.getSessionKey())).toBeNull();
    expect(session.hasSession()).toBe(false);
  });

  it("costs no query to open a guest who never stored anything", async () => {
    const loads: string[] = [];
    const original = env.store.load.bind(env.store);
    env.store.load = async (key) => (loads.push(key), original(key));
    const session = await open(guestCookie(), false);
    expect(session.hasSession()).toBe(false);
    expect(loads).toEqual([]);
  });
});

describe("destroySession and forgetSession", () => {
  it("destroySession deletes the row and starts a new guest", async () => {
    const session = await open(guestCookie());
    session.set("note", "x");
    await session.save();
    const oldKey = session.getSessionKey();

    const again = await open(session.cookie);
    again.destroySession();
    expect(await again.save()).toBe("destroyed");
    expect(await env.store.load(oldKey)).toBeNull();
    expect(again.getSessionKey()).not.toBe(oldKey);
    expect(again.getSessionData()).toEqual({});
    expect(again.cookie.persisted).toBe(false);
  });

  it("forgetSession keeps the row but the visitor gets a new empty guest session", async () => {
    const session = await open(guestCookie());
    session.set("note", "x");
    await session.save();
    const oldKey = session.getSessionKey();

    const again = await open(session.cookie);
    again.forgetSession();
    expect(await again.save()).toBe("forgotten");
    expect(await env.store.load(oldKey)).not.toBeNull();
    expect(again.getSessionKey()).not.toBe(oldKey);
    const fresh = await open(again.cookie);
    expect(fresh.getSessionData()).toEqual({});
  });
});

describe("read-only sessions (Server Components)", () => {
  it("throws a clear error naming Server Actions and Route Handlers on any write", async () => {
    const session = await open(guestCookie(), false);
    expect(() => session.set("note", "x")).toThrow(/Server Action or a Route Handler/);
    expect(() => session.update("visits", (v) => (v ?? 0) + 1)).toThrow(expect.objectContaining({ code: "session_read_only" }));
    expect(() => session.destroySession()).toThrow(/read-only/);
  });
});

describe("compare-and-swap saves", () => {
  it("re-applies update functions when another request saved first: both changes survive", async () => {
    const seed = await open(guestCookie());
    seed.set("visits", 0);
    seed.set("cart", []);
    await seed.save();

    const a = await open(seed.cookie);
    const b = await open(seed.cookie);
    a.update("visits", (v) => (v ?? 0) + 1);
    a.update("cart", (cart) => [...(cart ?? []), { productId: "apple", quantity: 1 }]);
    b.update("visits", (v) => (v ?? 0) + 1);
    b.update("cart", (cart) => [...(cart ?? []), { productId: "pear", quantity: 2 }]);
    await a.save();
    await b.save();

    const after = await open(seed.cookie);
    expect(after.get("visits")).toBe(2);
    expect(after.get("cart")).toEqual([
      { productId: "apple", quantity: 1 },
      { productId: "pear", quantity: 2 },
    ]);
    expect(b.getCartSummary().items).toBe(3);
    // A cart change never changes the sealed identity.
    expect(b.cookie).toEqual(a.cookie);
  });

  it("keeps every one of 50 concurrent increments", async () => {
    const seed = await open(guestCookie());
    seed.set("visits", 0);
    await seed.save();
    const sessions = await Promise.all(Array.from({ length: 50 }, () => open(seed.cookie)));
    for (const s of sessions) s.update("visits", (v) => (v ?? 0) + 1);
    await Promise.all(sessions.map((s) => s.save()));
    expect((await open(seed.cookie)).get("visits")).toBe(50);
  });

  it("a concurrent first write by two requests of a new visitor keeps both", async () => {
    const cookie = guestCookie();
    const a = await open(cookie);
    const b = await open(cookie);
    a.update("visits", (v) => (v ?? 0) + 1);
    b.update("visits", (v) => (v ?? 0) + 1);
    await Promise.all([a.save(), b.save()]);
    expect((await open(a.cookie)).get("visits")).toBe(2);
  });

  it("refuses a value over the size cap and leaves the stored session as it was", async () => {
    const session = await open(guestCookie());
    session.set("note", "small");
    await session.save();
    const again = await open(session.cookie);
    again.set("note", "x".repeat(engine.settings.maxValueBytes + 1));
    await expect(again.save()).rejects.toMatchObject({ code: "session_too_large" });
    expect((await open(session.cookie)).get("note")).toBe("small");
  });
});

describe("expiry", () => {
  it("never serves an expired row, even with a valid cookie", async () => {
    const session = await open(guestCookie());
    session.set("note", "old");
    await session.save();
    // Make the row expire while the cookie still claims a future expiration.
    const row = await env.store.load(session.getSessionKey());
    await env.store.save({ ...row!, items: 0, now: T0, expiresAt: T0 + 10, expectedVersion: row!.version });
    clock.set(T0 + 11);
    const later = await open({ ...session.cookie, expiration: T0 + 100_000 });
    expect(later.get("note")).toBeUndefined();
  });

  it("carries a renewed cookie's expiration to the row", async () => {
    const session = await open(guestCookie());
    session.set("note", "x");
    await session.save();
    const renewed = { ...session.cookie, expiration: session.cookie.expiration + 5000 };
    await open(renewed, false);
    expect(await env.store.load(session.getSessionKey())).toMatchObject({ expiresAt: renewed.expiration + engine.settings.lifetimes.guestExpiration, activeUntil: renewed.expiration });
  });

  it("reads corrupt stored JSON as an empty session instead of crashing", async () => {
    const session = await open(guestCookie());
    session.set("note", "x");
    await session.save();
    await plantValue(session.getSessionKey(), "{not json");
    const again = await open(session.cookie);
    expect(again.getSessionData()).toEqual({});
    again.set("note", "fresh");
    await again.save();
    expect((await open(session.cookie)).get("note")).toBe("fresh");
  });
});

describe("take (flash data such as notices)", () => {
  it("returns the value once and removes it, even from a read-only render", async () => {
    type Flash = { notices: string[] };
    const writer = await engine.open<Flash>(guestCookie(), { writable: true });
    writer.set("notices", ["Added to cart"]);
    await writer.save();

    const render = await engine.open<Flash>(writer.cookie, { writable: false });
    expect(await render.take("notices")).toEqual(["Added to cart"]);
    const next = await engine.open<Flash>(writer.cookie, { writable: false });
    expect(await next.take("notices")).toBeUndefined();
  });

  it("keeps a notice added by a concurrent request after the render took the others", async () => {
    type Flash = { notices: string[] };
    const writer = await engine.open<Flash>(guestCookie(), { writable: true });
    writer.set("notices", ["first"]);
    await writer.save();

    const render = await engine.open<Flash>(writer.cookie, { writable: false });
    const concurrent = await engine.open<Flash>(writer.cookie, { writable: true });
    concurrent.update("notices", (n) => [...(n ?? []), "second"]);
    await concurrent.save();
    expect(await render.take("notices")).toEqual(["first"]);
    const after = await engine.open<Flash>(writer.cookie, { writable: false });
    expect(after.get("notices")).toEqual(["second"]);
  });
});

describe("Cart-Token identities", () => {
  it("read what later writes stored even when the client keeps its first token", async () => {
    const first = guestCookie();
    const token = await sealSessionCookie(engine.settings, first, T0);
    const write = await open((await engine.identify({ cartToken: token })).cookie);
    write.set("note", "stored later");
    await write.save();
    const again = await engine.identify({ cartToken: token });
    expect((await open(again.cookie, false)).get("note")).toBe("stored later");
  });
});

describe("a row's activity time", () => {
  it("moves in steps of a minute: saves within a minute of it keep it, so a busy cart does not rewrite its indexes on every change", async () => {
    const first = await open(guestCookie());
    first.set("visits", 1);
    await first.save();
    expect((await env.store.load(first.cookie.key))?.updatedAt).toBe(T0);

    clock.advance(59);
    const busy = await open(first.cookie);
    busy.set("visits", 2);
    await busy.save();
    const kept = await env.store.load(first.cookie.key);
    expect(kept?.updatedAt).toBe(T0);
    expect(engine.settings.codec.decode(kept?.value ?? "", first.cookie.key)).toEqual({ visits: 2 });

    clock.advance(1);
    const later = await open(first.cookie);
    later.set("visits", 3);
    await later.save();
    expect((await env.store.load(first.cookie.key))?.updatedAt).toBe(T0 + 60);
    expect(saves.map((write) => write.now)).toEqual([T0, T0, T0 + 60]);
  });
});
