import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { testConfig } from "../../test/helpers/config";
import { tempSqliteStore } from "../../test/helpers/sqlite";
import { manualClock } from "./clock";
import { newSessionCookie, type SessionCookie } from "./cookie";
import { generateGuestKey, isGuestKey } from "./keys";
import { moveSessionToUser, setLoginHooks } from "./login";
import { mergeCarts, mergeSessionValue } from "./merge";
import { Session, type SessionDeps } from "./session";

const T0 = 1_800_000_000;
const config = testConfig();
const clock = manualClock(T0);
let env: ReturnType<typeof tempSqliteStore>;
let deps: SessionDeps;

beforeEach(() => {
  env = tempSqliteStore();
  clock.set(T0);
  deps = { store: env.store, config, clock, backoff: async () => {} };
});
afterEach(async () => {
  setLoginHooks({});
  await env.dispose();
});

async function guestWith(data: Record<string, unknown>): Promise<SessionCookie> {
  const session = await Session.open(deps, { cookie: newSessionCookie(config, generateGuestKey(), T0), writable: true });
  for (const [k, v] of Object.entries(data)) session.set(k, v);
  await session.save();
  return session.cookie;
}

const read = (cookie: SessionCookie) => Session.open(deps, { cookie, writable: false });

describe("merge rules", () => {
  it("sums quantities of the same product and caps them at 999", () => {
    expect(
      mergeCarts(
        [{ productId: "a", quantity: 2 }, { productId: "b", quantity: 998 }],
        [{ productId: "b", quantity: 5 }, { productId: "c", quantity: 1 }],
      ),
    ).toEqual([
      { productId: "a", quantity: 2 },
      { productId: "b", quantity: 999 },
      { productId: "c", quantity: 1 },
    ]);
  });

  it("appends lists, merges objects with the guest winning, and prefers the guest's scalars", () => {
    expect(mergeSessionValue("notices", ["old"], ["new"])).toEqual(["old", "new"]);
    expect(mergeSessionValue("checkout", { email: "a@x", city: "Oslo" }, { email: "b@x" })).toEqual({ email: "b@x", city: "Oslo" });
    expect(mergeSessionValue("note", "customer", "guest")).toBe("guest");
    expect(mergeSessionValue("note", "customer", undefined)).toBe("customer");
  });
});

describe("login moves the guest session to the customer", () => {
  it("keeps the guest's cart under the user's key, deletes the guest row and fires the hook", async () => {
    const events: [string, string][] = [];
    setLoginHooks({ guestSessionToUser: (g, u) => void events.push([g, u]) });
    const guest = await guestWith({ cart: [{ productId: "apron", quantity: 2 }], note: "gift" });

    const user = await moveSessionToUser(deps, guest, "17");
    expect(user.customerId).toBe("17");
    expect(user.persisted).toBe(true);
    expect(user.items).toBe(2);
    expect(user.expiration).toBe(T0 + config.userExpiration);
    const session = await read(user);
    expect(session.get("cart")).toEqual([{ productId: "apron", quantity: 2 }]);
    expect(session.get("note")).toBe("gift");
    expect(await env.store.load(guest.customerId)).toBeNull();
    expect(events).toEqual([[guest.customerId, "17"]]);
  });

  it("leaves the old guest cookie reaching nothing of the customer's (no fixation)", async () => {
    const guest = await guestWith({ cart: [{ productId: "apron", quantity: 1 }] });
    await moveSessionToUser(deps, guest, "17");
    const replayed = await read(guest);
    expect(replayed.getCustomerId()).toBe(guest.customerId);
    expect(replayed.getSessionData()).toEqual({});
  });

  it("merges with the cart the customer left on another device", async () => {
    const laptop = await guestWith({ cart: [{ productId: "apron", quantity: 1 }, { productId: "mug", quantity: 1 }] });
    await moveSessionToUser(deps, laptop, "17");
    const phone = await guestWith({ cart: [{ productId: "mug", quantity: 2 }] });
    const user = await moveSessionToUser(deps, phone, "17");
    expect((await read(user)).get("cart")).toEqual([
      { productId: "apron", quantity: 1 },
      { productId: "mug", quantity: 3 },
    ]);
    expect(user.items).toBe(4);
  });

  it("creates the customer's row even when the guest stored nothing", async () => {
    const guest = newSessionCookie(config, generateGuestKey(), T0);
    const user = await moveSessionToUser(deps, guest, "18");
    expect(await env.store.load("18")).not.toBeNull();
    expect((await read(user)).hasSession()).toBe(true);
  });

  it("never merges one customer's session into another's", async () => {
    const first = await moveSessionToUser(deps, await guestWith({ cart: [{ productId: "apron", quantity: 1 }] }), "1");
    const second = await moveSessionToUser(deps, first, "2");
    expect((await read(second)).get("cart")).toBeUndefined();
    expect((await read(first)).get("cart")).toEqual([{ productId: "apron", quantity: 1 }]);
  });

  it("refuses a user id that could not be a session key", async () => {
    const guest = newSessionCookie(config, generateGuestKey(), T0);
    await expect(moveSessionToUser(deps, guest, "t_" + "a".repeat(30))).rejects.toThrow(TypeError);
    await expect(moveSessionToUser(deps, guest, "x'; drop table")).rejects.toThrow(TypeError);
  });
});

describe("logout", () => {
  it("destroys the customer's session; a cookie naming the user id then gives a fresh guest", async () => {
    const user = await moveSessionToUser(deps, await guestWith({ cart: [{ productId: "apron", quantity: 1 }] }), "17");
    const session = await Session.open(deps, { cookie: user, writable: true });
    session.destroySession();
    await session.save();
    expect(isGuestKey(session.getCustomerId())).toBe(true);
    expect(session.cookie.items).toBe(0);

    const stale = await read(user);
    expect(isGuestKey(stale.getCustomerId())).toBe(true);
    expect(stale.getSessionData()).toEqual({});
  });
});
