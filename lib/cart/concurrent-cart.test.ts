import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Session } from "cartsession";
import { createCartSessions, type CartSessions } from "cartsession/next";
import { sqliteStore, type SqliteSessionStore } from "cartsession/sqlite";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { addLine, clearCart, itemCount, type CartLine } from "./model";
import { addNotice, type Notice } from "./notices";
import { updateCart } from "./session-cart";

type Shop = { cart: CartLine[]; notices: Notice[] };

let dir: string;
let store: SqliteSessionStore;
let sessions: CartSessions;

beforeEach(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "cartsession-cart-"));
  store = await sqliteStore({ file: path.join(dir, "sessions.db") });
  sessions = createCartSessions({ store, secrets: "cart-test-secret-cart-test-secret-0001", siteUrl: "http://localhost:3000" });
});
afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const request = (token: string | null) => new Request("http://localhost:3000/api/cart/items", { method: "POST", headers: token ? { "cart-token": token } : {} });

/** One Route Handler request on the session a Cart-Token names (a new guest without one); returns the session's token. */
async function inSession(token: string | null, fn: (session: Session<Shop>) => void | Promise<void>): Promise<string> {
  let next = "";
  const response = await sessions.route<unknown, Shop>(async (_request, session) => {
    await fn(session);
    await session.save();
    next = await sessions.sealCartToken(session.cookie);
    return new Response(null, { status: 204 });
  })(request(token), undefined);
  expect(response.status).toBe(204);
  return next;
}

const read = (token: string) => sessions.readSession<Shop>(request(token));

/** A stored session, as a returning shopper's Cart-Token names it. */
const storedSession = () => inSession(null, (first) => updateCart(first, (lines) => addLine(lines, "linen-apron", 1)));

describe("cart changes through updateCart (session.update)", () => {
  it("never lose a line when many requests add to one cart at once", async () => {
    const cookie = await storedSession();
    const products = Array.from({ length: 30 }, (_, i) => `product-${i}`);
    await Promise.all(
      products.map((productId) =>
        inSession(cookie, (session) => {
          updateCart(session, (lines) => addLine(lines, productId, 2));
          addNotice(session, "success", `Added ${productId}`);
        }),
      ),
    );
    const after = await read(cookie);
    const cart = after.get("cart", []);
    expect(cart).toHaveLength(31);
    expect(itemCount(cart)).toBe(61);
    expect(after.get("notices", [])).toHaveLength(10); // only the latest notices wait
  });

  it("add the units of concurrent adds of the same product to one line", async () => {
    const cookie = await storedSession();
    await Promise.all(
      Array.from({ length: 25 }, () => inSession(cookie, (session) => updateCart(session, (lines) => addLine(lines, "linen-apron", 1)))),
    );
    const after = await read(cookie);
    expect(after.get("cart")).toEqual([{ productId: "linen-apron", quantity: 26 }]);
  });

  it("keep the cart summary (items_in_cart, cart_hash) in step with the saved cart, without changing who the cookie names", async () => {
    await inSession(null, async (session) => {
      updateCart(session, (lines) => addLine(addLine(lines, "linen-apron", 2), "enamel-mug", 1));
      await session.save();
      const identity = session.cookie;
      expect(session.getCartSummary().items).toBe(3);
      expect(session.getCartSummary().cartHash).toMatch(/^[0-9a-f]{32}$/);
      expect((await store.load(session.getSessionKey()))?.customerId).toBeNull();
      updateCart(session, clearCart);
      await session.save();
      expect(session.getCartSummary()).toEqual({ items: 0, cartHash: "" });
      expect(session.cookie).toBe(identity);
      expect(session.getSessionData()).toEqual({}); // an emptied cart leaves no key behind
    });
  });
});
