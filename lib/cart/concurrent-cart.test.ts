import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createSessionEngine, type SessionCookie, type SessionEngine } from "cartsession";
import { sqliteStore, type SqliteSessionStore } from "cartsession/sqlite";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { addLine, clearCart, itemCount, type CartLine } from "./model";
import { addNotice, type Notice } from "./notices";
import { updateCart } from "./session-cart";

type Shop = { cart: CartLine[]; notices: Notice[] };

let dir: string;
let store: SqliteSessionStore;
let engine: SessionEngine;

beforeEach(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "cartsession-cart-"));
  store = await sqliteStore({ file: path.join(dir, "sessions.db") });
  engine = createSessionEngine({ store, secrets: "cart-test-secret-cart-test-secret-0001", siteUrl: "http://localhost:3000" });
});
afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const open = (cookie: SessionCookie, writable = true) => engine.open<Shop>(cookie, { writable });

/** A stored session, as a returning shopper's cookie names it. */
async function storedSession(): Promise<SessionCookie> {
  const first = await open((await engine.identify({})).cookie);
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
        const session = await open(cookie);
        updateCart(session, (lines) => addLine(lines, productId, 2));
        addNotice(session, "success", `Added ${productId}`);
        await session.save();
      }),
    );
    const after = await open(cookie, false);
    const cart = after.get("cart", []);
    expect(cart).toHaveLength(31);
    expect(itemCount(cart)).toBe(61);
    expect(after.get("notices", [])).toHaveLength(10); // only the latest notices wait
  });

  it("add the units of concurrent adds of the same product to one line", async () => {
    const cookie = await storedSession();
    await Promise.all(
      Array.from({ length: 25 }, async () => {
        const session = await open(cookie);
        updateCart(session, (lines) => addLine(lines, "linen-apron", 1));
        await session.save();
      }),
    );
    const after = await open(cookie, false);
    expect(after.get("cart")).toEqual([{ productId: "linen-apron", quantity: 26 }]);
  });

  it("keep the cart summary (items_in_cart, cart_hash) in step with the saved cart, without changing who the cookie names", async () => {
    const session = await open((await engine.identify({})).cookie);
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
