import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { newGuestCookie, type SessionCookie } from "./cookie.js";
import type { SessionEngine } from "./engine.js";
import { newGuestKey } from "./keys.js";
import { applyMergePolicy } from "./merge.js";
import type { GuestToCustomerEvent } from "./options.js";
import { T0, tempSqlite, testEngine, type TempSqlite } from "./test-helpers.js";

type Shop = { cart: { productId: string; quantity: number }[]; notices: string[]; checkout: Record<string, string>; note: string };
const UUID = "550e8400-e29b-41d4-a716-446655440000";
const ctx = { customerId: "1", cartKey: "cart" };

let env: TempSqlite;
let engine: SessionEngine;
let events: GuestToCustomerEvent[];

beforeEach(async () => {
  env = await tempSqlite();
  events = [];
  ({ engine } = testEngine(env.store, { hooks: { guestSessionToCustomer: (e) => void events.push(e) } }));
});
afterEach(() => env.dispose());

/** A browser's request: open with its cookie state, change, save; returns the new state. */
async function visit(cookie: SessionCookie | null, change?: (s: Awaited<ReturnType<typeof engine.open<Shop>>>) => void): Promise<SessionCookie> {
  const session = await engine.open<Shop>(cookie ?? newGuestCookie(engine.settings, newGuestKey(), T0), { writable: true });
  change?.(session);
  await session.save();
  return session.cookie;
}
const read = (cookie: SessionCookie) => engine.open<Shop>(cookie, { writable: false });
const guestWithCart = (lines: Shop["cart"]) => visit(null, (s) => s.set("cart", lines));

describe("merge policies", () => {
  it("merge: sums quantities of the same product (capped at 999), appends lists, merges objects with the guest winning", () => {
    const merged = applyMergePolicy(
      "merge",
      { cart: [{ productId: "a", quantity: 600 }, { productId: "b", quantity: 1 }], notices: ["g"], checkout: { email: "guest@x" }, note: "guest" },
      { cart: [{ productId: "a", quantity: 500 }], notices: ["c"], checkout: { email: "old@x", name: "Ann" }, note: "customer" },
      ctx,
    );
    expect(merged).toEqual({
      cart: [{ productId: "a", quantity: 999 }, { productId: "b", quantity: 1 }],
      notices: ["c", "g"],
      checkout: { email: "guest@x", name: "Ann" },
      note: "guest",
    });
  });

  it("keep-guest: a guest's cart replaces the saved one; keep-customer: the saved cart wins", () => {
    const guest = { cart: [{ productId: "g", quantity: 1 }] };
    const customer = { cart: [{ productId: "c", quantity: 2 }], note: "kept" };
    expect(applyMergePolicy("keep-guest", guest, customer, ctx)).toEqual({ cart: [{ productId: "g", quantity: 1 }], note: "kept" });
    expect(applyMergePolicy("keep-customer", guest, customer, ctx)).toEqual(customer);
    expect(applyMergePolicy("keep-customer", guest, { note: "x" }, ctx)).toEqual({ note: "x", cart: [{ productId: "g", quantity: 1 }] });
  });

  it("a custom policy gets copies and returns what to keep", () => {
    const guest = { cart: [{ productId: "g", quantity: 1 }] };
    const result = applyMergePolicy((g, c) => ({ ...c, fromGuest: Object.keys(g).length }), guest, { note: "n" }, ctx);
    expect(result).toEqual({ note: "n", fromGuest: 1 });
  });

  it("is chosen in the options and applied at login", async () => {
    const keepCustomer = testEngine(env.store, { login: { merge: "keep-customer" } }).engine;
    await visit((await keepCustomer.logIn(await guestWithCart([{ productId: "saved", quantity: 1 }]), "7")).cookie);
    const login = await keepCustomer.logIn(await guestWithCart([{ productId: "new", quantity: 1 }]), "7");
    expect((await keepCustomer.open<Shop>(login.cookie, { writable: false })).get("cart")).toEqual([{ productId: "saved", quantity: 1 }]);
  });
});

describe("login moves the guest session to the customer", () => {
  it("keeps the guest's cart under the customer's session, deletes the guest row and fires the hook", async () => {
    const guest = await guestWithCart([{ productId: "mug", quantity: 2 }]);
    const { cookie, cart } = await engine.logIn(guest, UUID);
    expect(cookie).toMatchObject({ customerId: UUID, persisted: true });
    expect(cookie.key).toMatch(/^c_[0-9a-f]{30}$/);
    expect(cart.items).toBe(2);
    expect((await read(cookie)).get("cart")).toEqual([{ productId: "mug", quantity: 2 }]);
    expect(await env.store.load(guest.key)).toBeNull();
    expect(events).toEqual([{ guestKey: guest.key, customerId: UUID, sessionKey: cookie.key }]);
  });

  it("leaves the old guest cookie reaching nothing of the customer's (no fixation)", async () => {
    const guest = await guestWithCart([{ productId: "mug", quantity: 2 }]);
    await engine.logIn(guest, "5");
    const old = await read(guest);
    expect(old.isGuest()).toBe(true);
    expect(old.getSessionData()).toEqual({});
  });

  it("creates the customer's session even when the guest stored nothing", async () => {
    const { cookie } = await engine.logIn(newGuestCookie(engine.settings, newGuestKey(), T0), "6");
    expect((await env.store.load(cookie.key))?.customerId).toBe("6");
    expect((await read(cookie)).isGuest()).toBe(false);
  });

  it("accepts Auth.js UUIDs, cuids, prefixed and 255-character ids; refuses what could not be an id", async () => {
    for (const id of [UUID, "cjld2cjxh0000qzrmn831i7rn", "user_2abcXYZ", "x".repeat(255)]) {
      const { cookie } = await engine.logIn(newGuestCookie(engine.settings, newGuestKey(), T0), id);
      expect((await read(cookie)).getCustomerId()).toBe(id);
    }
    for (const bad of ["", "x".repeat(256), "a\nb"]) {
      await expect(engine.logIn(newGuestCookie(engine.settings, newGuestKey(), T0), bad)).rejects.toMatchObject({ code: "invalid_customer_id" });
    }
  });

  it("never merges one customer's session into another's: switching accounts logs the first out", async () => {
    const first = await engine.logIn(await guestWithCart([{ productId: "a", quantity: 1 }]), "1");
    const second = await engine.logIn(first.cookie, "2");
    expect((await read(second.cookie)).get("cart")).toBeUndefined();
    expect((await read(first.cookie)).isGuest()).toBe(true);
  });

  it("a login presenting another customer's Cart-Token logs that customer out first: nothing crosses over, their cart stays theirs", async () => {
    // Someone else's token (a shared device, a copied token): customer 21 has a cart.
    const owner = await engine.logIn(await guestWithCart([{ productId: "mug", quantity: 4 }]), "21");
    const token = await engine.seal(owner.cookie);
    const presented = (await engine.identify({ cartToken: token })).cookie;
    expect(presented.customerId).toBe("21");
    // Customer 22 logs in while the request carries 21's token.
    const login = await engine.logIn(presented, "22");
    const mine = await read(login.cookie);
    expect(mine.getCustomerId()).toBe("22");
    expect(mine.get("cart")).toBeUndefined();
    // That login of 21's is revoked (the token is a guest now); 21's cart waits for 21's next login.
    expect((await engine.open<Shop>((await engine.identify({ cartToken: token })).cookie, { writable: false })).isGuest()).toBe(true);
    const back = await engine.logIn(newGuestCookie(engine.settings, newGuestKey(), T0), "21");
    expect((await read(back.cookie)).get("cart")).toEqual([{ productId: "mug", quantity: 4 }]);
  });

  it("is a no-op for a visitor already logged in as that customer", async () => {
    const first = await engine.logIn(await guestWithCart([{ productId: "a", quantity: 1 }]), "3");
    const again = await engine.logIn(first.cookie, "3");
    expect(again.cookie).toEqual(first.cookie);
  });
});

describe("two devices, one cart (WooCommerce semantics)", () => {
  it("merges a second device's guest cart into the customer's and shows both devices the same cart", async () => {
    const phone = await engine.logIn(await guestWithCart([{ productId: "mug", quantity: 1 }]), UUID);
    const laptop = await engine.logIn(await guestWithCart([{ productId: "mug", quantity: 2 }, { productId: "tote", quantity: 1 }]), UUID);
    expect(laptop.cookie.key).toBe(phone.cookie.key);
    expect((await read(phone.cookie)).get("cart")).toEqual([{ productId: "mug", quantity: 3 }, { productId: "tote", quantity: 1 }]);
    await visit(laptop.cookie, (s) => s.update("cart", (lines) => [...(lines ?? []), { productId: "soap", quantity: 1 }]));
    expect((await read(phone.cookie)).get("cart")).toHaveLength(3);
  });

  it("survives two first logins racing: one customer session, both carts in it", async () => {
    const [a, b] = await Promise.all([
      engine.logIn(await guestWithCart([{ productId: "a", quantity: 1 }]), "race"),
      engine.logIn(await guestWithCart([{ productId: "b", quantity: 1 }]), "race"),
    ]);
    expect(a.cookie.key).toBe(b.cookie.key);
    const cart = (await read(a.cookie)).get("cart") ?? [];
    expect(cart.map((l) => l.productId).sort()).toEqual(["a", "b"]);
  });
});

describe("logout revokes that login for good", () => {
  it("turns every copy of the cookie into a fresh guest, also after the customer logs in again anywhere", async () => {
    const login = await engine.logIn(await guestWithCart([{ productId: "mug", quantity: 1 }]), UUID);
    const stolen = { ...login.cookie };
    const after = await engine.logOut(login.cookie);
    expect(after).toMatchObject({ customerId: null, persisted: false });
    expect((await read(stolen)).isGuest()).toBe(true);
    expect((await read(stolen)).revoked).toBe(true);
    const again = await engine.logIn(newGuestCookie(engine.settings, newGuestKey(), T0), UUID);
    expect((await read(again.cookie)).get("cart")).toEqual([{ productId: "mug", quantity: 1 }]);
    const copy = await read(stolen);
    expect(copy.isGuest()).toBe(true);
    expect(copy.getSessionData()).toEqual({});
    // A write through the revoked copy lands in a new guest session, never the customer's.
    const written = await visit(stolen, (s) => s.set("note", "attacker"));
    expect(written.customerId).toBeNull();
    expect((await read(again.cookie)).get("note")).toBeUndefined();
  });

  it("ends only this device; the other stays logged in unless 'everywhere' is chosen", async () => {
    const phone = await engine.logIn(newGuestCookie(engine.settings, newGuestKey(), T0), "9");
    const laptop = await engine.logIn(newGuestCookie(engine.settings, newGuestKey(), T0), "9");
    await engine.logOut(phone.cookie);
    expect((await read(laptop.cookie)).isGuest()).toBe(false);
    const tablet = await engine.logIn(newGuestCookie(engine.settings, newGuestKey(), T0), "9");
    await engine.logOut(tablet.cookie, { everywhere: true });
    expect((await read(laptop.cookie)).isGuest()).toBe(true);
  });

  it("logOutEverywhere revokes all logins and keeps the cart for the next login", async () => {
    const login = await engine.logIn(await guestWithCart([{ productId: "mug", quantity: 4 }]), "10");
    expect(await engine.logOutEverywhere("10")).toBe(true);
    expect((await read(login.cookie)).isGuest()).toBe(true);
    const again = await engine.logIn(newGuestCookie(engine.settings, newGuestKey(), T0), "10");
    expect((await read(again.cookie)).get("cart")).toEqual([{ productId: "mug", quantity: 4 }]);
    expect(await engine.logOutEverywhere("nobody")).toBe(false);
  });

  it("with persistentCart off, the last logout deletes the customer's session", async () => {
    const strict = testEngine(env.store, { login: { persistentCart: false } }).engine;
    const login = await strict.logIn(await guestWithCart([{ productId: "mug", quantity: 1 }]), "11");
    await strict.logOut(login.cookie);
    expect(await env.store.loadByCustomer("11")).toBeNull();
    const again = await strict.logIn(newGuestCookie(strict.settings, newGuestKey(), T0), "11");
    expect((await strict.open<Shop>(again.cookie, { writable: false })).get("cart")).toBeUndefined();
  });

  it("a guest's logout destroys the guest session", async () => {
    const guest = await guestWithCart([{ productId: "mug", quantity: 1 }]);
    await engine.logOut(guest);
    expect(await env.store.load(guest.key)).toBeNull();
  });

  it("revokes a Cart-Token of that login the same way", async () => {
    const login = await engine.logIn(await guestWithCart([{ productId: "mug", quantity: 1 }]), "12");
    const token = await engine.seal(login.cookie);
    await engine.logOut(login.cookie);
    await engine.logIn(newGuestCookie(engine.settings, newGuestKey(), T0), "12");
    const identity = await engine.identify({ cartToken: token });
    const session = await engine.open<Shop>(identity.cookie, { writable: false });
    expect(session.isGuest()).toBe(true);
    expect(session.get("cart")).toBeUndefined();
  });

  it("keeps only the newest logins per customer (maxDevices)", async () => {
    const limited = testEngine(env.store, { login: { maxDevices: 2 } }).engine;
    const first = await limited.logIn(newGuestCookie(limited.settings, newGuestKey(), T0), "13");
    await limited.logIn(newGuestCookie(limited.settings, newGuestKey(), T0), "13");
    const third = await limited.logIn(newGuestCookie(limited.settings, newGuestKey(), T0), "13");
    expect((await limited.open(first.cookie, { writable: false })).isGuest()).toBe(true);
    expect((await limited.open(third.cookie, { writable: false })).isGuest()).toBe(false);
  });
});
