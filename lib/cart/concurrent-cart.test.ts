import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { testConfig } from "../../test/helpers/config";
import { tempSqliteStore } from "../../test/helpers/sqlite";
import { manualClock } from "../session/clock";
import { newSessionCookie, type SessionCookie } from "../session/cookie";
import { generateGuestKey } from "../session/keys";
import { Session, type SessionDeps } from "../session/session";
import { addLine, clearCart, itemCount } from "./model";
import { addNotice, type Notice } from "./notices";
import { updateCart } from "./session-cart";
import type { CartLine } from "./summary";

type Shop = { cart: CartLine[]; notices: Notice[] };

const config = testConfig();
const clock = manualClock(1_800_000_000);
let env: ReturnType<typeof tempSqliteStore>;
let deps: SessionDeps;

beforeEach(() => {
  env = tempSqliteStore();
  deps = { store: env.store, config, clock, backoff: async () => {} };
});
afterEach(() => env.dispose());

/** A stored session, as a returning shopper's cookie names it. */
async function storedSession(): Promise<SessionCookie> {
  const first = await Session.open<Shop>(deps, { cookie: newSessionCookie(config, generateGuestKey(), clock.nowSeconds()), writable: true });
  updateCart(first, (lines) => addLine(lines, "linen-apron", 1));
  await first.save();
  return first.cookie;
}

describe("cart changes through updateCart (session.update)", () => {
  it("never lose a line when many requests add to one cart at once", async () => {
    const cookie = await storedSession();
    const products = Array.from({ length: 30 }, (_, i) => `product-${i}`);
    await Promise.all(
      products.map(async (productId) => {
        const session = await Session.open<Shop>(deps, { cookie, writable: true });
        updateCart(session, (lines) => addLine(lines, productId, 2));
        addNotice(session, "success", `Added ${productId}`);
        await session.save();
      }),
    );
    const after = await Session.open<Shop>(deps, { cookie, writable: false });
    const cart = after.get("cart", []);
    expect(cart).toHaveLength(31);
    expect(itemCount(cart)).toBe(61);
    expect(after.get("notices", [])).toHaveLength(10); // only the latest notices wait
  });

  it("add the units of concurrent adds of the same product to one line", async () => {
    const cookie = await storedSession();
    await Promise.all(
      Array.from({ length: 25 }, async () => {
        const session = await Session.open<Shop>(deps, { cookie, writable: true });
        updateCart(session, (lines) => addLine(lines, "linen-apron", 1));
        await session.save();
      }),
    );
    const after = await Session.open<Shop>(deps, { cookie, writable: false });
    expect(after.get("cart")).toEqual([{ productId: "linen-apron", quantity: 26 }]);
  });

  it("keep the session cookie's item count and hash in step with the saved cart", async () => {
    const session = await Session.open<Shop>(deps, { cookie: newSessionCookie(config, generateGuestKey(), clock.nowSeconds()), writable: true });
    updateCart(session, (lines) => addLine(addLine(lines, "linen-apron", 2), "enamel-mug", 1));
    await session.save();
    expect(session.cookie.items).toBe(3);
    expect(session.cookie.cartHash).toMatch(/^[0-9a-f]{32}$/);
    updateCart(session, clearCart);
    await session.save();
    expect(session.cookie.items).toBe(0);
    expect(session.cookie.cartHash).toBe("");
    expect(session.getSessionData()).toEqual({}); // an emptied cart leaves no key behind
  });
});
